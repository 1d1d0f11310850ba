"""Qualified variants of a procedure, and "mất" meaning "it takes / it costs".

Many procedures come in near-identical copies that differ only by a qualifier in the name:
"Thủ tục đăng ký khai sinh" and "... có yếu tố nước ngoài"; "Đăng ký kết hôn có yếu tố nước
ngoài" and "... tại khu vực biên giới"; "Cấp lại thẻ bảo hiểm y tế (thực hiện tại cấp trung
ương)". Lexical and dense scores see the shared object and rank the copies about equally, and a
message that says nothing of the qualifier ("đăng ký khai sinh cho bé") means the plain,
common one. So a procedure whose name carries a qualifier the message does not mention loses a
little; one whose qualifier the message does mention ("vợ tôi người Campuchia", "ở khu vực biên
giới") gains a little. Each qualifier lists the message words that evoke it.

Separately, "mất" is mostly the verb "take / cost" in citizens' questions ("làm hộ chiếu mất
bao lâu", "mất bn tiền", "có mất phí không"), which otherwise matches "Trình báo mất hộ chiếu";
`without_cost_verb` leaves that "mất" out of the searched text (a lost paper, "bị mất",
"mất thẻ", stays).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .text import fold, lowered

# Nationalities and foreign countries citizens name for a foreign spouse, parent or child. Not
# bare "anh" ("người anh trai", "bên anh") nor "thái" ("người Thái" is also a Vietnamese people).
_COUNTRIES = (
    "trung quốc|đài loan|hàn quốc|hàn|nhật bản|nhật|mỹ|hoa kỳ|pháp|đức|anh quốc|nước anh|úc|canada|nga|lào|"
    "campuchia|thái lan|singapore|malaysia|indonesia|philippines|ấn độ|hồng kông|ý|tây ban nha|hà lan|séc|ba lan"
)


# Vietnamese places and words that start with a country's name: Lào Cai, Mỹ Tho, Nga Sơn, Ý Yên,
# Đức Phổ, Đức Thọ, Đức Hòa, Mỹ Đình, Mỹ Hào, Mỹ Đức, Mỹ Lộc, Mỹ Xuyên, Nhật Tân, Pháp Vân, Hàn
# Thuyên, Đức Giang; "lao động" folded
_NOT_A_PLACE = (r"(?! (?:cai|tho|sơn|son|yên|yen|phổ|pho|thọ|hòa|hoa|động|dong|linh|trọng|trong|đình|dinh|hào|hao|"
                r"đức|duc|lộc|loc|xuyên|xuyen|tân|tan|vân|van|thuyên|thuyen|giang|an|phước|phuoc)(?!\w))")


# "tây" after a word for a guest or an in-law is a Westerner ("khách tây", "chồng tây"). Not after
# "người" / "bạn" / "vợ": folded they are "người Tày", "bàn tay", "vỗ tay"; nor a region ("Tây
# Nguyên", "Tây Nam Bộ", "Tây Ninh", "miền Tây")
_NOT_WEST_PLACE = r"(?! (?:nguyên|nguyen|ninh|nam|bắc|bac|đô|do|hồ|ho|sơn|son|giang|ban nha|tạng|tang)(?!\w))"

# "mất" as a loss ("bị mất", "mất ví"), not "it takes / it costs" ("mất bao lâu", "có mất phí
# không", "mất hơn 1 tuần"), a death's "người mất", nor "mất điện / mạng / ngủ / việc / tích"
_NOT_A_LOSS_AFTER = (r"bao|bn|mấy|nhiêu|phí|lệ|tiền|thời gian|lâu|ngày|tuần|tháng|năm|khoảng|tầm|chừng|hơn|gần|cả|gì|"
                     r"nhiều|công|trực|tích|điện|mạng|ngủ|sóng|việc|sức|một|hai|ba|bốn|sáu|bảy|tám|chín|mười|vài|\d")
_LOSS = (rf"(?<!người )(?<!tiền )mất(?! (?:{_NOT_A_LOSS_AFTER})(?!\w))|thất lạc|đánh rơi|bị rơi|rơi mất|rớt mất|"
         r"bị rớt|để quên|bỏ quên|bị trôi|cuốn trôi|bị trộm|ăn trộm|lấy trộm|lấy cắp|móc túi|bị móc|bị giật|"
         r"giật mất|bị cướp|cướp mất|không tìm thấy|tìm không thấy|không thấy đâu|(?<!phòng )(?<!chữa )cháy(?! nổ)|"
         r"lạc mất")


# chat ages ("e 13t", "con bé 5 t"): after a person word only ("lương 5t" is five million)
_PERSON_AGE_T = r"(?:em|e|con|bé|cháu|nó|mình|mk|tôi|tui|thằng|đứa|cu|cô|bà|ông|bác)(?: \w+)? "


# Ages under 14, in digits and in words ("mười tuổi", "lên sáu").
_UNDER_14 = "[1-9]|1[0-3]|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười một|mười hai|mười ba"
# Ages of 14 and more in words ("mười sáu tuổi", "bảy mươi hai tuổi")
_FROM_14 = r"mười (?:bốn|lăm|năm|sáu|bảy|tám|chín)|(?:hai|ba|bốn|năm|sáu|bảy|tám|chín) mươi(?: \w+)?"


@dataclass(frozen=True)
class Qualifier:
    name: str
    in_name: str  # regex on the procedure name (lower case, diacritics kept)
    in_message: str  # regex on the message (lower case, diacritics kept; folded for unaccented messages)
    weight: float = 1.0  # share of QUALIFIER_PENALTY / QUALIFIER_BONUS
    in_field: str | None = None  # regex on the procedure's field (lĩnh vực), an alternative to in_name
    not_in_name: str | None = None  # regex on the name: no in_field qualifier for these


QUALIFIERS: tuple[Qualifier, ...] = (
    # a foreign party, or a procedure only for foreigners ("gia hạn tạm trú cho người nước ngoài",
    # "đổi giấy phép lái xe … của người nước ngoài"); a paper a foreign country issued counts
    Qualifier("foreign", r"yếu tố nước ngoài|(?:cho|của) người nước ngoài",
              r"nước ngoài|ngoại quốc|người ngoại(?! tỉnh| thành)|quốc tịch|việt kiều|kiều bào|đi định cư|"
              rf"(?:khách|chồng|rể) tây{_NOT_WEST_PLACE}|tây ba lô|tây balo|"
              r"sang định cư|foreign|"
              rf"(?:người|ng|ở|bên|tại|sang|từ) (?:{_COUNTRIES}){_NOT_A_PLACE}|"
              rf"(?:do|của) (?:{_COUNTRIES}) cấp"),
    # the domestic-only copy of an adoption ("nuôi con nuôi trong nước"): not when a foreigner or
    # a Vietnamese living abroad is party (CONTRADICTIONS); never penalised for being unsaid
    Qualifier("domestic", r"con nuôi trong nước", r"trong nước", 0.0),
    Qualifier("border", r"khu vực biên giới|vùng biên giới|cư dân biên giới", r"biên giới|cửa khẩu"),
    # A nationality errand filed from abroad (through an embassy) or at home: "Thôi quốc tịch Việt
    # Nam ở nước ngoài" / "... ở trong nước". At home is meant unless the message says abroad.
    Qualifier("abroad", r"quốc tịch việt nam ở nước ngoài",
              rf"(?<!người )(?<!ng )(?<!quốc tịch )nước ngoài|đại sứ quán|sứ quán|lãnh sự|tổng lãnh sự|"
              rf"(?:sống|ở|định cư|làm việc|bên|sang|tại) (?:{_COUNTRIES}){_NOT_A_PLACE}"),
    Qualifier("in_country", r"quốc tịch việt nam ở trong nước",
              r"trong nước|(?:ở|tại|về) (?:việt nam|vn)|về nước|về quê|hồi hương", 0.0),
    # A household business and a company file different copies of the same errand (tạm ngừng,
    # thay đổi, đăng ký): saying one rules out the other's (CONTRADICTIONS); unsaid, neither loses
    Qualifier("household_business", r"hộ kinh doanh", r"hộ kinh doanh|hộ kd|hkd|hộ cá thể|hộ buôn bán", 0.0),
    Qualifier("enterprise", r"doanh nghiệp|công ty",
              r"doanh nghiệp|công ty|cty|tnhh|cổ phần|tập đoàn", 0.0),
    # a civil-status officer who comes to the family ("đăng ký khai tử lưu động"): "cán bộ xã lên
    # tận nơi"; not the citizen going in person ("có phải lên tận nơi không") nor a delivery
    Qualifier("mobile", r"lưu động",
              r"lưu động|(?:cán bộ|công chức|tư pháp|xã|phường|ủy ban)(?: \w+){0,4} (?:xuống|lên|vào|tới|đến|về) "
              r"tận (?:nơi|nhà|bản|làng|thôn|xóm|rẫy|giường)"),
    # a report of a lost paper ("Trình báo mất hộ chiếu") is not the paper's first issue: "phí làm
    # thẻ abtc lần đầu" asks for the card itself. Below LIFT_WEIGHT: a loss said must not lift the
    # level copies of a report over each other
    Qualifier("lost", r"trình báo mất", _LOSS, 0.9),
    # a vehicle's first registration differs for an imported and a domestically assembled one
    Qualifier("imported_vehicle", r"xe nhập khẩu", r"nhập khẩu|xe nhập|nhập về|nhập từ|hàng nhập", 1.0),
    Qualifier("domestic_vehicle", r"xe sản xuất,? lắp ráp trong nước",
              r"sản xuất trong nước|lắp ráp trong nước|trong nước|sản xuất ở việt nam|lắp ráp ở việt nam", 0.0),
    Qualifier("under_14", r"dưới 14 tuổi|chưa đủ 14 tuổi",
              rf"dưới 14|chưa đủ 14|trẻ em|trẻ nhỏ|bé|con nhỏ|sơ sinh|mới sinh|mới đẻ|tháng tuổi|"
              rf"(?<!mười )(?<!mươi )(?:{_UNDER_14}) tuổi|lên (?:{_UNDER_14})(?= tuổi| thì| rồi| mà|\s*[,.?!]|\s*$)|"
              rf"{_PERSON_AGE_T}(?:[1-9]|1[0-3]) ?t"),
    # the plain procedure for people 14 and over: not for a child whose age the message gives
    Qualifier("from_14", r"từ đủ 14 tuổi",
              rf"(?<!dưới )(?<!chưa đủ )(?:1[4-9]|[2-9]\d|{_FROM_14}) tuổi|(?:trên|từ|từ đủ) 14 tuổi|"
              rf"{_PERSON_AGE_T}(?:1[4-9]|[2-9]\d) ?t", 0.0),
    Qualifier("to_state", r"cho nhà nước|cho cộng đồng dân cư",
              r"nhà nước|cộng đồng|làm đường|mở đường|mở rộng đường", 2.0),
    Qualifier("state_secret", r"bí mật nhà nước", r"bí mật|quốc phòng|an ninh|quân sự|quân đội|công an"),
    Qualifier("branch", r"chi nhánh|văn phòng đại diện|địa điểm kinh doanh",
              r"chi nhánh|văn phòng đại diện|vpdd|địa điểm kinh doanh|địa điểm kd|cơ sở \d|cơ sở hai|cơ sở 2"),
    Qualifier("central", r"\(thực hiện tại cấp trung ương\)|\(cấp trung ương\)|\(cấp bộ\)",
              r"trung ương|cấp bộ|bộ công an|bộ ngoại giao|cục", 0.6),
    Qualifier("province", r"\(thực hiện tại cấp tỉnh\)|\(cấp tỉnh\)", r"tỉnh|thành phố|sở|cấp tỉnh", 0.4),
    # Social-insurance and labour copies: the plain benefit ("bị tai nạn lao động", "đóng BHXH")
    # is meant unless the message says what the special copy is for.
    Qualifier("relapse", r"tái phát", r"tái phát|tái lại|bị lại|vết thương cũ|bệnh cũ"),
    Qualifier("again", r"nay tiếp tục bị", r"tiếp tục bị|lại bị|bị thêm|lần (?:thứ )?(?:hai|2|ba|3)|lần nữa"),
    Qualifier("relief_force", r"lực lượng xung kích|phòng chống thiên tai",
              r"xung kích|thiên tai|cơn bão|bão lũ|lũ lụt|lũ quét|mưa lũ|sạt lở|chống bão|chống lụt"),
    Qualifier("fire_rescue", r"phòng cháy, chữa cháy",
              r"cháy|chữa cháy|pccc|cứu nạn|cứu hộ|được huy động"),
    Qualifier("security_force", r"bảo vệ an ninh, trật tự ở cơ sở",
              r"an ninh,? trật tự|antt|bảo vệ dân phố|dân phòng|công an viên|tổ bảo vệ"),
    Qualifier("commune_official", r"đối với cán bộ xã",
              r"cán bộ (?:cấp )?(?:xã|phường|thị trấn)|chủ tịch (?:xã|phường)|bí thư|cán bộ chuyên trách"),
    Qualifier("decision_613", r"613/qđ-ttg", r"613|mất sức lao động|trợ cấp mất sức"),
    Qualifier("after_prison", r"chấp hành xong hình phạt tù",
              r"phạt tù|đi tù|ở tù|ra tù|hình phạt|mãn hạn|xuất cảnh trái phép|mất tích"),
    Qualifier("teacher_seniority", r"phụ cấp thâm niên", r"thâm niên"),
    # a grown-up never registered at birth who already has papers, not a child registered late
    Qualifier("has_papers", r"đã có hồ sơ, giấy tờ cá nhân",
              r"(?:đã )?có (?:hồ sơ|giấy tờ|căn cước|cccd|cmnd|chứng minh|hộ chiếu|học bạ|bằng)|người lớn|"
              r"trưởng thành|đã lớn|(?:1[89]|[2-9]\d) tuổi"),
    # what a deceased pensioner had not yet collected; a death alone asks for the survivors'
    # benefit (tử tuất: "ông nhà mất, lãnh tiền tuất")
    Qualifier("deceased_unclaimed", r"người hưởng đã chết",
              r"truy lĩnh|lĩnh nốt|nhận nốt|chưa (?:kịp )?(?:lĩnh|lãnh|nhận|rút)|còn (?:tiền|chế độ|lương)(?: \w+){0,3} chưa"),
    Qualifier("abroad_settle", r"ra nước ngoài để định cư",
              r"nước ngoài|định cư|xuất cảnh|không còn cư trú|quốc tịch"),
    Qualifier("voluntary", r"bhxh tự nguyện|bảo hiểm xã hội tự nguyện",
              r"tự nguyện|tự đóng|lao động tự do|làm tự do|làm nông|làm ruộng|nông dân|buôn bán|"
              r"không có hợp đồng|nội trợ|bán hàng"),
    Qualifier("health_only", r"chỉ tham gia bhyt", r"bhyt|bảo hiểm y tế|thẻ y tế"),
    # A loan secured on land or on a car: the same registrations exist for each kind of collateral
    # ("thế chấp xe ô tô" is the movable-property one, "thế chấp sổ đỏ" the land one)
    # A message naming no collateral ("xóa đăng ký thế chấp") means the common land pledge: only the
    # movable-property copies lose when their kind is unsaid; naming a kind contradicts the other's.
    Qualifier("pledge_land", r"biện pháp bảo đảm bằng quyền sử dụng đất",
              r"đất|sổ đỏ|sổ hồng|nhà đất|nhà ở|căn nhà|ngôi nhà|thế chấp nhà|căn hộ|quyền sử dụng|bất động sản", 0.0),
    Qualifier("pledge_movable", r"biện pháp bảo đảm bằng động sản",
              r"xe|ô tô|oto|xe máy|máy móc|thiết bị|hàng hóa|hàng tồn kho|động sản|tàu cá"),
    # The Ministry of Public Security's field "Chính sách" (the only one so named in the catalogue)
    # holds the police force's own welfare: its officers' health-insurance cards, allowances for
    # its veterans and its martyrs' families. A citizen's "cấp lại thẻ bảo hiểm y tế" means the
    # social-insurance procedure unless the message speaks of the police. The grassroots security
    # force and the all-people security movement in that field are civilians' (not_in_name). A
    # restricted audience, not a variant: it weighs three qualifiers (the police card's short name
    # matches a citizen's words better than the social-insurance procedure's long name does).
    Qualifier("police_force", r"công an nhân dân", r"công an|cand|cảnh sát|ngành công an|police",
              3.0, in_field=r"^chính sách$", not_in_name=r"an ninh, trật tự ở cơ sở|toàn dân bảo vệ an ninh"),
)
QUALIFIER_PENALTY = 0.05
QUALIFIER_BONUS = 0.02
# A procedure whose qualifier the message contradicts ("căn cước cho con 3 tuổi" is not the one
# "cho người từ đủ 14 tuổi trở lên") loses this much, whether or not its own qualifier was said.
CONTRADICTIONS = {"from_14": "under_14", "under_14": "from_14", "domestic": "foreign",
                  "household_business": "enterprise", "enterprise": "household_business",
                  "pledge_land": "pledge_movable", "pledge_movable": "pledge_land",
                  "abroad": "in_country", "in_country": "abroad",
                  "imported_vehicle": "domestic_vehicle", "domestic_vehicle": "imported_vehicle"}
CONTRADICTION_PENALTY = 0.06
TWIN_PENALTY = 0.12


def _compile(pattern: str, folded: bool) -> re.Pattern:
    if folded:
        pattern = re.sub(r"\w+", lambda m: fold(m.group(0)), pattern)
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)" if not pattern.startswith(r"\(") else pattern)


_NAME_RULES = [_compile(q.in_name, False) for q in QUALIFIERS]
_MESSAGE_ACCENTED = [_compile(q.in_message, False) for q in QUALIFIERS]
_MESSAGE_FOLDED = [_compile(q.in_message, True) for q in QUALIFIERS]


_FIELD_RULES = [re.compile(q.in_field) if q.in_field else None for q in QUALIFIERS]
_FIELD_EXCEPTIONS = [re.compile(q.not_in_name) if q.not_in_name else None for q in QUALIFIERS]


def name_qualifiers(name: str, field: str = "") -> frozenset[str]:
    """The qualifiers a procedure carries, read from its name (and, for some, its field)."""
    text, field = lowered(name), lowered(field)
    rules = zip(QUALIFIERS, _NAME_RULES, _FIELD_RULES, _FIELD_EXCEPTIONS)
    return frozenset(q.name for q, rule, field_rule, exception in rules
                     if rule.search(text)
                     or (field_rule and field_rule.search(field) and not (exception and exception.search(text))))


def message_qualifiers(text: str, accented: bool) -> frozenset[str]:
    rules, normalised = (_MESSAGE_ACCENTED, lowered(text)) if accented else (_MESSAGE_FOLDED, fold(text))
    return frozenset(q.name for q, rule in zip(QUALIFIERS, rules) if rule.search(normalised))


# The part a qualified copy adds to its plain twin's name, per qualifier that makes the twin wrong
# when said: a foreigner party, an officer coming to the family
_TWIN_PARTS = {"foreign": re.compile(r"\s*có yếu tố nước ngoài"), "mobile": re.compile(r"\s*lưu động")}
# The parts of a name that make it one copy of a family ("Thủ tục đăng ký giám hộ" and "... có yếu
# tố nước ngoài"; "Thôi quốc tịch Việt Nam ở trong nước" and "... ở nước ngoài"; level copies)
_COPY_PARTS = re.compile(r"\s*(?:có yếu tố nước ngoài|ở trong nước|ở nước ngoài|tại khu vực biên giới|lưu động|"
                         r"\((?:thực hiện )?(?:tại |ở )?cấp [^)]*\))")
# Only a qualifier this strong lifts its copy to its family's best match (not the level copies)
LIFT_WEIGHT = 1.0


def family_key(name: str) -> str:
    """The name without its copy parts: copies of one procedure share it."""
    text = _COPY_PARTS.sub("", lowered(name))
    text = re.sub(r"^thủ tục\s+", "", text)
    return " ".join(re.sub(r"[.;,\s]+$", "", text).split())


def plain_twins(names: Sequence[str], part: re.Pattern = _TWIN_PARTS["foreign"]) -> np.ndarray:
    """Per procedure: its name is another's without `part` ("Thủ tục đăng ký khai tử" beside "...
    khai tử có yếu tố nước ngoài" or "... khai tử lưu động"). When the message says the copy's
    qualifier (a foreigner is party, the officer comes to the family), the plain twin is
    contradicted."""
    lowered_names = [lowered(n) for n in names]
    stripped = {part.sub("", n) for n in lowered_names if part.search(n)}
    return np.array([not part.search(n) and n in stripped for n in lowered_names], dtype=bool)


class QualifierIndex:
    """Per procedure, the qualifiers its name carries; per message, the signed adjustment."""

    def __init__(self, names: Sequence[str], fields: Sequence[str] | None = None):
        fields = fields if fields is not None else [""] * len(names)
        self._matrix = np.array([[q.name in name_qualifiers(n, f) for q in QUALIFIERS] for n, f in zip(names, fields)],
                                dtype=bool)
        self._matrix = self._matrix.reshape(len(names), len(QUALIFIERS))
        self._weights = np.array([q.weight for q in QUALIFIERS])
        self._plain_twins = {q: plain_twins(names, part) for q, part in _TWIN_PARTS.items()}
        # family ids (copies of one procedure share one; every other procedure has its own)
        keys = [family_key(n) for n in names]
        ids = {k: i for i, k in enumerate(dict.fromkeys(keys))}
        self.families = np.array([ids[k] for k in keys], dtype=np.int64)
        sizes = np.bincount(self.families, minlength=len(ids))
        self._in_family = sizes[self.families] > 1
        self._lifting = np.array([q.weight >= LIFT_WEIGHT for q in QUALIFIERS])
        column = {q.name: i for i, q in enumerate(QUALIFIERS)}
        # per procedure and qualifier: the name also carries the qualifier's opposite
        self._both_sides = np.zeros_like(self._matrix)
        for i, q in enumerate(QUALIFIERS):
            if q.name in CONTRADICTIONS:
                self._both_sides[:, i] = self._matrix[:, column[CONTRADICTIONS[q.name]]]

    def reading(self, text: str, accented: bool) -> tuple[np.ndarray, np.ndarray]:
        """(adjustment, lifted) for one message: its qualifiers are read once for both."""
        named = message_qualifiers(text, accented)
        said = np.array([q.name in named for q in QUALIFIERS])
        contradicted = np.array([CONTRADICTIONS.get(q.name) in named for q in QUALIFIERS])
        # a name carrying both sides ("chuyển đổi hộ kinh doanh thành doanh nghiệp") contradicts neither
        ruled_out = (self._matrix & contradicted & ~self._both_sides).any(axis=1)
        unsaid = self._matrix & ~said
        penalty = unsaid @ self._weights * QUALIFIER_PENALTY
        bonus = (self._matrix & said) @ self._weights * QUALIFIER_BONUS
        twin = np.zeros(len(self._matrix), dtype=bool)
        for qualifier in named & self._plain_twins.keys():
            twin |= self._plain_twins[qualifier]
        adjustment = bonus - penalty - ruled_out * CONTRADICTION_PENALTY - twin * TWIN_PENALTY
        # a copy whose every qualifier the message says, at least one of them strong ("giám hộ … có
        # yếu tố nước ngoài" when the grandchild is American): its name's extra words make it match
        # the message less than its plain twin does, so it is scored as its family's best match
        # before the qualifiers decide between them (fusion.score_fusion)
        strong = (self._matrix & said & self._lifting).any(axis=1)
        lifted = self._in_family & self._matrix.any(axis=1) & ~unsaid.any(axis=1) & strong & ~ruled_out
        return adjustment, lifted

    def adjustment(self, text: str, accented: bool) -> np.ndarray:
        return self.reading(text, accented)[0]

    def lifted(self, text: str, accented: bool) -> np.ndarray:
        return self.reading(text, accented)[1]


# "mất" followed by a time or money word: "mất bao lâu", "mất mấy ngày", "mất bn tiền", "mất phí".
_COST_VERB = re.compile(
    r"(?<!\w)(mất|mat)(?= (?:bao|bn|mấy|may|mấy|bnhieu|nhiêu|nhieu|phí|phi|tiền|tien|lệ|le|"
    r"khoảng|khoang|tầm|tam|chừng|chung|nhiều|\d|thời gian|thoi gian|lâu|lau|ngày|ngay)(?!\w))",
    re.IGNORECASE,
)


def without_cost_verb(text: str) -> str:
    """The message without "mất" used as "take / cost" ("làm passport mất mấy ngày" -> "làm
    passport mấy ngày"); a lost paper ("bị mất hộ chiếu", "mất thẻ") is kept."""
    return re.sub(r"\s+", " ", _COST_VERB.sub("", text)).strip()
