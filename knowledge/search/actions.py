"""Action agreement: does a procedure do what the citizen asks to do with the thing?

Catalogue names encode an ACTION (cấp lại, gia hạn, điều chỉnh, thu hồi, ...)
and an OBJECT (giấy phép xây dựng, thẻ căn cước, ...). Lexical and dense scores
mostly see the object, so "mất giấy phép xây dựng" scores the new-permit
procedure about as high as the re-issue one, and the popularity prior then
picks the popular (new) one. This module tags procedure names and messages with
action classes and turns their agreement into a small signed score adjustment.

Messages are also read for citizens' ways of saying an action ("mất" -> re-issue,
"hết hạn" -> renew/exchange, "ghi sai" -> correct, "bán xe" -> revoke/transfer,
"dẹp tiệm" -> terminate). Patterns are written with diacritics; queries typed
without diacritics are matched on folded patterns, except patterns whose folded
form is too ambiguous (marked accented-only).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .text import fold, modern_tones

REISSUE = "reissue"
EXCHANGE = "exchange"
RENEW = "renew"
MODIFY = "modify"
REVOKE = "revoke"
TERMINATE = "terminate"
SUSPEND = "suspend"
REREGISTER = "reregister"
COPY = "copy"
REFUND = "refund"
EXEMPT = "exempt"
TRANSFER = "transfer"
CONVERT = "convert"
RESTORE = "restore"
REPAIR = "repair"  # building work on something that exists (sửa chữa, cải tạo), not correcting a record
NEW = "new"  # first-time issue / registration (also: no other action in the name)

# (pattern with diacritics, classes). Used on procedure names and on messages.
NAME_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cấp lại", (REISSUE,)),
    ("cấp đổi", (EXCHANGE,)),
    ("(?<!thay )đổi", (EXCHANGE,)),
    ("gia hạn", (RENEW,)),
    ("điều chỉnh", (MODIFY,)),
    ("sửa đổi", (MODIFY,)),
    ("cải chính", (MODIFY,)),
    ("đính chính", (MODIFY,)),
    ("hiệu đính", (MODIFY,)),
    ("thay đổi", (MODIFY,)),
    ("thu hồi", (REVOKE,)),
    ("xóa đăng ký", (REVOKE,)),
    ("hủy", (REVOKE,)),
    ("trả lại", (REVOKE,)),
    ("chấm dứt", (TERMINATE,)),
    ("giải thể", (TERMINATE,)),
    ("tạm ngừng", (SUSPEND,)),
    ("tạm dừng", (SUSPEND,)),
    ("đăng ký lại", (REREGISTER,)),
    ("bản sao", (COPY,)),
    ("hoàn thuế", (REFUND,)),
    ("hoàn trả", (REFUND,)),
    ("miễn", (EXEMPT,)),
    ("giảm", (EXEMPT,)),
    ("chuyển nhượng", (TRANSFER,)),
    # "Đăng ký biến động ..." registers a change of holder or of rights: a sale, gift or inheritance
    ("biến động", (TRANSFER, MODIFY)),
    ("tặng cho", (TRANSFER,)),
    ("chuyển đổi", (CONVERT,)),
    ("chuyển mục đích", (CONVERT,)),
    ("sửa chữa", (REPAIR,)),
    ("cải tạo", (REPAIR,)),
    ("khôi phục", (RESTORE,)),
    ("phục hồi", (RESTORE,)),
    ("cấp mới", (NEW,)),
    ("lần đầu", (NEW,)),
    ("thành lập", (NEW,)),
)

# A vehicle sold for scrap or worn out ("bán ve chai", "xe nát hết đi được") has its registration
# revoked, not transferred.
_SCRAP_WORDS = "ve chai|phế liệu|phế thải|sắt vụn|sắt thép vụn|đồng nát"
_NOT_SCRAP = rf"(?!(?: \w+){{0,4}} (?:{_SCRAP_WORDS}))"
# only a vehicle sold as scrap: "mở cơ sở thu mua phế liệu" asks for a licence
_SCRAP = rf"(?:bán|đem bán|thanh lý|xe)(?: \w+){{0,4}} (?:{_SCRAP_WORDS})|hết niên hạn|rã xe|hủy xe|xe nát"
# building work (messages): "sửa chữa thông tin", "cải tạo không giam giữ", "cải tạo đất" are not
_BUILDING = r"nhà|căn nhà|ngôi nhà|căn hộ|nhà cửa|nhà xưởng|nhà kho|công trình|mái|tường|bếp|sân|cổng|quán"

# Citizens' wordings, on top of the name patterns (messages only).
# (pattern, classes, accented_only)
QUERY_PATTERNS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    *((p, c, False) for p, c in NAME_PATTERNS if p not in ("miễn", "giảm", "hủy", "sửa chữa", "cải tạo")),
    ("miễn", (EXEMPT,), True),
    ("giảm", (EXEMPT,), True),
    ("miễn giảm", (EXEMPT,), False),
    ("hủy", (REVOKE,), True),
    # lost / damaged papers -> a new copy of the same paper
    ("bị mất", (REISSUE, REREGISTER, COPY), False),
    ("làm mất", (REISSUE, REREGISTER, COPY), False),
    ("đánh mất", (REISSUE, REREGISTER, COPY), False),
    ("đánh rơi", (REISSUE, REREGISTER, COPY), False),
    ("mất (?:cái |cuốn |quyển |tờ )?(?:giấy|sổ|thẻ|bằng|căn cước|hộ chiếu|chứng|biển|trích lục|cccd|cmnd|gplx)",
     (REISSUE, REREGISTER, COPY), False),
    ("thất lạc", (REISSUE, REREGISTER, COPY), False),
    # "trích lục" is how people ask for a copy of a civil-status record ("xin bản trích lục khai tử
    # của ông để chia thừa kế"); the record's registration is asked as "đăng ký / làm giấy khai tử"
    # ("bố tôi mới mất, làm trích lục khai tử ở đâu" registers the death: "làm" is left out, and a
    # land map or a court judgment is no civil-status record)
    ("(?<!làm )trích lục(?! (?:bản đồ|thửa|hồ sơ địa chính|bản án|ly hôn))", (COPY,), False),
    # "tìm mãi không thấy" (a lost paper), not "tìm không thấy mục nộp hồ sơ" (a portal page)
    ("(?:tìm|kiếm|lục) (?:mãi|hoài|khắp nơi|khắp nhà) (?:không|chẳng|hổng|hông) (?:thấy|ra)", (REISSUE, REREGISTER, COPY), False),
    # accented only: folded, "moi can" is also "mới cần"
    ("(?:chuột|mối) (?:cắn|gặm|ăn|xông)", (REISSUE, EXCHANGE, REREGISTER), True),
    ("(?:xin|làm|cấp) (?:cái|cuốn|quyển|tờ|thẻ|sổ) khác", (REISSUE, EXCHANGE), False),
    ("làm lại", (REISSUE, EXCHANGE, REREGISTER), False),
    ("xin lại", (REISSUE, EXCHANGE, RENEW), False),
    ("cấp lại", (REISSUE,), False),
    ("hư hỏng", (REISSUE, EXCHANGE), False),
    ("bị hỏng", (REISSUE, EXCHANGE), False),
    ("rách", (REISSUE, EXCHANGE), True),
    # worn out: faded, peeling, bent, broken: the worn paper is exchanged (accented only: folded
    # "mo", "gay" are other words)
    (r"(?:thẻ|căn cước|cccd|cà vẹt|bằng|sổ|giấy|hộ chiếu|biển)(?: \w+){0,5} (?:bị mờ|mờ hết|mờ cả|mờ chữ|nhòe|nhoè|"
     r"phai màu|bạc màu|bong tróc|bị tróc|bị gãy|gãy đôi|cong vênh|sờn)", (EXCHANGE,), True),
    ("nát", (REISSUE, EXCHANGE), True),
    ("hết hạn", (RENEW, EXCHANGE), False),
    ("quá hạn", (RENEW, EXCHANGE), False),
    ("đổi lại", (EXCHANGE, MODIFY), False),
    ("(?<!thay )đổi", (EXCHANGE, MODIFY), True),
    ("ghi sai", (MODIFY,), False),
    ("bị sai", (MODIFY,), False),
    ("sai", (MODIFY,), True),
    ("nhầm", (MODIFY,), True),
    # "sửa nhà", "sửa chữa, cải tạo căn hộ" is building work; "sửa tên", "sửa lại ngày sinh",
    # "sửa chữa thông tin" corrects a record
    (rf"sửa(?! chữa)(?!(?: lại| sang lại| sang)?(?: cái| căn| ngôi| phần)? (?:{_BUILDING}))", (MODIFY,), True),
    (rf"sửa lại(?!(?: cái| căn| ngôi| phần)? (?:{_BUILDING}))", (MODIFY,), False),
    (r"sửa chữa (?:thông tin|nội dung|sai sót|tên|ngày|năm|giấy|hồ sơ|lỗi)", (MODIFY,), False),
    (rf"(?:sửa|sửa chữa|cải tạo|sửa sang)(?: lại)?(?: cái| căn| ngôi| phần)? (?:{_BUILDING})", (REPAIR,), False),
    (r"nâng cấp nhà|nâng tầng|đổ thêm tầng|cơi nới|(?:nhà|mái)(?: \w+){0,2} (?:bị )?(?:dột|xuống cấp)", (REPAIR,), False),
    ("bán xe" + _NOT_SCRAP, (REVOKE, TRANSFER), False),
    ("bán (?:ô tô|oto|xe|nhà|đất|miếng đất|mảnh đất|lại)" + _NOT_SCRAP, (TRANSFER, REVOKE), False),
    ("(?<!mua )bán(?! hàng)" + _NOT_SCRAP, (TRANSFER, REVOKE), True),
    # sold for scrap, worn out: nobody takes the registration over, it is handed back
    (_SCRAP, (REVOKE,), False),
    ("sang tên", (TRANSFER,), False),
    ("xóa", (REVOKE,), True),
    ("xoá", (REVOKE,), True),
    ("dẹp", (TERMINATE, SUSPEND), True),
    ("đóng cửa", (TERMINATE, SUSPEND), False),
    ("ngừng kinh doanh", (TERMINATE, SUSPEND), False),
    ("nghỉ kinh doanh", (TERMINATE, SUSPEND), False),
    ("không kinh doanh nữa", (TERMINATE, SUSPEND), False),
    ("tạm nghỉ", (SUSPEND,), False),
    ("hoàn lại", (REFUND,), False),
    ("hoàn tiền", (REFUND,), False),
    ("mở (?:công ty|doanh nghiệp|cửa hàng|quán|tiệm|hộ kinh doanh)", (NEW,), False),
    ("lần đầu tiên", (NEW,), False),
    ("làm mới", (NEW,), False),
    # English words in code-mixed messages
    ("renew|renewal|extend|extension", (RENEW, EXCHANGE), False),
    ("replace|replacement|reissue|lost", (REISSUE, EXCHANGE, COPY), False),
    ("update|correct|correction|amend", (MODIFY,), False),
    ("cancel|cancellation|deregister", (REVOKE, TERMINATE), False),
    ("refund", (REFUND,), False),
)


# Action words are read near the start of a procedure name, where its verb is
# ("Cấp lại ...", "Thủ tục gia hạn ..."); further on they describe the object
# ("... đại lý đổi ngoại tệ", "... đã cấp lần đầu có sai sót").
NAME_ACTION_WORDS = 6
_NAME_PREFIX = re.compile(r"^(?:thủ tục|tthc)\s+")


def _normalise(text: str) -> str:
    """Lower case, NFC, old-style tone placement modernised, single spaces (diacritics kept)."""
    return " ".join(re.sub(r"[^\w]+", " ", modern_tones(text.lower()).replace("_", " ")).split())


def _compile(pattern: str, folded: bool) -> re.Pattern:
    if folded:
        # Fold the words only; the regex syntax around them stays.
        pattern = re.sub(r"\w+", lambda m: fold(m.group(0)), pattern)
    return re.compile(rf"(?<!\w){pattern}(?!\w)")


_NAME_RULES = [(_compile(p, False), c) for p, c in NAME_PATTERNS]
_QUERY_ACCENTED = [(_compile(p, False), c) for p, c, _ in QUERY_PATTERNS]
_QUERY_FOLDED = [(_compile(p, True), c) for p, c, accented_only in QUERY_PATTERNS if not accented_only]

CLASSES = sorted({c for _, classes in NAME_PATTERNS for c in classes})


# A change of owner said anywhere in a name is what the procedure does ("Cấp chứng nhận đăng ký
# xe ... trong trường hợp thay đổi chủ xe (đăng ký sang tên xe)").
_NAME_ANYWHERE = re.compile(r"(?<!\w)(?:sang tên|thay đổi chủ xe)(?!\w)")


def name_actions(name: str) -> frozenset[str]:
    text = _NAME_PREFIX.sub("", _normalise(name))
    head = len(" ".join(text.split()[:NAME_ACTION_WORDS]))
    found = {c for rule, classes in _NAME_RULES for match in rule.finditer(text) if match.start() < head for c in classes}
    return frozenset(found | ({TRANSFER} if _NAME_ANYWHERE.search(text) else set()))


# "chưa làm căn cước bao giờ", "chưa từng có hộ chiếu": the paper was never issued, so it is a
# first issue whatever else the message says was lost or expired (the old ID card, not this one).
_PAPER = (r"(?:cái |cuốn |tấm |thẻ )?(?:căn cước|cccd|chứng minh|cmnd|hộ chiếu|passport|bằng lái|gplx|giấy phép|"
          r"giấy khai sinh|khai sinh|sổ đỏ|sổ hồng|sổ bảo hiểm|thẻ bảo hiểm|mã số thuế)")
_NEVER_ISSUED = (rf"chưa (?:từng |bao giờ |hề )?(?:làm|có|cấp|được cấp|đăng ký|đi làm) {_PAPER}"
                 r"(?: \w+){0,3} (?:bao giờ|lần nào)|"
                 rf"chưa (?:từng|bao giờ|hề) (?:làm|có|được cấp|đăng ký) {_PAPER}")
_OF_AN_ISSUED_PAPER = frozenset({REISSUE, EXCHANGE, RENEW, REREGISTER, COPY})
_NEVER = {accented: _compile(f"(?:{_NEVER_ISSUED})", folded=not accented) for accented in (True, False)}


def query_actions(text: str, accented: bool) -> frozenset[str]:
    """Action classes the message asks for (accented: the writer typed diacritics)."""
    if accented:
        rules, normalised = _QUERY_ACCENTED, _normalise(text)
    else:
        rules, normalised = _QUERY_FOLDED, fold(text)
    found = frozenset(c for rule, classes in rules if rule.search(normalised) for c in classes)
    if _NEVER[accented].search(normalised):
        return (found - _OF_AN_ISSUED_PAPER) | {NEW}
    return found


# Share of the conflict penalty for a variant when the message names no action.
VARIANT_SHARE = 0.5


class ActionIndex:
    """Per-procedure action classes, and the agreement of a message with each procedure."""

    def __init__(self, names: Sequence[str]):
        self._matrix = np.zeros((len(names), len(CLASSES)), dtype=bool)
        for i, name in enumerate(names):
            for action in name_actions(name):
                self._matrix[i, CLASSES.index(action)] = True
        self._plain = ~self._matrix.any(axis=1)  # no action word: the basic (first-time) procedure
        self._matrix[self._plain, CLASSES.index(NEW)] = True

    def agreement(self, actions: frozenset[str]) -> np.ndarray:
        """+1 where the procedure does an asked-for action, -1 where it only does other
        actions. A message naming no action means the basic procedure: variants
        (re-issue, renewal, ...) get -VARIANT_SHARE."""
        if not actions:
            return np.where(self._matrix[:, CLASSES.index(NEW)], 0.0, -VARIANT_SHARE)
        wanted = np.array([c in actions for c in CLASSES])
        agrees = (self._matrix & wanted).any(axis=1)
        return np.where(agrees, 1.0, -1.0)
