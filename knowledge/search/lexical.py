"""BM25 over folded Vietnamese text: word unigrams + bigrams.

Each procedure is represented by several short entries, scored separately,
and keeps its best one: the official entry (name, boosted, plus field and
result) and one entry per curated alias. Scoring aliases one by one keeps a
long alias list from diluting them (BM25 length normalisation would otherwise
punish the best-curated procedures) and lets an exact alias match score high.

A procedure's lexical score is the F-measure of two coverages of its best
entry: how much of the query the entry explains (BM25 over the query's
ceiling) and how much of the entry the query mentions (BM25 over the entry's
own ceiling). The first alone favours long entries that happen to share many
words; the second alone favours tiny entries. Both are in [0, 1], which keeps
the score comparable across queries. For a long message the F-measure leans
towards the second (recall_weight).

Every entry is indexed twice: folded (so "lam lai can cuoc" matches) and with
its diacritics (marked terms), which only queries typed with diacritics use --
then "sổ đỏ" prefers "sổ" over "sơ đồ".
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .documents import SearchDocument
from .text import (
    ACCENTED_MARK,
    accented_words,
    document_words,
    has_diacritics,
    is_filler,
    query_words,
    with_bigrams,
)
from .variants import name_variants

OFFICIAL_FIELD_WEIGHTS = {"name": 3.0, "field": 1.0, "result": 0.5}
ALIAS_WEIGHT = 3.0
# An alias is the citizen's own wording, so its best match counts a little more
# than an equally good match on the official name.
ALIAS_BOOST = 1.15
# Generated name variants (variants.py: the name's head, citizen-worded copies).
VARIANT_WEIGHT = 3.0
VARIANT_BOOST = 1.0
OFFICIAL, VARIANT, ALIAS = 0, 1, 2
K1 = 1.2
B = 0.75
# A long message says much that no procedure name explains (who, when, why), so its query
# coverage is low even for the right procedure. The F-measure then weighs entry coverage (how much
# of the procedure's wording the message says) more: beta grows with the message's informative
# words, from 1 (up to BETA_WORDS words) to MAX_BETA. Dev sets, pre-gate: top-1 91.1 -> 91.6,
# top-3 96.7 -> 97.3, no set lower; a fixed beta of 2 helped the realistic sets but cost short
# procedure-naming queries (procedure_dev2) 3.5 points of top-1.
BETA_WORDS = 10
MAX_BETA = 2.0


def _terms(text: str) -> list[str]:
    folded = with_bigrams(document_words(text))
    accented = [ACCENTED_MARK + t for t in with_bigrams(accented_words(text))]
    return folded + accented


def official_entry(document: SearchDocument) -> Counter:
    weighted: Counter = Counter()
    for field, weight in OFFICIAL_FIELD_WEIGHTS.items():
        for term in _terms(getattr(document, field)):
            weighted[term] += weight
    return weighted


def alias_entry(alias: str, weight: float = ALIAS_WEIGHT) -> Counter:
    return Counter({term: weight * n for term, n in Counter(_terms(alias)).items()})


def recall_weight(terms: list[str]) -> float:
    """The F-measure's beta for a query's informative terms (see BETA_WORDS)."""
    words = sum("_" not in t and not t.startswith(ACCENTED_MARK) for t in terms)
    return min(MAX_BETA, max(1.0, words / BETA_WORDS))


def query_terms(text: str) -> list[str]:
    """Informative query terms: filler words ("ở đâu", "cho tôi hỏi") are dropped."""
    terms = with_bigrams(query_words(text))
    if has_diacritics(text):
        terms += [ACCENTED_MARK + t for t in with_bigrams(accented_words(text))]
    return [t for t in dict.fromkeys(terms) if not is_filler(t)]


class LexicalIndex:
    def __init__(self, documents: Sequence[SearchDocument]):
        self.size = len(documents)
        entries: list[tuple[int, Counter, int]] = []
        for i, document in enumerate(documents):
            entries.append((i, official_entry(document), OFFICIAL))
            entries.extend((i, alias_entry(v, VARIANT_WEIGHT), VARIANT) for v in name_variants(document.name))
            entries.extend((i, alias_entry(alias), ALIAS) for alias in document.aliases)
        self._owner = np.array([owner for owner, _, _ in entries], dtype=np.int64)
        kinds = np.array([kind for _, _, kind in entries], dtype=np.int64)
        self._boost = np.choose(kinds, [1.0, VARIANT_BOOST, ALIAS_BOOST])
        lengths = np.array([sum(terms.values()) for _, terms, _ in entries], dtype=np.float64)
        # Length is judged against entries of the same kind (names, variants, aliases).
        average = np.choose(kinds, [_mean(lengths[kinds == kind]) for kind in (OFFICIAL, VARIANT, ALIAS)])
        self._norm = K1 * (1 - B + B * lengths / average)

        self._postings = Postings([terms for _, terms, _ in entries])
        # Document frequency counts procedures, not entries: ten aliases of one
        # procedure sharing a word must not make that word look common.
        self._idf = {t: self._idf_for(len(set(self._owner[ids]))) for t, (ids, _) in self._postings.items()}
        self._unseen_idf = self._idf_for(0)
        # Each entry's best possible score, for folded-only queries and for
        # queries typed with diacritics (which also use the accented terms).
        self._own_ceiling_folded = np.zeros(len(entries))
        self._own_ceiling_accented = np.zeros(len(entries))
        for entry, (_, terms, _) in enumerate(entries):
            for term, tf in terms.items():
                if is_filler(term):
                    continue
                value = self._idf[term] * tf * (K1 + 1) / (tf + self._norm[entry]) * self._boost[entry]
                self._own_ceiling_accented[entry] += value
                if not term.startswith(ACCENTED_MARK):
                    self._own_ceiling_folded[entry] += value

    def _idf_for(self, df: int) -> float:
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def _entry_scores(self, terms: list[str]) -> np.ndarray:
        scores = np.zeros(len(self._owner), dtype=np.float64)
        for term in terms:
            posting = self._postings.get(term)
            if posting is None:
                continue
            ids, tf = posting
            scores[ids] += self._idf[term] * tf * (K1 + 1) / (tf + self._norm[ids])
        return scores * self._boost

    def ceiling(self, terms: list[str]) -> float:
        """Score of a perfect match: every query term saturated. Words the catalogue
        has never seen count at full weight, so off-topic queries normalise low."""
        return sum(self._idf.get(t, self._unseen_idf) * (K1 + 1) for t in terms)

    def known_word_share(self, text: str) -> float:
        """Share of the message's words (folded) that occur anywhere in the catalogue."""
        words = query_words(text, translate=False)  # English stays English: the dense side reads it
        return sum(w in self._postings for w in words) / len(words) if words else 0.0

    def _coverages(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Per entry: query coverage, entry coverage and their F-measure (None: no informative term)."""
        terms = query_terms(text)
        ceiling = self.ceiling(terms)
        if ceiling <= 0:
            return None
        raw = self._entry_scores(terms)
        accented = any(t.startswith(ACCENTED_MARK) for t in terms)
        own = self._own_ceiling_accented if accented else self._own_ceiling_folded
        query_coverage = np.clip(raw / ceiling, 0.0, 1.0)
        entry_coverage = np.clip(raw / np.maximum(own, 1e-9), 0.0, 1.0)
        beta2 = recall_weight(terms) ** 2
        f_measure = ((1 + beta2) * query_coverage * entry_coverage
                     / np.maximum(beta2 * query_coverage + entry_coverage, 1e-9))
        return query_coverage, entry_coverage, f_measure

    def normalised_scores(self, text: str) -> np.ndarray:
        """Per procedure, the best entry's F-measure of query and entry coverage, in [0, 1]."""
        best = np.zeros(self.size, dtype=np.float64)
        coverages = self._coverages(text)
        if coverages is None:
            return best
        np.maximum.at(best, self._owner, coverages[2])
        return best

    def match_parts(self, text: str, document: int) -> tuple[float, float, float]:
        """For one procedure's best entry: (F-measure, query coverage, entry coverage). How much
        of the message the procedure explains and how much of the procedure the message says."""
        coverages = self._coverages(text)
        if coverages is None:
            return 0.0, 0.0, 0.0
        query_coverage, entry_coverage, f_measure = (c[self._owner == document] for c in coverages)
        best = int(np.argmax(f_measure))
        return float(f_measure[best]), float(query_coverage[best]), float(entry_coverage[best])


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else 1.0


class Postings:
    """term -> (entry ids, term frequencies) as views into two flat arrays (CSR layout): the
    same arrays a dict of per-term arrays would hold, without ~150,000 small array objects and
    the tuples they were built from (measured: most of the search's resident memory)."""

    def __init__(self, rows: Sequence[Counter]):
        slot: dict[str, int] = {}
        terms, ids, tfs = [], [], []
        for row, counts in enumerate(rows):
            terms.extend(slot.setdefault(term, len(slot)) for term in counts)
            ids.append(np.full(len(counts), row, dtype=np.int64))
            tfs.extend(counts.values())
        term_of = np.array(terms, dtype=np.int64)
        order = np.argsort(term_of, kind="stable")   # per term, rows stay in ascending order
        self._ids = np.concatenate(ids)[order] if ids else np.zeros(0, dtype=np.int64)
        self._tf = np.array(tfs, dtype=np.float64)[order]
        self._start = np.searchsorted(term_of[order], np.arange(len(slot) + 1))
        self._slot = slot

    def __contains__(self, term: str) -> bool:
        return term in self._slot

    def __len__(self) -> int:
        return len(self._slot)

    def get(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        index = self._slot.get(term)
        if index is None:
            return None
        start, end = self._start[index], self._start[index + 1]
        return self._ids[start:end], self._tf[start:end]

    def items(self):
        for term in self._slot:
            yield term, self.get(term)


class DetailIndex:
    """BM25 over each procedure's longer official text (SearchDocument.details), as a
    share of the query it explains (0..1). Kept apart from the name/alias entries so
    long texts neither dilute them nor count as a match on their own."""

    def __init__(self, documents: Sequence[SearchDocument]):
        texts = [Counter(_terms(d.details)) for d in documents]
        self.size = len(documents)
        lengths = np.array([sum(t.values()) for t in texts], dtype=np.float64)
        self._norm = K1 * (1 - B + B * lengths / max(_mean(lengths), 1e-9))
        self._postings = Postings(texts)

    def _idf(self, term: str) -> float:
        posting = self._postings.get(term)
        df = len(posting[0]) if posting is not None else 0
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def coverage(self, text: str) -> np.ndarray:
        terms = query_terms(text)
        scores = np.zeros(self.size, dtype=np.float64)
        ceiling = sum(self._idf(t) * (K1 + 1) for t in terms)
        if ceiling <= 0:
            return scores
        for term in terms:
            posting = self._postings.get(term)
            if posting is None:
                continue
            ids, tf = posting
            scores[ids] += self._idf(term) * tf * (K1 + 1) / (tf + self._norm[ids])
        return np.clip(scores / ceiling, 0.0, 1.0)
