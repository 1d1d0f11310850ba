"""knowledge.answers.follow_up: a short message that leans on the conversation before it."""
from __future__ import annotations

import unicodedata

import pytest

from knowledge.answers.follow_up import refers_back


@pytest.mark.parametrize("text", [
    "Thế lệ phí bao nhiêu?",
    "Ừ, thế bà phải đóng bao nhiêu tiền hả cháu",
    "Vậy nộp ở đâu hả em?",
    "Còn nếu làm trực tuyến thì có nhanh hơn không?",
    "Rồi vụ đó tốn nhiêu tiền vậy em?",
    "vay le phi tinh sao",
    "v nộp xong thì bao lâu có kq ad",
    "the thi nop o dau",
    "con neu nop qua mang thi sao",
    "làm cái đó mất mấy ngày",
    "ho so nay nop o dau",
    unicodedata.normalize("NFD", "Thế cụ phải nộp bao nhiêu tiền hả cháu"),   # decomposed input
])
def test_a_continuation_or_a_reference_back_is_a_follow_up(text):
    assert refers_back(text)


@pytest.mark.parametrize("text", [
    "Thế chấp sổ đỏ vay ngân hàng thì đăng ký ở đâu",   # a mortgage
    "the can cuoc bi gay thi doi o dau",                # "thẻ", typed without diacritics
    "con toi vua du 14 tuoi lam can cuoc",              # a child
    "Con tôi 10 tuổi làm căn cước cần gì",
    "làm giấy đỏ cho mảnh vườn ở đâu",                  # folded "giấy đó" would be this
    "ho so do dac dat nop o dau",                       # "hồ sơ đo đạc", not "hồ sơ đó"
    "e hỏi xíu cái này, lm hộ chiếu ở đâu",             # "cái này" announces the question
    "ba tui muon tach thua dat cho tui, cai nay lam o dau",   # it refers to what was just said
    "đăng ký kết hôn cần giấy tờ gì",
    "",
    # a long story stands on its own even when it opens with "Vậy"
    "Vậy là tôi đã nộp hồ sơ từ tháng trước, cán bộ hẹn hai tuần, đến nay đã hơn một tháng mà "
    "vẫn chưa có kết quả, tôi gọi điện thì không ai nghe máy, xin hỏi tôi phải làm gì tiếp theo",
])
def test_a_message_that_stands_on_its_own_is_not(text):
    assert not refers_back(text)
