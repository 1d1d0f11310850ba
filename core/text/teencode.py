"""Teencode, abbreviations and regional words seen in citizens' messages.

Keys of TEENCODE are folded (no diacritics); values are standard Vietnamese.
Only unambiguous forms belong here: "mk" (mật khẩu / mình) or "bh" (bao giờ /
bảo hiểm) are left to the statistical model.
"""

TEENCODE: dict[str, str] = {
    # negation
    "ko": "không", "k": "không", "kh": "không", "khg": "không", "kg": "không",
    "hok": "không", "hong": "không", "hem": "không", "khum": "không",
    # common function words
    "dc": "được", "j": "gì", "ji": "gì", "gi": "gì",
    "ntn": "như thế nào", "nthe": "như thế", "bn": "bao nhiêu", "bnh": "bao nhiêu",
    "bnhiu": "bao nhiêu", "nhiu": "nhiêu", "bjo": "bao giờ", "bgio": "bao giờ",
    "vs": "với", "r": "rồi", "z": "vậy", "dz": "vậy", "zay": "vậy", "dzay": "vậy",
    "zậy": "vậy", "v": "vậy", "thui": "thôi", "ui": "ơi", "oi": "ơi",
    "tui": "tôi", "t": "tôi", "mn": "mọi người", "ng": "người", "lm": "làm",
    "ok": "ok", "oke": "ok", "okie": "ok", "oki": "ok", "okla": "ok",
    "uh": "ừ", "uk": "ừ", "uhm": "ừ", "um": "ừ", "u": "ừ", "ukm": "ừ",
    "e": "em", "a": "anh", "c": "chị", "ad": "admin", "sanh": "sinh",
    "cx": "cũng", "cg": "cũng", "ak": "à", "ah": "à", "nx": "nữa", "bik": "biết",
    "bit": "biết", "wa": "qua", "qa": "quá", "ntin": "nhắn tin", "mik": "mình",
    "trc": "trước", "mun": "muốn", "lun": "luôn", "ck": "chồng", "vk": "vợ",
    # domain abbreviations
    "cccd": "căn cước công dân", "cmnd": "chứng minh nhân dân", "cmt": "chứng minh thư",
    "gks": "giấy khai sinh", "ks": "khai sinh", "dkks": "đăng ký khai sinh", "dkkh": "đăng ký kết hôn", "sdt": "số điện thoại", "dt": "điện thoại",
    "dvc": "dịch vụ công", "tthc": "thủ tục hành chính", "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội", "gplx": "giấy phép lái xe", "tk": "tài khoản",
    "hs": "hồ sơ", "dkkd": "đăng ký kinh doanh", "dk": "đăng ký", "gcn": "giấy chứng nhận",
    "qsdd": "quyền sử dụng đất", "ubnd": "ủy ban nhân dân",
    "lltp": "lý lịch tư pháp", "hkd": "hộ kinh doanh", "gpxd": "giấy phép xây dựng",
}

# Regional words recognised only when written with diacritics (their folded
# forms collide with common words: "mô"/"mở", "răng"/"rang").
REGIONAL_WITH_DIACRITICS: dict[str, str] = {
    "mô": "đâu", "răng": "sao", "rứa": "vậy", "ni": "này", "tê": "kia",
    "hổng": "không", "hông": "không", "dzậy": "vậy", "nhen": "nhé", "nghen": "nhé",
    "hỉ": "nhỉ", "chừ": "giờ", "bữa ni": "hôm nay", "mạ": "mẹ", "mệ": "bà",
    "ổng": "ông ấy", "bả": "bà ấy", "nhiêu": "nhiêu",
}

# Central "mô" is "đâu" (where) alone but "nào" after a time word: "chừng mô" / "khi mô" / "bữa mô"
# ask when, not where. Read with diacritics only, like the words above.
# Not "chừ" / "giờ": they mostly mean "now" ("chừ mô làm được" asks where one can do it now).
TIME_WORDS_BEFORE_MO = frozenset({"chừng", "khi", "hồi", "lúc", "bữa", "ngày", "tháng", "năm"})
