"""Vietnamese text normalisation for lexical search.

Citizens type with or without diacritics, in teencode and with abbreviations
("ko bik lam cccd o dau"), so both queries and documents are compared on a
*folded* form: NFC, lower case, diacritics removed (đ -> d), punctuation turned
into spaces, then abbreviations expanded to the words they stand for. The
accented form is kept as well, for queries that were typed with diacritics.
"""
from __future__ import annotations

import re
import unicodedata

from core.text.normalize import fold as fold_core
from core.text.teencode import REGIONAL_WITH_DIACRITICS
from core.text.teencode import TEENCODE as CORE_TEENCODE

from .english import translate_folded

# Official abbreviations citizens use for documents and agencies; applied to
# queries and documents alike (a procedure name may also say "CCCD").
ABBREVIATIONS = {
    "cccd": "can cuoc cong dan",
    "cmnd": "chung minh nhan dan",
    "cmt": "chung minh thu",
    "gks": "giay khai sinh",
    "hk": "ho khau",
    "shk": "so ho khau",
    "gplx": "giay phep lai xe",
    "bhyt": "bao hiem y te",
    "bhxh": "bao hiem xa hoi",
    "lltp": "ly lich tu phap",
    "gcn": "giay chung nhan",
    "qsdd": "quyen su dung dat",
    "gcnqsdd": "giay chung nhan quyen su dung dat",
    "dkkd": "dang ky kinh doanh",
    "hkd": "ho kinh doanh",
    "mst": "ma so thue",
    "ubnd": "uy ban nhan dan",
    "tthc": "thu tuc hanh chinh",
    "dvc": "dich vu cong",
    "xnc": "xuat nhap canh",
    "sdt": "so dien thoai",
    "dkx": "dang ky xe",
    "dk": "dang ky",
    "dky": "dang ky",
    "dki": "dang ky",
    "cty": "cong ty",
    "tnhh": "trach nhiem huu han",
    "htx": "hop tac xa",
    "kd": "kinh doanh",
    "gpkd": "giay phep kinh doanh",
    "bds": "bat dong san",
    "xnk": "xuat nhap khau",
    "gtgt": "gia tri gia tang",
    "tncn": "thu nhap ca nhan",
    "pccc": "phong chay chua chay",
    "dtm": "danh gia tac dong moi truong",
    "tnld": "tai nan lao dong",
    "bnn": "benh nghe nghiep",
    "gpxd": "giay phep xay dung",
    "bhtn": "bao hiem that nghiep",
    "ctv": "cong tac vien",
    "qsd": "quyen su dung",
    "hdld": "hop dong lao dong",
    "vn": "viet nam",
    # names write "hai thành viên", "một cửa"; messages often use digits
    "1": "mot",
    "2": "hai",
}

# Chat spellings ("teencode"): the one table of core/text/teencode.py, folded; queries only,
# because in formal text some of these short forms are ordinary letters. Chat particles that
# say nothing about a procedure ("vậy", "admin") are dropped instead of expanded.
DROPPED_PARTICLES = ("v", "z", "ad", "add", "admin")
# Chat short forms of procedure words, too ambiguous for the NLU's table but clear in a question
# to a public-service desk (queries only).
CHAT_ABBREVIATIONS = {
    "hc": "ho chieu",
    "qtt": "quyet toan thue",
    "tv": "thanh vien",
    "ksinh": "khai sinh",
    "gp": "giay phep",
    "oto": "o to",
    "tq": "trung quoc",
    "csgt": "canh sat giao thong",
    "dkdn": "dang ky doanh nghiep",
    "kq": "ket qua",
    "sv": "sinh vien",
}
TEENCODE = {**{key: fold_core(value) for key, value in CORE_TEENCODE.items()},
            **CHAT_ABBREVIATIONS, **dict.fromkeys(DROPPED_PARTICLES, "")}

# Regional spellings of administrative words; applied to both sides, so a
# curated alias "khai sanh" and a query "khai sinh" meet.
REGIONAL_SPELLINGS = {"sanh": "sinh"}

