"""Cut a record's raw_text (the whole page as text) into its sections.

The crawler's own per-section fields were split on the first occurrence of each heading, so a
heading quoted inside an earlier section ("... tại mục Thành phần hồ sơ") cut them in the wrong
place. Here every heading is located after the previous one and, where a heading can also occur as
ordinary words, by what must follow it on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STEPS_HEADING = "Trình Tự Thực Hiện"
METHODS_HEADING = "Cách Thức Thực Hiện"
METHODS_TABLE_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOSSIER_HEADING = "Thành phần hồ sơ"
LEGAL_HEADING = re.compile(r"Căn cứ pháp lý(?=Tên văn bản pháp lýMã văn bản|Không có thông tin)")
AGENCY_HEADING = "Cơ quan thực hiện"
CONDITIONS_HEADING = "Yêu cầu, điều kiện thực hiện"
RESULT_HEADING = "Kết quả xử lý"
# Page chrome after the result: "Từ khóa...Mô tả...Chọn cơ quan thực hiện...Nộp hồ sơ".
CHROME_START = "Từ khóa"


class SectionError(ValueError):
    """raw_text does not have the page layout this importer knows."""


@dataclass(frozen=True)
class Sections:
    steps: str
    methods: str
    dossier: str
    legal_basis: str
    implementing_agency: str
    conditions: str
    result: str | None  # None when the page has no result section at all


def split_sections(raw_text: str) -> Sections:
    text = raw_text
    steps_at = _find(text, STEPS_HEADING, 0)
    methods_at = _find(text, METHODS_HEADING, steps_at)
    # The methods table is structured (method, time, fee, description), so the first
    # "Thành phần hồ sơ" after it is the dossier heading.
    dossier_at = _find(text, DOSSIER_HEADING, methods_at)
    legal = LEGAL_HEADING.search(text, dossier_at)
    if legal is None:
        raise SectionError("legal basis heading not found")
    agency_at = _find(text, AGENCY_HEADING, legal.end())
    conditions_at = _find(text, CONDITIONS_HEADING, agency_at)
    chrome_at = text.rfind(CHROME_START)
    if chrome_at < conditions_at:
        chrome_at = len(text)
    result_at = text.find(RESULT_HEADING, conditions_at, chrome_at)

    methods = text[methods_at + len(METHODS_HEADING) : dossier_at]
    if methods.startswith(METHODS_TABLE_HEADER):
        methods = methods[len(METHODS_TABLE_HEADER) :]
    conditions_end = result_at if result_at >= 0 else chrome_at
    return Sections(
        steps=text[steps_at + len(STEPS_HEADING) : methods_at],
        methods=methods,
        dossier=text[dossier_at + len(DOSSIER_HEADING) : legal.start()],
        legal_basis=text[legal.end() : agency_at],
        implementing_agency=text[agency_at + len(AGENCY_HEADING) : conditions_at],
        conditions=text[conditions_at + len(CONDITIONS_HEADING) : conditions_end],
        result=text[result_at + len(RESULT_HEADING) : chrome_at] if result_at >= 0 else None,
    )


def _find(text: str, heading: str, start: int) -> int:
    at = text.find(heading, start)
    if at < 0:
        raise SectionError(f"heading {heading!r} not found")
    return at
