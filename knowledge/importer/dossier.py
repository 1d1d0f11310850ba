"""Parser for the dossier table (thanh_phan_ho_so).

Flattened shape, possibly repeated per group:
    <group heading>Tên giấy tờMẫu đơn, tờ khaiSố lượng<name><form file>.docx1 bản chính<name>0 bản chính,1 bản sao
Each row ends with its count cell; a row's form template file name is glued between its name and
the count. Text that is not a row (group headings, notes) goes to the dossier note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.importer.text import LOWER, UPPER, clean, is_empty

TABLE_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"

_KIND = r"bản (?:chính|sao|chụp)"
# "1 bản chính", "0 bản chính,1 bản sao". A count written inside a sentence ("nộp 01 bản sao giấy
# tờ") is followed by a space and a lowercase word or by a comma, and is not a cell.
_COUNT = re.compile(rf"(\d+)\s?{_KIND}(?:\s?,\s?\d+\s?{_KIND})*(?!\s*,|\s+[{LOWER}])")
_TEMPLATE_EXTENSION = re.compile(r"\.(?:docx?|pdf|xlsx?|rar|zip|odt)$", re.IGNORECASE)
# File names are short; look for where one starts only near the extension.
_TEMPLATE_WINDOW = 160
_BULLET = re.compile(r"^[-+*•\s]+")
_RESULT_CODE_ONLY = re.compile(r"^KQ\.[A-Z0-9.]+$")
_LOWER_CHAR = re.compile(f"[{LOWER}]")
_UPPER_CHAR = re.compile(f"[{UPPER}]")


@dataclass(frozen=True)
class DossierResult:
    components: list[dict]
    note: str | None
    status: str  # ok | empty | unparseable | partial
    problems: list[str]


def parse_dossier(section: str) -> DossierResult:
    text = clean(section)
    if is_empty(text) or _RESULT_CODE_ONLY.match(text):
        return DossierResult([], None, "empty", [])
    parts = text.split(TABLE_HEADER)
    if len(parts) == 1:
        return DossierResult([], text, "unparseable", ["no table header"])
    components: list[dict] = []
    notes: list[str] = []
    problems: list[str] = []
    # Text before a table is its group heading ("* Giấy tờ phải nộp:"); text after a table's last
    # count cell is the next table's heading, or a closing note after the last table.
    heading = parts[0]
    for index, body in enumerate(parts[1:], start=1):
        _add_note(notes, heading)
        rows, trailing = _split_rows(body, _group_name(heading))
        components.extend(rows)
        if not rows and body.strip():
            problems.append("table without count cells")
        heading = trailing
        if index == len(parts) - 1:
            _add_note(notes, trailing)
    note = "\n".join(notes) or None
    if not components:
        return DossierResult([], note, "unparseable" if problems or note else "empty", problems)
    if any(row["name"] == "" for row in components):
        problems.append("component without a name")
    return DossierResult(components, note, "partial" if problems else "ok", problems)


def _split_rows(body: str, group: str | None) -> tuple[list[dict], str]:
    rows = []
    position = 0
    for count in _COUNT.finditer(body):
        cell_start = count.start()
        digits = count.group(1)
        if len(digits) > 2:
            # "...năm 20241 bản chính": only the last digit is the count.
            cell_start = count.start(1) + len(digits) - 1
        elif len(digits) == 2 and digits[0] == "0":
            continue  # the portal writes "1 bản chính"; "01 bản chính" is a count quoted in a sentence
        row_text = body[position:cell_start]
        position = count.end()
        copies = clean(body[cell_start : count.end()])
        name, template = split_template(clean(row_text))
        rows.append(
            {
                "name": _BULLET.sub("", name).strip(),
                "copies": _normalise_copies(copies),
                "form_template": template,
                "group": group,
            }
        )
    return rows, clean(body[position:])


def split_template(row_text: str) -> tuple[str, str | None]:
    """'Tờ khai (mẫu NA5) ...Bộ Công an.NA5.doc' -> ('Tờ khai ... Bộ Công an.', 'NA5.doc')."""
    extension = _TEMPLATE_EXTENSION.search(row_text)
    if not extension:
        return row_text, None
    body = row_text[: extension.start()]
    start = _template_start(body)
    if start is None:
        # No visible seam: the whole cell reads as a file name only when it has no spaces.
        return ("", row_text) if " " not in body else (row_text, None)
    return body[:start].strip(), row_text[start:].strip()


def _template_start(body: str) -> int | None:
    """Earliest seam near the end where a file name is glued to the component name."""
    for position in range(max(1, len(body) - _TEMPLATE_WINDOW), len(body)):
        if _is_seam(body, position):
            return position
    return None


def _is_seam(body: str, position: int) -> bool:
    before, char = body[position - 1], body[position]
    if not char.isalnum():
        return False
    if before in ";):":
        return True  # "...theo mẫu;Mẫu 01.docx", "(Mẫu 02)Mẫu 02.docx"
    if before in ".," and not (char.isdigit() and body[position - 2 : position - 1].isdigit()):
        return True  # "...Bộ Công an.NA5.doc", "ngày 30/6/2023.NA5.doc", "TRÚ,33-Mẫu.doc"; not "1.5"
    if _is_lower(before) and _is_upper(char):
        return True  # "theo mẫuMuTkhai.docx"
    if _is_lower(before) and re.match(r"\d+[-_.]", body[position:]):
        return True  # "cá nhân7-Mẫu NA6.doc" (but not "ảnh 4x6 cm")
    if before.isdigit() and _is_upper(char) and position + 1 < len(body) and _is_lower(body[position + 1]):
        return True  # "ngày 26/01/2026Mau so 04.docx"
    # "...NĐ-CPMẫu số 01.docx": an acronym glued to a capitalised word.
    return (
        position >= 2
        and position + 1 < len(body)
        and _is_upper(body[position - 2])
        and _is_upper(before)
        and _is_upper(char)
        and _is_lower(body[position + 1])
    )


def _is_lower(char: str) -> bool:
    return bool(_LOWER_CHAR.match(char))


def _is_upper(char: str) -> bool:
    return bool(_UPPER_CHAR.match(char))


def _normalise_copies(copies: str) -> str:
    return re.sub(r"\s*,\s*", ", ", copies)


def _group_name(heading: str) -> str | None:
    """'* Giấy tờ phải nộp:' -> 'Giấy tờ phải nộp'."""
    name = _BULLET.sub("", clean(heading)).strip().rstrip(":").strip()
    return None if is_empty(name) else name


def _add_note(notes: list[str], text: str) -> None:
    text = clean(text).strip("-").strip()
    if text and not is_empty(text) and text not in notes:
        notes.append(text)