# Conversational words that say nothing about *which* procedure is meant; they
# are dropped from queries, so "ở đâu" neither matches nor counts as unexplained.
# Kept small: folding makes many short words ambiguous ("the" is also "thẻ",
# "can" also "căn", "hoi" also "hội", "dau" also "đầu").
FILLER_WORDS = frozenset(
    "a ah oi nhe nhi nha ne gi sao nhieu muon giup gium dum xin vui minh em anh chau bac "
    "lam duoc khong co phai la o thi ma nhu roi di u ha tui toi biet nao cach cho voi".split()
)
# With diacritics the ambiguous ones are safe to name.
ACCENTED_FILLER_WORDS = frozenset("đâu thế bao nhiêu lâu hỏi cần vậy cho tôi chị bạn".split())

_NON_WORD = re.compile(r"[^0-9a-z]+")
_NON_WORD_UNICODE = re.compile(r"[\W_]+")
ACCENTED_MARK = "="  # namespace prefix: accented terms never collide with folded ones


# Old-style tone placement ("hoá", "thuỷ") next to the modern one ("hóa", "thủy"):
# both occur in the catalogue and in messages; compared in the modern form.
# Only a word-final "oa/oe/uy" differs ("quý" keeps its mark: "u" belongs to "qu").
_OLD_TONE_ENDING = re.compile(r"(?<!q)(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?!\w)")
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"


def _modern_syllable(match: re.Match) -> str:
    pair = unicodedata.normalize("NFD", match.group(0))
    marks = "".join(c for c in pair if c in _TONE_MARKS)
    base = "".join(c for c in pair if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base[0] + marks + base[1:])


def modern_tones(text: str) -> str:
    """Lower-case NFC text with a word-final "oá, oè, uý..." written "óa, òe, úy"."""
    return _OLD_TONE_ENDING.sub(_modern_syllable, unicodedata.normalize("NFC", text.lower()))


def lowered(text: str) -> str:
    """The text as typed, for matching phrases written with diacritics: lower-case, modern tones,
    words separated by one space."""
    return " ".join(modern_tones(text).split())


def phrase_pattern(phrases) -> re.Pattern | None:
    """Whole-word alternation of `phrases` (longest first); None when there are none: an empty
    alternation would match every text."""
    kept = sorted({str(p).strip() for p in phrases or [] if str(p).strip()}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in kept) + r")\b") if kept else None


def typed_patterns(phrases) -> tuple[re.Pattern | None, re.Pattern | None]:
    """(with diacritics, folded) whole-word patterns of phrases written with diacritics, for
    `read_as_typed`."""
    said = [lowered(str(p)) for p in phrases or []]
    return phrase_pattern(said), phrase_pattern(fold_core(p) for p in said)


def read_as_typed(text: str, patterns: tuple[re.Pattern | None, re.Pattern | None]) -> tuple[re.Pattern | None, str]:
    """The pattern of `patterns` (with diacritics, folded) to read `text` with, and `text` so read:
    as typed when the writer typed diacritics ("mặt", "mật" are no "mất"), folded otherwise."""
    accented, folded = patterns
    return (accented, lowered(text)) if has_diacritics(text) else (folded, fold_core(text))


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ -> d) and punctuation; words separated by one space."""
    return _NON_WORD.sub(" ", fold_core(unicodedata.normalize("NFC", text))).strip()


def has_diacritics(text: str) -> bool:
    """Whether the writer typed Vietnamese diacritics (then they can be trusted to disambiguate)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "đ" in decomposed or any(unicodedata.category(c) == "Mn" for c in decomposed)


def accented_words(text: str) -> list[str]:
    """Lower-cased words keeping diacritics ("sổ đỏ" stays apart from "sơ đồ")."""
    return _NON_WORD_UNICODE.sub(" ", modern_tones(text)).split()


def _expand(words: list[str], table: dict[str, str]) -> list[str]:
    out: list[str] = []
    for word in words:
        out.extend(table.get(word, word).split())
    return out


def document_words(text: str) -> list[str]:
    """Folded words of catalogue text, regional spellings and abbreviations expanded."""
    return _expand(_expand(fold(text).split(), REGIONAL_SPELLINGS), ABBREVIATIONS)


