"""Validation of citizens' answers to form questions (pure standard library).

Every validator takes the answer as typed and returns a `Result`: either the value in
its canonical written form (the form shows, saves and prints exactly that string) or a
short, friendly Vietnamese explanation with an example, ready to send as the re-ask.
Finding a value inside a longer message is the job of core.text.patterns.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from core.text.dates import DATE_EXAMPLE, DateRules, validate_date, validate_year  # noqa: F401 (re-exported)
from core.text.identifiers import national_phone
from core.text.normalize import fold
from core.text.result import Result, clean  # noqa: F401 (re-exported)

# The 63 province codes of the căn cước number (Thông tư 59/2021/TT-BCA, before the 2025 merger).
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
    "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh",
    "086": "Vĩnh Long", "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}
# 4th digit of the căn cước: century of birth and sex (0/1 = 1900s male/female, 2/3 = 2000s).
CENTURY_SEX_DIGITS = {"0": (1900, "Nam"), "1": (1900, "Nữ"), "2": (2000, "Nam"), "3": (2000, "Nữ")}
MOBILE_PREFIXES = ("03", "05", "07", "08", "09")

ID_EXAMPLE = "001085012345"
PHONE_EXAMPLE = "0912 345 678"
NAME_EXAMPLE = "Nguyễn Văn An"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# --- căn cước ---------------------------------------------------------------------------

@dataclass(frozen=True)
class IdFacts:
    province: str
    sex: str
    birth_year: int


def id_facts(number: str) -> IdFacts | None:
    """What a well-formed căn cước number says about its holder (None if malformed)."""
    if not re.fullmatch(r"\d{12}", number or "") or number[:3] not in PROVINCE_CODES:
        return None
    century_sex = CENTURY_SEX_DIGITS.get(number[3])
    if century_sex is None:
        return None
    century, sex = century_sex
    return IdFacts(PROVINCE_CODES[number[:3]], sex, century + int(number[4:6]))


def id_consistency_error(number: str, birth_date: str | None = None, sex: str | None = None) -> str | None:
    """Explanation when a căn cước disagrees with a known birth date (dd/mm/yyyy or yyyy) or sex."""
    facts = id_facts(number)
    if facts is None:
        return None
    year = _year_of(birth_date) if birth_date else None
    if year is not None and year != facts.birth_year:
        return (f"Dạ, số căn cước này cho biết người có thẻ sinh năm {facts.birth_year}, nhưng ngày sinh "
                f"đã khai là năm {year}. Anh/chị xem lại số căn cước hoặc ngày sinh giúp em.")
    if sex and fold(sex) in ("nam", "nu") and fold(sex) != fold(facts.sex):
        return (f"Dạ, số căn cước này là của người giới tính {facts.sex}, nhưng giới tính đã khai là {sex}. "
                "Anh/chị xem lại giúp em.")
    return None


def _year_of(value: str) -> int | None:
    found = re.findall(r"\d{4}", value or "")
    return int(found[-1]) if found else None


def validate_id_number(text: str, *, birth_date: str | None = None, sex: str | None = None,
                       today: date | None = None) -> Result:
    today = today or date.today()
    raw = clean(text)
    compact = re.sub(r"[\s.-]", "", raw)
    if not compact:
        return Result.invalid(f"Dạ, anh/chị nhập số căn cước gồm 12 chữ số giúp em, ví dụ: {ID_EXAMPLE}.")
    if re.search(r"[^\d]", compact):
        return Result.invalid("Dạ, số căn cước chỉ gồm chữ số, không có chữ cái hay ký hiệu. "
                              f"Anh/chị xem lại trên thẻ giúp em, ví dụ: {ID_EXAMPLE}.")
    if len(compact) != 12:
        old_id = " (số chứng minh nhân dân cũ có 9 chữ số, nay không dùng nữa)" if len(compact) == 9 else ""
        return Result.invalid(f"Dạ, số căn cước có đúng 12 chữ số, anh/chị vừa nhập {len(compact)} chữ số{old_id}. "
                              f"Anh/chị xem lại trên thẻ giúp em, ví dụ: {ID_EXAMPLE}.")
    if compact[:3] not in PROVINCE_CODES:
        return Result.invalid(f"Dạ, 3 số đầu của căn cước là mã tỉnh nơi đăng ký khai sinh, nhưng không có mã "
                              f"{compact[:3]}. Anh/chị xem lại số trên thẻ giúp em.")
    if compact[3] not in CENTURY_SEX_DIGITS:
        return Result.invalid(f"Dạ, số thứ 4 của căn cước chỉ có thể là 0, 1, 2 hoặc 3, số {compact[3]} "
                              "không đúng. Anh/chị xem lại số trên thẻ giúp em.")
    facts = id_facts(compact)
    assert facts is not None
    if facts.birth_year > today.year:
        return Result.invalid(f"Dạ, số căn cước này cho năm sinh {facts.birth_year}, chưa tới. "
                              "Anh/chị xem lại số trên thẻ giúp em.")
    problem = id_consistency_error(compact, birth_date, sex)
    return Result.invalid(problem) if problem else Result.valid(compact)


# --- mobile phone --------------------------------------------------------------------------

def validate_phone(text: str) -> Result:
    raw = clean(text)
    if not raw:
        return Result.invalid(f"Dạ, anh/chị nhập số điện thoại di động giúp em, ví dụ: {PHONE_EXAMPLE}.")
    if re.search(r"[^\d\s.+()-]", raw):
        return Result.invalid("Dạ, số điện thoại chỉ gồm chữ số, không có chữ cái. "
                              f"Anh/chị gõ lại giúp em, ví dụ: {PHONE_EXAMPLE}.")
    digits = _digits(national_phone(raw))
    if digits.startswith("02") and len(digits) in (10, 11):
        return Result.invalid("Dạ, đây có vẻ là số máy bàn. Anh/chị cho em số di động (bắt đầu bằng 03, 05, 07, "
                              "08 hoặc 09) để nhận tin nhắn nhé.")
    if len(digits) != 10:
        return Result.invalid(f"Dạ, số di động có 10 chữ số, anh/chị vừa nhập {len(digits)} chữ số. "
                              f"Anh/chị xem lại giúp em, ví dụ: {PHONE_EXAMPLE}.")
    if not digits.startswith(MOBILE_PREFIXES):
        return Result.invalid("Dạ, số di động bắt đầu bằng 03, 05, 07, 08 hoặc 09. "
                              f"Anh/chị xem lại giúp em, ví dụ: {PHONE_EXAMPLE}.")
    return Result.valid(f"{digits[:4]} {digits[4:7]} {digits[7:]}")


# --- names and free text ---------------------------------------------------------------------

def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def capitalize_name(text: str) -> str:
    """'nguyễn VĂN an' -> 'Nguyễn Văn An' (works on decomposed or composed input)."""
    words = clean(text).replace("’", "'").split(" ")
    # "h'linh" -> "H'Linh" (Ê Đê, Jrai names)
    return " ".join("'".join(p[:1].upper() + p[1:].lower() for p in w.split("'")) for w in words if w)


# (the family names Hồ and Lại are names: "hồ sơ" is caught by "sơ", "quay lại" by "quay")
# Words that never occur in a personal name: a sentence was typed instead ("tôi không nhận được mã").
# Compared with diacritics ("làm" is not the surname "Lâm"), and folded only where no name folds to it.
NOT_NAME_WORDS = frozenset({"tôi", "không", "được", "muốn", "giúp", "của", "hỏi", "gì", "là", "bị", "làm",
                            "cho", "và", "với", "thì", "mà", "nhé", "ạ", "sao", "đâu", "nào", "cần",
                            # confirmations, commands and common words typed where a name was asked
                            "xin", "việc", "nộp", "xác", "nhận", "đúng", "rồi", "ok", "oke", "sơ", "giấy",
                            "tờ", "phiếu", "tạm", "trú", "thường", "dừng", "quay", "nhắc", "sửa", "nhầm",
                            "đi", "học", "dạ", "vâng", "ừ", "có", "chưa", "xong", "cảm", "ơn", "huỷ", "hủy"})
NOT_NAME_FOLDED = frozenset({"toi", "khong", "duoc", "muon", "giup", "cua", "ko", "dc", "otp", "vneid", "xin",
                             "viec", "ok", "oke", "nop", "phieu", "giay", "roi"})


def _sentence_not_name(raw: str) -> bool:
    words = raw.lower().split()
    # folded only for a word written without diacritics ("ko" is "không", "Kô" a name)
    return any(w in NOT_NAME_WORDS or (fold(w) == w and w in NOT_NAME_FOLDED) for w in words)


_NAME_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")  # H'Linh, Ksor H'Nhi


def validate_name(text: str, *, min_words: int = 2, max_length: int = 60) -> Result:
    raw = clean(text)
    if not raw:
        return Result.invalid(f"Dạ, anh/chị ghi họ và tên giúp em, ví dụ: {NAME_EXAMPLE}.")
    if any(ch.isdigit() for ch in raw):
        return Result.invalid(f"Dạ, họ tên chỉ gồm chữ cái, không có chữ số. Anh/chị ghi lại giúp em, ví dụ: {NAME_EXAMPLE}.")
    if any(not (_is_letter(ch) or ch == " " or unicodedata.category(ch) == "Mn") for ch in _NAME_APOSTROPHE.sub("", raw)):
        return Result.invalid(f"Dạ, họ tên chỉ gồm chữ cái, không có ký hiệu. Anh/chị ghi lại giúp em, ví dụ: {NAME_EXAMPLE}.")
    if _sentence_not_name(raw):
        return Result.invalid(f"Dạ, ở câu này anh/chị chỉ ghi họ và tên thôi, ví dụ: {NAME_EXAMPLE}.")
    if len(raw) > max_length:
        return Result.invalid(f"Dạ, họ tên dài quá (hơn {max_length} ký tự). Anh/chị ghi lại giúp em, ví dụ: {NAME_EXAMPLE}.")
    if len(raw.split()) < min_words:
        return Result.invalid(f"Dạ, anh/chị ghi đầy đủ họ, chữ đệm và tên giúp em, ví dụ: {NAME_EXAMPLE}.")
    return Result.valid(capitalize_name(raw))


def validate_text(text: str, *, min_length: int = 2, max_length: int = 200) -> Result:
    raw = clean(text)
    if len(raw) < min_length or not any(_is_letter(ch) or ch.isdigit() for ch in raw):
        return Result.invalid("Dạ, anh/chị ghi rõ hơn nội dung này giúp em nhé.")
    if len(raw) > max_length:
        return Result.invalid(f"Dạ, phần này dài quá ({len(raw)} ký tự). Anh/chị viết gọn lại, "
                              f"dưới {max_length} ký tự giúp em.")
    return Result.valid(raw)


def validate_address(text: str, *, max_length: int = 250) -> Result:
    raw = clean(text)
    letters = sum(_is_letter(ch) for ch in raw)
    if len(raw.split()) < 3 or letters < 4:
        return Result.invalid("Dạ, anh/chị ghi rõ địa chỉ giúp em: số nhà, đường hoặc thôn, xã/phường, tỉnh/thành "
                              "phố. Ví dụ: số 12 ngõ 34 phố Láng Hạ, phường Láng, Hà Nội.")
    if len(raw) > max_length:
        return Result.invalid(f"Dạ, địa chỉ dài quá ({len(raw)} ký tự). Anh/chị viết gọn lại, dưới {max_length} ký tự giúp em.")
    return Result.valid(re.sub(r"\s*,\s*", ", ", raw))


def validate_email(text: str) -> Result:
    raw = clean(text).lower()
    if not re.fullmatch(r"[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+", raw):
        return Result.invalid("Dạ, địa chỉ email chưa đúng. Email có dạng ten@gmail.com; nếu không có email, "
                              "anh/chị bấm \"Bỏ qua\" nhé.")
    return Result.valid(raw)


_NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
                 "chin": 9, "muoi": 10}


def validate_number(text: str, *, minimum: int = 0, maximum: int = 100) -> Result:
    raw = clean(text)
    numbers = re.findall(r"\d+", raw)
    if numbers:
        value = int(numbers[0])
    else:
        words = [_NUMBER_WORDS[w] for w in fold(raw).split() if w in _NUMBER_WORDS]
        if not words:
            return Result.invalid(f"Dạ, anh/chị ghi một con số giúp em, ví dụ: {max(minimum, 1)}.")
        value = words[0]
    if not minimum <= value <= maximum:
        return Result.invalid(f"Dạ, số này phải từ {minimum} đến {maximum}. Anh/chị ghi lại giúp em.")
    return Result.valid(str(value))


# --- choices ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    title: str
    synonyms: tuple[str, ...] = ()


def validate_choice(text: str, choices: Sequence[Choice], *, allow_other: bool = False,
                    max_length: int = 100) -> Result:
    raw = clean(text)
    folded = fold(raw)
    if re.fullmatch(r"\d{1,2}", folded) and 1 <= int(folded) <= len(choices):
        return Result.valid(choices[int(folded) - 1].title)
    best: tuple[int, Choice] | None = None
    for choice in choices:
        for word in (choice.title, *choice.synonyms):
            key = fold(word)
            if folded == key:
                return Result.valid(choice.title)
            if key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded) and (best is None or len(key) > best[0]):
                best = (len(key), choice)
    if best is not None:
        return Result.valid(best[1].title)
    if allow_other:
        return validate_text(raw, max_length=max_length)
    listed = ", ".join(c.title for c in choices)
    return Result.invalid(f"Dạ, anh/chị chọn một trong các ý: {listed}. Bấm nút bên dưới cho nhanh ạ.")


# --- dispatch by field type --------------------------------------------------------------------------

FIELD_TYPES = ("text", "name", "id_number", "phone", "date", "year", "choice", "address", "email", "number")


def validate(field_type: str, text: str, options: Mapping | None = None, *,
             choices: Sequence[Choice] = (), today: date | None = None) -> Result:
    """Validate one answer by field type; `options` come from the form definition."""
    o = dict(options or {})
    if field_type == "name":
        return validate_name(text, min_words=o.get("min_words", 2), max_length=o.get("max_length", 60))
    if field_type == "id_number":
        return validate_id_number(text, birth_date=o.get("birth_date"), sex=o.get("sex"), today=today)
    if field_type == "phone":
        return validate_phone(text)
    if field_type == "date":
        return validate_date(text, DateRules.from_options(o), today=today)
    if field_type == "year":
        return validate_year(text, min_age=o.get("min_age"), max_age=o.get("max_age", 120), today=today)
    if field_type == "choice":
        return validate_choice(text, choices, allow_other=o.get("allow_other", False))
    if field_type == "address":
        return validate_address(text, max_length=o.get("max_length", 250))
    if field_type == "email":
        return validate_email(text)
    if field_type == "number":
        return validate_number(text, minimum=o.get("min", 0), maximum=o.get("max", 100))
    if field_type == "text":
        return validate_text(text, min_length=o.get("min_length", 2), max_length=o.get("max_length", 200))
    raise ValueError(f"unknown field type {field_type!r}")
