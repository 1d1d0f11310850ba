"""Parser for the legal-basis table (can_cu_phap_ly).

Flattened shape: "Tên văn bản pháp lýMã văn bản" then rows "<title><number>", e.g.
    Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 ... Luật Hộ tịch123/2015/NĐ-CPLuật 60/2014/QH1360/2014/QH13
A title may quote numbers itself; the number cell is the one glued to the title and to the next row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.importer.text import LOWER, UPPER, clean, is_empty

TABLE_HEADER = "Tên văn bản pháp lýMã văn bản"

# Issuer codes seen in the catalogue, longest first so "TTLT" wins over "TT" and a capitalised
# title glued after the number ("...TT-BCAQUY ĐỊNH") is not swallowed.
_KNOWN_CODES = sorted(
    """UBTVQH TTg BLĐTBXH BNN&PTNT BNNPTNT BVHTTDL VKSNDTC TANDTC BKHĐT BGDĐT BTNMT BNNMT BGTVT BKHCN
    BTTTT NHNN BHXH VPCP VPQH HĐND HĐTP UBND TTLT NQLT VBHN BTC BTP BCA BXD BYT BCT BQP BNV BNG CTN
    CSXH NĐ ND TT QĐ QD NQ CP PL CT""".split(),
    key=len,
    reverse=True,
)
# An unknown code must not swallow the capital that starts the next title ("NĐ-CQuy định").
_PART = r"(?:UBTVQH\d{2}|QH\d{2}|" + "|".join(map(re.escape, _KNOWN_CODES)) + rf"|[A-ZĐƯ&]+(?![{LOWER}]))"
NUMBER = re.compile(rf"\d+(?:\.\d+)?[a-z]?/(?:\d{{4}}/)?{_PART}(?:\s?[-_/]{_PART})*")
_DOC_TYPE = r"(?:Thông tư liên tịch|Thông tư|Nghị định|Nghị quyết|Quyết định|Luật|Luất|Pháp lệnh)"
# The number cell may repeat the document type: "...Bộ Tư phápThông tư số 03/2023/TT-BTP".
_CELL_PREFIX = re.compile(rf"(?:{_DOC_TYPE}\s*)?(?:số\s*)?$")
_TITLE_TYPE_SUFFIX = re.compile(rf"\s*{_DOC_TYPE}?\s*số$|(?<=[{LOWER}.)]){_DOC_TYPE}$")
_LEADING_NUMBER = re.compile(rf"^{_DOC_TYPE}(?: số)?\s*({NUMBER.pattern})")
_REPEATED_NUMBER = re.compile(rf"{_DOC_TYPE}?\s*(?:số\s*)?({NUMBER.pattern})")
_DATE_BEFORE = re.compile(r"\d{1,2}/\d{1,2}/$")
_SPACE_THEN_CAPITAL = re.compile(rf"\s+[{UPPER}]")


@dataclass(frozen=True)
class LegalBasisResult:
    documents: list[dict]
    status: str  # ok | empty | unparseable | partial
    problems: list[str]


def parse_legal_basis(section: str) -> LegalBasisResult:
    text = clean(section)
    if text.startswith(TABLE_HEADER):
        text = text[len(TABLE_HEADER) :].strip()
    if is_empty(text):
        return LegalBasisResult([], "empty", [])
    documents: list[dict] = []
    problems: list[str] = []
    position = 0
    for cell_start, number in _number_cells(text):
        title = _clean_title(text[position:cell_start])
        position = number.end()
        if not title:
            problems.append(f"number {number.group(0)} without a title")
            continue
        documents.append({"title": title, "number": _clean_number(number.group(0))})
    trailing = _clean_title(text[position:])
    if trailing:
        # A last row whose number cell is empty: take the number from the title when it leads it.
        leading = _LEADING_NUMBER.match(trailing)
        documents.append({"title": trailing, "number": _clean_number(leading.group(1)) if leading else None})
        if not leading:
            problems.append("row without a number")
    if not documents:
        return LegalBasisResult([], "unparseable", problems or ["no rows"])
    return LegalBasisResult(documents, "partial" if problems else "ok", problems)


def _number_cells(text: str) -> list[tuple[int, re.Match]]:
    """(start of the number cell, number match) for each number that closes a row."""
    cells: list[tuple[int, re.Match]] = []
    for found in NUMBER.finditer(text):
        match = _without_glued_year(text, found)
        after = text[match.end() :]
        repeated = _REPEATED_NUMBER.match(after)
        if NUMBER.match(after) or (repeated and _same(repeated.group(1), match.group(0))):
            # "Luật 60/2014/QH1360/2014/QH13", "...bởi Nghị định số 232/2025/NĐ-CP34/2025/TT-NHNN",
            # "Nghị định 101/2024/NĐ-CPNghị định 101/2024/NĐ-CP": the title ends with a number and
            # the cell glued after it holds the row's number.
            continue
        prefix = _CELL_PREFIX.search(text, 0, match.start())
        cell_start = match.start()
        previous_end = cells[-1][1].end() if cells else 0
        if prefix and previous_end < prefix.start() < match.start() and _glued_at(text, prefix.start()):
            # "...vậtNghị định số 33/2026/NĐ-CP"; right after a cell the same words start a title.
            cell_start = prefix.start()
        glued_before = _glued_at(text, cell_start)
        glued_after = after[:1].isalpha()
        if not after.strip() or glued_after or (glued_before and _SPACE_THEN_CAPITAL.match(after)):
            cells.append((cell_start, match))
    return cells


def _without_glued_year(text: str, match: re.Match) -> re.Match:
    """'ngày 29/6/202443/2024/QH15': the date's year is glued to the number."""
    digits = match.group(0).split("/")[0]
    glued_year = len(digits) >= 6 or (len(digits) > 4 and _DATE_BEFORE.search(text, 0, match.start()))
    if glued_year and digits[:2] in ("19", "20"):
        return NUMBER.match(text, match.start() + 4) or match
    return match


def _same(number: str, other: str) -> bool:
    return _clean_number(number) == _clean_number(other)


def _glued_at(text: str, position: int) -> bool:
    return position > 0 and not text[position - 1].isspace()


def _clean_title(text: str) -> str:
    title = _TITLE_TYPE_SUFFIX.sub("", clean(text)) if len(clean(text)) > 12 else clean(text)
    return title.strip(" ,;")


def _clean_number(number: str) -> str:
    return re.sub(r"\s+", "", number)
