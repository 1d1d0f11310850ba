"""Split the procedure steps (trinh_tu_thuc_hien) into a list."""

from __future__ import annotations

import re

from knowledge.importer.text import GLUED_WORD, clean, is_empty

# "...hợp lệ. Bước 2: ..." written on one line.
_INLINE_STEP = re.compile(r"(?<=[.;:!?])\s*(?=Bước\s*\d+\s*[:.)\-–])")
# List markers the page used for layout; numbering such as "(i)", "a)" or "Bước 1:" is kept.
_BULLET = re.compile(r"^[-+*•–]+\s*")


def split_steps(section: str) -> list[str]:
    text = clean(section)
    if is_empty(text):
        return []
    # Paragraphs the crawl glued together ("...hồ sơ.Trường hợp...") become separate steps.
    text = GLUED_WORD.sub(lambda match: match.group(1) + "\n", text)
    text = _INLINE_STEP.sub("\n", text)
    steps = (_BULLET.sub("", line).strip() for line in text.split("\n"))
    return [step for step in steps if step]
