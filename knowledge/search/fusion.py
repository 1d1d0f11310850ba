"""Combining lexical and dense evidence into one ranking and a score in [0, 1].

Both signals are first put on an absolute 0..1 scale (lexical: coverage
F-measure, see lexical.py; dense: cosine mapped between "typical" and
"near-paraphrase" levels), so the fused score means roughly the same thing
from one query to the next and can be thresholded for "no match".
Reciprocal-rank fusion is kept for comparison: on the dev set it was clearly
worse (it gives the dense ranking full say even where it is unreliable); see
reports/search_eval.md.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .documents import SearchDocument

# multilingual-e5 cosines are compressed: a query's median cosine over the
# catalogue is about 0.81-0.83, good matches reach 0.88-0.94. Another
# embedding model (EMBEDDING_MODEL) may need other anchors.
DENSE_FLOOR = 0.82
DENSE_CEILING = 0.95
# Dense weight. e5 reads Vietnamese typed without diacritics poorly (dense-only
# top-1 on that dev slice: ~0.11 vs ~0.77 with diacritics), so those queries
# are embedded re-accented (accents.py) and still lean on the folded lexical side.
DENSE_WEIGHT = 0.5
DENSE_WEIGHT_NO_DIACRITICS = 0.3
RRF_K = 60
# Small priors, applied after fusion: curated procedures are the ones citizens
# ask about, graded by the curators' "popular" rank (1 = what people mean in
# general terms); commune-level ones are where individuals' errands go.
POPULARITY_PRIOR = {1: 0.04, 2: 0.025, 3: 0.015, None: 0.025}
COMMUNE_PRIOR = 0.02
# Action agreement (actions.py): a procedure doing the asked-for action gains,
# one doing only other actions loses. Larger than the prior, so "mất giấy phép"
# picks the re-issue procedure over the popular first-time one.
ACTION_BONUS = 0.06
ACTION_PENALTY = 0.06
# The prior only breaks near-ties: it fades out for procedures more than this
# far below the best score before the prior.
PRIOR_WINDOW = 0.1


@dataclass(frozen=True)
class Evidence:
    lexical: np.ndarray  # normalised 0..1
    dense: np.ndarray | None  # raw cosine, or None when no embedding model is available
    # False for Vietnamese typed without diacritics, which e5 reads poorly
    # (English, or Vietnamese with diacritics, is fine).
    dense_reliable: bool
    # Per procedure, in [-1, 1]: does it do the action the message asks for (actions.py)
    action: np.ndarray | None = None
    # Per procedure: qualifiers of its name the message does (+) or does not (-) mention (qualifiers.py)
    qualifier: np.ndarray | None = None
    # (family id per procedure, copies to lift to their family's best match): qualifiers.py, lifted
    lift: tuple[np.ndarray, np.ndarray] | None = None


def dense_scale(cosine: np.ndarray) -> np.ndarray:
    return np.clip((cosine - DENSE_FLOOR) / (DENSE_CEILING - DENSE_FLOOR), 0.0, 1.0)


def score_fusion(evidence: Evidence, prior: np.ndarray) -> np.ndarray:
    if evidence.dense is None:
        fused = evidence.lexical
    else:
        weight = DENSE_WEIGHT if evidence.dense_reliable else DENSE_WEIGHT_NO_DIACRITICS
        fused = weight * dense_scale(evidence.dense) + (1 - weight) * evidence.lexical
    if evidence.action is not None:
        action = evidence.action
        fused = fused + ACTION_BONUS * np.clip(action, 0.0, 1.0) - ACTION_PENALTY * np.clip(-action, 0.0, 1.0)
    if evidence.lift is not None and evidence.lift[1].any():
        fused = lifted_copies(fused, *evidence.lift)
    if evidence.qualifier is not None:
        fused = fused + evidence.qualifier
    return np.clip(fused + tie_breaking_prior(fused, prior), 0.0, 1.0)


def lifted_copies(fused: np.ndarray, family: np.ndarray, lift: np.ndarray) -> np.ndarray:
    """Each lifted copy scored at least as its family's best match (before the qualifiers)."""
    best = np.full(int(family.max()) + 1, -np.inf)
    np.maximum.at(best, family, fused)
    return np.where(lift, np.maximum(fused, best[family]), fused)


def tie_breaking_prior(fused: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """The prior in full for the leader, fading to nothing PRIOR_WINDOW below it,
    so it reorders near-ties but cannot beat a clearly better match."""
    if not len(fused):
        return prior
    gap = fused.max() - fused
    return prior * np.clip(1.0 - gap / PRIOR_WINDOW, 0.0, 1.0)


def _ranks(scores: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return ranks


def rrf_fusion(evidence: Evidence, prior: np.ndarray) -> np.ndarray:
    """Rank-only fusion; the prior breaks near-ties (scaled to a fraction of one rank step)."""
    fused = 1.0 / (RRF_K + _ranks(evidence.lexical))
    if evidence.dense is not None:
        fused = fused + 1.0 / (RRF_K + _ranks(evidence.dense))
    return fused + prior * (1.0 / RRF_K**2)


def prior_vector(documents: Sequence[SearchDocument]) -> np.ndarray:
    return np.array(
        [(POPULARITY_PRIOR[d.popular] if d.curated else 0.0) + COMMUNE_PRIOR * d.commune_level for d in documents]
    )
