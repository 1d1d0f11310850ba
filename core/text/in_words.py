"""Numbers and dates written in Vietnamese words, as official forms ask ("ghi bằng chữ")."""
from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _under_hundred(n: int) -> str:
    if n < 10:
        return DIGITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 1 and tens > 1:
        return f"{head} mốt"
    if unit == 4 and tens > 1:
        return f"{head} tư"
    if unit == 5:
        return f"{head} lăm"
    return f"{head} {DIGITS[unit]}"


def _under_thousand(n: int, full: bool) -> str:
    """`full`: write the hundreds even when zero ('không trăm linh năm' inside a larger number)."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not full:
        return _under_hundred(rest)
    head = f"{DIGITS[hundreds]} trăm"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} linh {DIGITS[rest]}"
    return f"{head} {_under_hundred(rest)}"


def number_in_words(n: int) -> str:
    """0 <= n < 1,000,000: 2024 -> 'hai nghìn không trăm hai mươi tư'."""
    if not 0 <= n < 1_000_000:
        raise ValueError("only 0..999999")
    thousands, rest = divmod(n, 1000)
    if thousands == 0:
        return _under_thousand(rest, full=False)
    head = f"{_under_thousand(thousands, full=False)} nghìn"
    return head if rest == 0 else f"{head} {_under_thousand(rest, full=True)}"


def date_in_words(day_month_year: str) -> str:
    """'05/03/2024' -> 'Ngày mồng năm, tháng ba, năm hai nghìn không trăm hai mươi tư'."""
    day, month, year = (int(p) for p in day_month_year.split("/"))
    day_words = f"mồng {DIGITS[day]}" if day < 10 else ("mồng mười" if day == 10 else _under_hundred(day))
    month_words = "tư" if month == 4 else _under_hundred(month)
    return f"Ngày {day_words}, tháng {month_words}, năm {number_in_words(year)}"
