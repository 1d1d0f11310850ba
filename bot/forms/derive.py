"""Values the form fills itself: defaults, and fields derived from an answer (the agency "Kính gửi"
from the address, the sex printed on the form from the căn cước). Pure functions."""
from __future__ import annotations

import re

from core.text.normalize import fold
from core.text.validation import PROVINCE_CODES, id_facts
from knowledge.flows.forms import FormDefinition

_COMMUNE = re.compile(r"(?i)\b(phường|xã|thị trấn|phuong|xa|thi tran|p\.)\s*([^,;.]+)")
_PROVINCE = re.compile(r"(?i)\b(tỉnh|thành phố|tp\.?|tinh|thanh pho)\s*([^,;.]+)")
_STREET_BEFORE = re.compile(r"(?i)(?<!\w)(?:phố|pho|đường|duong|ngõ|ngo|hẻm|hem|kiệt|kiet|ngách|ngach)\s+$")
FALLBACK = {
    "commune_police": "Công an xã, phường nơi đăng ký cư trú",
    "commune_committee": "Ủy ban nhân dân xã, phường nơi cư trú",
    "province_police": "Công an tỉnh, thành phố nơi thường trú",
}
_PROVINCES = {fold(name): name for name in PROVINCE_CODES.values()}
_PROVINCES.update({"hcm": "Hồ Chí Minh", "sai gon": "Hồ Chí Minh", "ha noi": "Hà Nội", "hn": "Hà Nội"})


def _commune(address: str) -> str | None:
    # "P.405 chung cư …, phường Hà Đông": "P." then a number is a room; "phường 12" is a ward
    found = next((m for m in _COMMUNE.finditer(address or "")
                  if not (m.group(1).lower() == "p." and m.group(2).strip()[:1].isdigit())
                  and not _STREET_BEFORE.search(address[:m.start()])), None)  # "phố Xã Đàn" is a street
    if not found:
        return None
    kind = {"phuong": "phường", "xa": "xã", "thi tran": "thị trấn", "p.": "phường"}.get(fold(found.group(1)).lower(),
                                                                                     found.group(1).lower())
    name = " ".join(w[:1].upper() + w[1:] for w in found.group(2).split())
    return f"{kind} {name}" if name else None


def _province(address: str) -> str | None:
    found = _PROVINCE.search(address or "")
    if found and found.group(2).strip():
        name = " ".join(w[:1].upper() + w[1:] for w in found.group(2).split())
        kind = "thành phố" if fold(found.group(1)).lower().startswith(("thanh", "tp")) else "tỉnh"
        return f"{kind} {name}"
    folded = " " + " ".join(fold(address or "").lower().replace(",", " ").split()) + " "
    for key, name in _PROVINCES.items():
        if f" {key} " in folded:
            return name
    return None


def derive(kind: str, source: str) -> str:
    if kind == "id_sex":
        facts = id_facts(re.sub(r"\D", "", source or ""))
        return facts.sex if facts else ""
    if kind in ("commune_police", "commune_committee"):
        commune = _commune(source)
        if commune:
            return ("Công an " if kind == "commune_police" else "Ủy ban nhân dân ") + commune
        return FALLBACK[kind]
    if kind == "province_police":
        province = _province(source)
        return f"Công an {province}" if province else FALLBACK[kind]
    if kind == "copy":
        return source or ""
    raise ValueError(f"unknown derive kind {kind!r}")


def complete(form: FormDefinition, values: dict[str, str], derived: list[str]) -> list[str]:
    """Fill defaults and derived fields the citizen did not give (in place); the derived names."""
    names = list(derived)
    for f in form.fields:
        if not f.asked or not f.applies(values):
            continue
        if f.derive and (f.name not in values or f.name in names):
            value = derive(str(f.derive.get("kind")), values.get(str(f.derive.get("from")), ""))
            if value:
                values[f.name] = value
                if f.name not in names:
                    names.append(f.name)
        elif f.default and not values.get(f.name):
            values[f.name] = f.default
    return names


def trace_fields(form: FormDefinition, values: dict[str, str]) -> dict[str, str]:
    """The fields under the trace contract's names, cleaned: ids and phones digits only.

    A question answered "none" (no father) and the questions that then do not apply are "".
    """
    out = {}
    for f in form.fields:
        if not f.asked:
            continue
        value = values.get(f.name)
        if not f.applies(values):
            if f.ask and f.when is not None and f.when.field in values:
                out[f.trace] = ""
            continue
        if value is None or (value == "" and not f.ask):
            continue
        if f.type in ("id_number", "phone"):
            value = re.sub(r"\D", "", value)
        out[f.trace] = f.trace_values.get(value, value)
    return out


def variant_of(form: FormDefinition, text: str) -> str | None:
    """The liên thông procedure the citizen's words name, if any (e.g. khai sinh + BHYT)."""
    folded = " " + " ".join(fold(text or "").lower().split()) + " "
    for variant in form.variants:
        if any(f" {' '.join(fold(w).lower().split())} " in folded for w in variant.words):
            return variant.procedure
    return None


_DAY_OF_MONTH = re.compile(r"(?i)(?:\b(?:ngày|ngay|mùng|mung|mồng|mong)\s*|^\s*)\d{1,2}\s*(?:tháng|thang|/|-)\s*\d{1,2}")
_UNTIL_MONTH = re.compile(r"(?i)(?:hết|het|cuối|cuoi)?\s*(?:tháng|thang)\s*(\d{1,2})\s*(?:năm|nam)\s*(nay|sau|tới|toi|\d{4})\b")
_UNTIL_YEAR = re.compile(r"(?i)(?:hết|het|cuối|cuoi)?\s*(?:năm|nam)\s*(nay|sau|tới|toi)\b")
_FOR = re.compile(r"(?i)(?<!tháng )(?<!thang )\b(\d{1,2}|một|mot|hai|ba|sáu|sau)\s*(năm|nam|tháng|thang)\b")
_COUNTS = {"một": 1, "mot": 1, "hai": 2, "ba": 3, "sáu": 6, "sau": 6}


def relative_date(text: str, today) -> str | None:
    """'hết năm sau' -> 31/12 of next year, '6 tháng' -> six months from today (dd/mm/yyyy), else None."""
    if _DAY_OF_MONTH.search(text or ""):  # "ngày 5 tháng 3 năm 2028" is that day, not the month's end
        return None
    import calendar
    from datetime import date as _date

    if not text or "/" in text:
        return None
    month = _UNTIL_MONTH.search(text)
    if month and 1 <= int(month.group(1)) <= 12:
        when = fold(month.group(2)).lower()
        year = int(when) if when.isdigit() else today.year + (0 if when == "nay" else 1)
        last = calendar.monthrange(year, int(month.group(1)))[1]
        return f"{last:02d}/{int(month.group(1)):02d}/{year}"
    until = _UNTIL_YEAR.search(text)
    if until:
        return f"31/12/{today.year + (0 if fold(until.group(1)).lower() == 'nay' else 1)}"
    found = _FOR.search(text)
    if not found:
        return None
    count = int(found.group(1)) if found.group(1).isdigit() else _COUNTS.get(found.group(1).lower(), 0)
    months = count * (12 if fold(found.group(2)).lower() == "nam" else 1)
    if not months:
        return None
    month_index = today.month - 1 + months
    year, month = today.year + month_index // 12, month_index % 12 + 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return _date(year, month, day).strftime("%d/%m/%Y")
