"""Family names seen in Vietnam (Kinh and ethnic minorities), folded, for "does this look like a
name?" when a free message is taken as a name without a label ("Cơ quan họ bảo lấy…" is not one)."""
from __future__ import annotations

import unicodedata

from core.text.normalize import fold

_NAMES = """
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý lí đào đoàn vương trịnh
trương đinh lâm phùng mai tô tạ hà lưu châu cao quách lương thái kiều diệp tăng thân khúc
mạc triệu từ văn hứa quan nghiêm la lã lò lục mã mạch nông ông phó quang sầm sơn thạch thân
thiều tiêu tôn tống trang trình từ ứng vi viên vòng yên âu chu chử cù doãn giang giáp hàn hầu
hạ kha khổng kim lạc liêu lục mẫn ngọc nhâm ninh phí phương tạ thi thịnh trầm tường uông
y h ksor niê rơ kpă siu nay rah mlô êban byă hđơk adrơng bdap ly sùng giàng hờ vàng thào mùa
lầu tráng chá mua sình lồ cứ ma điểu thị danh kim lý thạch sơn chau néang lâm huỳnh khưu
lữ lỡ đàm đồng đường hoa hồng hùng khương kiên lạng lục mông nhan ôn quản tào thang thạch
thủy tiết tòng trác trà tiền vạn vưu xa đậu đái đới bế hoàng nùng sằm lùng chảo phù hoàng
bạch cung cầm điêu lường quàng mạnh ngụy nhữ sái thiệu ung khâu lỗ đôn bàn triệu bồ cổ
""".split()
SURNAMES = frozenset(fold(n) for n in _NAMES)
_ACCENTED = frozenset(_NAMES)


def starts_with_surname(name: str) -> bool:
    """Folded for a word written without diacritics; with them, the word itself ("Đậu" is a name,
    "đầu lòng" is not)."""
    words = name.split()
    if not words:
        return False
    first = words[0].lower().strip("'")
    if fold(first).startswith("h'"):
        return True
    if fold(first) != first:
        return unicodedata.normalize("NFC", first) in _ACCENTED
    return first in SURNAMES
