"""Search settings. Same environment variables as core/settings.py (see .env.example);
read here directly so the knowledge package does not depend on the API."""
from __future__ import annotations

import os
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

    @classmethod
    def from_env(cls) -> "SearchSettings":
        knowledge_dir = _repo_path(os.environ.get("KNOWLEDGE_DIR", "knowledge"))
        return cls(
            embedding_model=_model_reference(os.environ.get("EMBEDDING_MODEL", "models/e5-small")),
            curated_dir=knowledge_dir / "curated",
            cache_dir=_repo_path(os.environ.get("CACHE_DIR", "var/cache")) / "search",
            fusion=os.environ.get("SEARCH_FUSION", "score"),
            torch_threads=int(os.environ.get("SEARCH_TORCH_THREADS", "1")),
        )