def query_words(text: str, translate: bool = True) -> list[str]:
    """Folded words of a citizen's message, teencode, regional spellings and abbreviations
    expanded; known English phrases ("birth certificate") read as Vietnamese (english.py)."""
    folded = translate_folded(fold(text)) if translate else fold(text)
    return document_words(" ".join(_expand(folded.split(), TEENCODE)))


_TOKEN = re.compile(r"\w+|[^\w]+", re.UNICODE)

# Southern, Central and elderly words for procedure matters, written with diacritics (folded they
# are other words: "lanh" is also "lạnh", "man" also "màn"): "bà lãnh lương hưu ở bưu điện",
# "mần giấy khai sanh cho thằng nhỏ mới đẻ". Queries only, on top of the NLU's regional words.
# "sanh" only in its phrases: alone it may be "sảnh" typed without diacritics.
SEARCH_REGIONAL = {
    "lãnh": "lĩnh", "mần": "làm", "đẻ": "sinh", "thằng nhỏ": "con", "con nhỏ": "con",
    "giùm": "giúp", "bển": "bên đó", "ở đợ": "làm thuê", "khai sanh": "khai sinh", "mới sanh": "mới sinh",
    "nghỉ sanh": "nghỉ sinh", "sanh con": "sinh con", "đi sanh": "đi sinh", "sanh ra": "sinh ra",
}
_REGIONAL = {**{k: v for k, v in REGIONAL_WITH_DIACRITICS.items() if k != v}, **SEARCH_REGIONAL}
_REGIONAL_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, _REGIONAL), key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)


# Older citizens' names for papers, several words long, so clear with or without diacritics:
# "sổ đi nước ngoài" is a passport, "bằng khoán" a land-use certificate. Queries only.
ELDERLY_PHRASES = {"sổ đi nước ngoài": "hộ chiếu", "sổ xuất ngoại": "hộ chiếu", "sổ xuất cảnh": "hộ chiếu",
                   "bằng khoán": "sổ đỏ"}
# Only with diacritics: folded "giay do" is mostly "giấy đó" (that paper) or "giấy do … cấp".
ELDERLY_PHRASES_ACCENTED = {"giấy đỏ": "sổ đỏ", "bìa đỏ": "sổ đỏ"}
# "nhập khẩu" is a residence registration when a person follows it ("nhập khẩu cho cháu", "nhập
# khẩu nó vào nhà bà", "nhập khẩu về ở với con trai"), not an import ("nhập khẩu con giống",
# "nhập khẩu về nhà máy"). Folded, most of these words are other words ("bo" is "bò", "ong"
# "ống"): only "cho" + a close relative.
_IMPORTED_PERSON = {
    True: r"\s+(?:(?:nó|cháu|thằng|đứa|vợ|chồng)|(?:cho|vào|về)\s+(?:(?:đứa|thằng|con bé|cái)\s+)?(?:nó|con|cháu|thằng|đứa|bé|vợ|chồng|mẹ|bố|ba|má|"
          r"ông|bà|em|anh|chị)|(?:cho\s+)?(?:vào|về)\s+(?:nhà|hộ)\s+(?:tôi|tui|mình|ông|bà|anh|chị|em|cháu|bác|cô|chú|"
          r"chồng|vợ|bố|mẹ|ba|má|con|nội|ngoại)|về\s+ở\s+(?:với|chung|cùng)\s+(?:với\s+)?(?:con|cháu|bố|mẹ|ba|má|"
          r"ông|bà|vợ|chồng|anh|chị|em|gia\s+đình|nhà|hộ))"
          r"(?!\w)(?!\s+giống)",
    False: r"\s+cho\s+(?:con|chau|vo|chong)(?!\w)(?!\s+giong)",
}
# English loanwords in a Vietnamese message written with diacritics ("làm passport mất mấy ngày"):
# its accented words are compared too, and "passport" is no catalogue word (english.py translates
# only the folded words). A Visa card is no visa.
LOANWORDS = {"passport": "hộ chiếu", "visa": "thị thực"}
_LOANWORD_RE = re.compile(r"(?<!\w)(?<!thẻ )(?:" + "|".join(LOANWORDS) + r")(?!\w)(?!\s+(?:card|mastercard|debit|credit))",
                          re.IGNORECASE)


