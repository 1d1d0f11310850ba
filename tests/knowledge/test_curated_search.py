"""Curated citizen wording finds procedures whose official names citizens never say
(knowledge/curated/*.yml, session 25 additions)."""
from __future__ import annotations

import pytest

from knowledge.answers.identify import identify


@pytest.mark.parametrize(("text", "code"), [
    # a dike ("đê điều" in the name): the citizen says where the works stand
    ("nhà tôi ngay chân đê, định xây thêm cái nhà kho sát mái đê có phải xin phép không",
     "1.013644"),
    # printing a banknote's picture ("sao, chụp hình ảnh tiền Việt Nam")
    ("công ty muốn in hình tờ tiền 500 nghìn lên bao lì xì thì xin phép ở đâu", "1.012302"),
    # yearly land rent turned into a one-off payment ("Chuyển hình thức giao đất, cho thuê đất")
    ("đang thuê đất trả tiền hằng năm, muốn đổi sang trả một lần cho cả thời gian thuê thì làm sao",
     "1.013950"),
    # a cooperative's dissolution, not a company's
    ("hợp tác xã của chúng tôi muốn giải thể thì cần những giấy tờ gì", "1.004982"),
    # a digger is a special-use machine ("xe máy chuyên dùng")
    ("máy đào của tôi đến hạn kiểm định an toàn kỹ thuật thì mang đi đâu", "1.013205"),
])
def test_citizen_wording_finds_the_curated_procedure(search, text, code):
    # the search ranks it first; whether it is asserted is the gate's call (procedure_gate.py)
    assert search.search(text, limit=3)[0]["code"] == code, text


def test_a_status_question_on_a_business_filing_is_not_its_withdrawal(search):
    # "Dừng thực hiện thủ tục đăng ký hộ kinh doanh" shares every word but the verb
    codes = identify(search, "hồ sơ đăng ký hộ kinh doanh của tôi đã được duyệt chưa", "check_status", 0.9).codes
    assert codes[:1] == ["1.001612"]
