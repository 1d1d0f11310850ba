"""Parser for the submission-method table (cach_thuc_thuc_hien).

The table "Hình thức nộp | Thời gian | Phí, lệ phí | Mô tả" was flattened without separators:
    Trực tuyến5 Ngày làm việc50,000 VNĐ(note)descriptionDịch vụ bưu chính5 Ngày làm việc...
A method may appear on several rows (one per case, each with its own time and fee).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.importer.text import NO_INFO, UPPER, clean, clean_or_none, matching_paren, strip_outer_parens

METHOD_CODES = {"Trực tuyến": "online", "Trực tiếp": "in_person", "Dịch vụ bưu chính": "postal"}

# A row starts with a method name glued to its time cell (a number or a capitalised text);
# "Trực tiếp: nộp tại..." or "trực tiếp tại..." inside a description are not row starts.
_ROW_START = re.compile(rf"(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)(?=\s*\d|[{UPPER}])")

_DAY_UNITS = ("ngày làm việc", "ngày")
_UNITS = "Ngày làm việc|ngày làm việc|Ngày|ngày|Giờ|giờ|Tháng|tháng|Năm|năm|Tuần|tuần|Phút|phút"
_TIME_WITH_UNIT = re.compile(rf"\s*(\d+(?:[.,]\d+)?)\s*({_UNITS})")
_CURRENCY = r"Việt Nam Đồng|VNĐ|vnđ|Đồng|đồng|USD|EUR"
_AMOUNT_HEAD = re.compile(rf"\s*((?:Lệ phí|Phí)\s*:\s*)?(\d[\d.,]*)\s*({_CURRENCY})")
_EMPTY_AMOUNT_HEAD = re.compile(rf"\s*(?:Lệ phí|Phí)\s*:\s*(?:{_CURRENCY})")
_FREE = "Miễn phí"
# Where the fee cell starts after a free-text time cell.
_FEE_START = re.compile(rf"{_FREE}|{NO_INFO}|(?:Lệ phí|Phí)\s*:|\d[\d.,]*\s*(?:{_CURRENCY})")
# A bare number time cell ("1", "7") glued to a non-numeric fee cell.
_BARE_TIME = re.compile(rf"\s*(\d+(?:[.,]\d+)?)(?=\s*(?:{_FREE}|Không|Lệ phí|Phí\s*:))")
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_MONEY_IN_TEXT = re.compile(
    r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:/\s*\S+\s*)?(?:đồng|Đồng|VNĐ|vnđ|đ\b|Đ\b)"
    r"|(?<![\d.,/])(\d{1,3}(?:\.\d{3})+)(?![\d.,])"  # "8.000.000/lần": dotted thousands are money
)
# A fee set by each province: "do Hội đồng nhân dân tỉnh ... quyết định", "theo quy định của HĐND cấp tỉnh".
_PROVINCE_BODY = re.compile(
    r"(?:Hội đồng nhân dân|HĐND|(?:Ủy|Uỷ) ban nhân dân|UBND)(?:\s+cấp)?\s+(?:tỉnh|thành phố trực thuộc)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MethodsResult:
    rows: list[dict]
    status: str  # ok | empty | unparseable | partial
    leftover: str  # text that belongs to no row


def parse_methods(section: str) -> MethodsResult:
    text = clean(section)
    if not text or text == NO_INFO:
        return MethodsResult([], "empty", "")
    starts = list(_ROW_START.finditer(text))
    if not starts:
        return MethodsResult([], "unparseable", text)
    leftover = text[: starts[0].start()].strip()
    rows = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        rows.append(parse_row(match.group(1), text[match.end() : end]))
    return MethodsResult(rows, "partial" if leftover else "ok", leftover)


def parse_row(method_name: str, cells: str) -> dict:
    """One table row: the text after the method name holds time, fee (+ note) and description."""
    time_text, days, rest = _take_time(cells)
    nothing_taken = time_text is None and len(rest) == len(cells)
    fee_head, amount, rest = _take_fee_head(rest, may_hold_time=nothing_taken)
    if amount is not None and amount.get("time") is not None:
        time_text, days = amount["time"], _number(amount["time"])
    note, rest = _take_note(rest) if fee_head is not None else (None, rest)
    description = clean_or_none(rest)
    fee_text = _fee_text(fee_head, note)
    return {
        "method": METHOD_CODES[method_name],
        "processing_time": time_text,
        "processing_days": days if days else None,
        "fee": fee_text,
        "fee_amount": _fee_amount(fee_head, amount, note),
        "fee_set_by_province": _set_by_province(fee_text, description),
        "description": description,
    }


def _take_time(cells: str) -> tuple[str | None, float | int | None, str]:
    """(time text as stated, days or None, remaining text)."""
    with_unit = _TIME_WITH_UNIT.match(cells)
    if with_unit:
        number, unit = with_unit.groups()
        days = _number(number) if unit.lower() in _DAY_UNITS else None
        return f"{number} {unit}", days, cells[with_unit.end() :]
    bare = _BARE_TIME.match(cells)
    if bare:
        # The portal leaves the unit out on some pages; its time field is counted in days.
        return bare.group(1), _number(bare.group(1)), cells[bare.end() :]
    stripped = cells.lstrip()
    if stripped.startswith(NO_INFO):
        return None, None, stripped[len(NO_INFO) :]
    if _AMOUNT_HEAD.match(cells):
        return None, None, cells  # a number glued to the fee amount; split in _take_fee_head
    fee = _FEE_START.search(cells)
    if fee and fee.start() > 0:
        return clean(cells[: fee.start()]).rstrip(".") or None, None, cells[fee.start() :]
    return None, None, cells


def _take_fee_head(rest: str, may_hold_time: bool) -> tuple[str | None, dict | None, str]:
    """(fee head as stated, amount details, remaining text)."""
    stripped = rest.lstrip()
    if stripped.startswith(_FREE):
        return _FREE, None, stripped[len(_FREE) :]
    if stripped.startswith(NO_INFO):
        return None, None, stripped[len(NO_INFO) :]
    head = _AMOUNT_HEAD.match(rest)
    if head:
        prefix, digits, currency = head.groups()
        time = None
        if may_hold_time and not prefix:
            note, _ = _take_note(rest[head.end() :])
            time, digits = _split_time_and_amount(digits, note)
        label = f"{clean(prefix)} {digits} {currency}" if prefix else f"{digits} {currency}"
        return label, {"digits": digits, "currency": currency, "time": time}, rest[head.end() :]
    empty_head = _EMPTY_AMOUNT_HEAD.match(rest)
    if empty_head:
        return clean(empty_head.group(0)), None, rest[empty_head.end() :]
    return None, None, rest


def _split_time_and_amount(digits: str, note: str | None) -> tuple[str | None, str]:
    """'120,000' may be time '1' glued to fee '20,000': choose the split the note confirms.

    The time cell is always filled on the portal, so without confirmation a one-digit time wins.
    """
    note_amounts = _money_in(note)
    options = []
    for cut in (1, 2):
        time, amount = digits[:cut], digits[cut:]
        if amount and amount[0] != "0" and _integer(amount) is not None:
            options.append((time, amount))
    for time, amount in options:
        value = _integer(amount)
        if value in note_amounts or value * 1000 in note_amounts:
            return time, amount
    if _integer(digits) in note_amounts or not options:
        return None, digits
    return options[0]


def _take_note(rest: str) -> tuple[str | None, str]:
    """The '(...)' right after the fee head is part of the fee cell."""
    stripped = rest.lstrip()
    if not stripped.startswith("("):
        return None, rest
    close = matching_paren(stripped, 0)
    if close < 0:  # truncated note: keep what there is
        return clean(strip_outer_parens(stripped + ")")) or None, ""
    note = clean(strip_outer_parens(stripped[: close + 1]))
    return note or None, stripped[close + 1 :]


def _fee_text(head: str | None, note: str | None) -> str | None:
    if head is None:
        return note
    return f"{head} ({note})" if note else head


def _fee_amount(head: str | None, amount: dict | None, note: str | None) -> int | None:
    """Integer đồng where stated, 0 when free, None when unknown or not in đồng."""
    if head == _FREE:
        # "Miễn phí" is the portal's default value: a note naming a province body or a sum overrides
        # it. One sum is the fee; several sums are per case, so no single amount.
        if not note:
            return 0
        if _PROVINCE_BODY.search(note):
            return None
        sums = _money_in(note)
        if not sums:
            return 0
        return sums.pop() if len(sums) == 1 and "miễn" not in note.lower() else None
    if amount is None or amount["currency"] in ("USD", "EUR"):
        return None
    if note and re.search(r"\bUSD\b", note):
        return None  # "155 VNĐ (... 155 USD/thẻ)": the cell's currency contradicts its note
    value = _integer(amount["digits"])
    if value is None:
        return None
    note_amounts = _money_in(note)
    if value * 1000 in note_amounts and value not in note_amounts:
        return value * 1000  # the cell is in thousands of đồng, the note spells it out
    return value


def _set_by_province(fee_text: str | None, description: str | None) -> bool:
    if fee_text and _PROVINCE_BODY.search(fee_text):
        return True
    if description:
        for sentence in re.split(r"(?<=[.;])\s+|\n", description):
            if "phí" in sentence and _PROVINCE_BODY.search(sentence):
                return True
    return False


def several_amounts(text: str | None) -> bool:
    """True when a fee text names more than one sum (a fee per case)."""
    return len(_money_in(text)) > 1


def _money_in(text: str | None) -> set[int]:
    if not text:
        return set()
    found = (_integer(match.group(1) or match.group(2)) for match in _MONEY_IN_TEXT.finditer(text))
    return {value for value in found if value}


def _integer(digits: str) -> int | None:
    if _THOUSANDS.fullmatch(digits):
        return int(re.sub(r"[.,]", "", digits))
    return int(digits) if digits.isdigit() else None


def _number(text: str) -> float | int | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return int(value) if value.is_integer() else value