# "cái thẻ có gắn chíp" is how older people name the căn cước, unless a bank card is meant
_CHIP_CARD = re.compile(r"(?<!\w)(?:thẻ|the)\s+(?:(?:có|co)\s+)?(?:gắn|gan)\s+(?:chíp|chip)(?!\w)", re.IGNORECASE)
_BANK_CARD = re.compile(r"ngân hàng|ngan hang|atm|thẻ từ|the tu|visa|master|tín dụng|tin dung|napas|ghi nợ|ghi no",
                        re.IGNORECASE)


def _spaced(phrase: str) -> str:
    """A phrase as a regex whose spaces match any run of white space."""
    return re.escape(phrase).replace(r"\ ", r"\s+")


# Vehicles named by their model ("chiếc Wave", "con SH", "xe Vios"): e5 reads the model name as
# noise (a transfer question's similarity to "sang tên xe" drops below the typical level), so after
# a classifier the model is written as the kind of vehicle. Queries only.
MOTORBIKE_MODELS = ("wave", "dream", "sirius", "exciter", "vision", "air blade", "airblade", "sh", "lead", "future",
                    "cub", "vespa", "jupiter", "winner", "janus", "nouvo", "spacy", "attila")
CAR_MODELS = ("vios", "innova", "fortuner", "camry", "corolla", "cr-v", "crv", "civic", "accent", "i10", "morning",
              "ranger", "xpander", "fadil", "vf3", "vf5", "vf8", "santafe", "cerato", "mazda3", "mazda 3")
_VEHICLE_MODEL = re.compile(
    r"(?<!\w)(chiếc|con|cái|xe|chiec|cai)\s+(" + "|".join(_spaced(m) for m in (*MOTORBIKE_MODELS, *CAR_MODELS))
    + r")(?!\w)", re.IGNORECASE)


def _vehicle_kind(match: re.Match, accented: bool) -> str:
    kind = "xe máy" if " ".join(match.group(2).lower().split()) in MOTORBIKE_MODELS else "ô tô"
    kind = kind if accented else fold(kind)
    return kind if match.group(1).lower() == "xe" and kind.startswith("xe") else f"{match.group(1)} {kind}"


def _phrase_rule(accented: bool) -> tuple[re.Pattern, dict[str, str]]:
    phrases = {**ELDERLY_PHRASES, **ELDERLY_PHRASES_ACCENTED} if accented else ELDERLY_PHRASES
    table = {(k if accented else fold(k)): (v if accented else fold(v)) for k, v in phrases.items()}
    keys = "|".join(_spaced(k) for k in sorted(table, key=len, reverse=True))
    importing = "nhập khẩu" if accented else "nhap khau"
    table[importing] = "nhập hộ khẩu" if accented else "nhap ho khau"
    rule = rf"(?<!\w)(?:{keys}|{_spaced(importing)}(?={_IMPORTED_PERSON[accented]}))(?!\w)"
    return re.compile(rule, re.IGNORECASE), table


_PHRASES_ACCENTED, _PHRASES_FOLDED = _phrase_rule(True), _phrase_rule(False)
# "bh" is "bao giờ" or "bảo hiểm" in chat; after rút / đóng / thẻ / sổ or before "1 lần" it is
# insurance (folded "the" is also "thế", "so" also "số": left out there)
_BH_AFTER = {True: r"rút|đóng|thẻ|sổ|mua|tham\s+gia", False: r"rut|dong|mua|tham\s+gia"}
# "sao y" (a certified copy) only before the papers or at the end of a clause: elsewhere "sao" is
# "why" and "y" starts y tế, y tá, y như ("tại sao y tế xã không nhận hồ sơ")
_SAO_Y = re.compile(r"(?<!\w)(?<!tại )(?<!vì )(?<!tai )(?<!vi )sao\s+y(?=\s+(?:bản|giấy|mấy|cái|tờ|hồ\s+sơ|các|bằng|sổ|"
                    r"thẻ|học\s+bạ|hợp\s+đồng|căn\s+cước|cccd|cmnd|ban|giay|may|cai|ho\s+so|cac|bang|so|the|hoc\s+ba|"
                    r"hop\s+dong|can\s+cuoc)(?!\w)|\s*[,.?!;]|\s*$)", re.IGNORECASE)
