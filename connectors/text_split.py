"""Split long texts into platform-sized parts, preferring sentence boundaries."""
from __future__ import annotations

import re

# a sentence ends at . ! ? … (optionally followed by closing quotes/brackets) before whitespace,
# or at a line break; the separator stays with the sentence before it
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")


def _pieces(text: str) -> list[str]:
    """Sentences with their trailing whitespace, so that "".join(pieces) == text."""
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _split_long(piece: str, limit: int) -> list[str]:
    """A single sentence over the limit: cut at the last space, else hard."""
    parts = []
    while len(piece) > limit:
        cut = piece.rfind(" ", 0, limit + 1)
        if cut <= limit // 2:
            cut = limit
        parts.append(piece[:cut])
        piece = piece[cut:].lstrip(" ")
    if piece:
        parts.append(piece)
    return parts


def split_text(text: str, limit: int) -> list[str]:
    """Parts of at most `limit` characters; sentences are never cut unless one alone is too long."""
    if limit < 1:
        raise ValueError("limit must be positive")
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text):
        if len(current) + len(piece.rstrip()) <= limit:
            current += piece
            continue
        if current.strip():
            chunks.append(current.strip())
        current = ""
        if len(piece.rstrip()) > limit:
            *full, rest = _split_long(piece.strip(), limit)
            chunks.extend(full)
            current = rest + " "
        else:
            current = piece
    if current.strip():
        chunks.append(current.strip())
    return chunks