# "báo tử" names the death registration, but not in "thông báo tử vong", "báo tử trận", "tử vi"
_BAO_TU = re.compile(r"(?<!\w)(?<!thông )báo\s+tử(?!\w)(?!\s+(?:vi|vong|trận)(?!\w))", re.IGNORECASE)
_INSURANCE_BH = {accented: re.compile(rf"(?<!\w)((?:{after})\s+)?bh(?!\w)"
                                      r"(?(1)|(?=\s+(?:1|một|mot)\s+(?:lần|lan)(?!\w)))", re.IGNORECASE)
                 for accented, after in _BH_AFTER.items()}


def standard_words(text: str) -> str:
    """The message with regional and elderly words written with diacritics put in standard
    Vietnamese ("bà lãnh lương hưu" -> "bà lĩnh lương hưu", "hổng" -> "không"), and older
    citizens' names for papers put in today's ("làm sổ đi nước ngoài" -> "làm hộ chiếu"), for
    the search; single words typed without diacritics are left alone ("lanh" may be "lạnh")."""
    text = _REGIONAL_RE.sub(lambda m: _REGIONAL.get(m.group(0).lower(), m.group(0)), unicodedata.normalize("NFC", text))
    accented = has_diacritics(text)
    rule, table = _PHRASES_ACCENTED if accented else _PHRASES_FOLDED
    text = rule.sub(lambda m: table.get(" ".join(m.group(0).lower().split()), m.group(0)), text)
    text = _SAO_Y.sub("chứng thực bản sao" if accented else "chung thuc ban sao", text)
    text = _VEHICLE_MODEL.sub(lambda m: _vehicle_kind(m, accented), text)
    if not _BANK_CARD.search(text):
        text = _CHIP_CARD.sub("thẻ căn cước" if accented else "the can cuoc", text)
    if accented:
        text = _LOANWORD_RE.sub(lambda m: LOANWORDS[m.group(0).lower()], text)
        text = _BAO_TU.sub("khai tử", text)
    return _INSURANCE_BH[accented].sub(lambda m: (m.group(1) or "") + ("bảo hiểm" if accented else "bao hiem"), text)


def expand_short_forms(text: str, accent=None) -> str:
    """The message with its chat and official short forms written out ("hc của e hết hạn, lm
    lại ở phòng xnc" -> "hộ chiếu của e hết hạn, làm lại ở phòng xuất nhập cảnh"), for the dense
    side, which reads short forms poorly. Only words typed without diacritics and of two letters
    or more are expanded; `accent` (accents.Reaccenter) writes an expansion with diacritics.
    Chat particles that say nothing are dropped."""
    out = []
    for token in _TOKEN.findall(text):
        key = token.lower()
        if key.replace("đ", "d") == fold(key):  # "đky": only the đ is marked
            key = fold(key)
        if key in DROPPED_PARTICLES:
            out.append("")
            continue
        if len(key) < 2 or not key.isalnum() or has_diacritics(key) or key.isdigit():
            out.append(token)
            continue
        expansion = TEENCODE.get(key, ABBREVIATIONS.get(key))
        if expansion is None or expansion == key:
            out.append(token)
            continue
        expansion = " ".join(ABBREVIATIONS.get(w, w) for w in expansion.split())
        out.append(accent(expansion) if accent is not None else expansion)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def with_bigrams(words: list[str]) -> list[str]:
    """Unigrams plus adjacent-word bigrams: Vietnamese words are often two syllables."""
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


def is_filler(term: str) -> bool:
    """True for a filler word, or a bigram made only of filler words (folded or accented term)."""
    parts = term.removeprefix(ACCENTED_MARK).split("_")
    return all(part in ACCENTED_FILLER_WORDS or fold(part) in FILLER_WORDS for part in parts)
