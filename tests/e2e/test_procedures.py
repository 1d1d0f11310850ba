"""Procedure answers through the chat: the exact aspect, context carry-over,
disambiguation with buttons, paging, and an honest "not found"."""
import re

from tests.e2e.conftest import all_text, chat

CODE_RE = re.compile(r"mã (\d\.\d{6})")


def codes(messages):
    return CODE_RE.findall(all_text(messages))


def buttons(messages):
    return [b for m in messages for b in m["buttons"]]


def test_aspect_answers_carry_the_procedure_in_context(client, sender):
    first = chat(client, sender, "làm giấy khai sinh cho con thế nào")
    assert codes(first) == ["1.001193"]
    fee = chat(client, sender, "thế lệ phí bao nhiêu?")
    assert codes(fee) == ["1.001193"]
    assert "phí" in all_text(fee).lower()
    assert "Bước" not in all_text(fee)  # only the fee, not a dump of the record
    where = chat(client, sender, "nộp ở đâu?")
    assert codes(where) == ["1.001193"]
    assert "xã" in all_text(where)
    online = chat(client, sender, "co lam online dc ko")
    assert codes(online) == ["1.001193"] and "trực tuyến" in all_text(online)


def test_a_new_procedure_replaces_the_context(client, sender):
    chat(client, sender, "đăng ký kết hôn cần giấy tờ gì")
    answer = chat(client, sender, "làm lại căn cước mất bao nhiêu tiền")
    assert codes(answer) == ["1.014064"]
    assert "đồng" in all_text(answer)


def test_every_answer_links_the_portal_page(client, sender):
    answer = chat(client, sender, "đăng ký tạm trú mất bao lâu")
    assert "https://dichvucong.gov.vn/" in all_text(answer)


def test_long_lists_are_paged(client, sender):
    first = chat(client, sender, "làm giấy khai sinh cần những giấy tờ gì")
    more = [b for b in buttons(first) if b["title"] == "Xem thêm"]
    assert more, "the documents of 1.001193 do not fit on one page"
    second = chat(client, sender, more[0]["payload"])
    assert codes(second) == ["1.001193"] and "tiếp theo" in all_text(second)
    assert all_text(second) != all_text(first)


def test_follow_up_buttons_answer_another_aspect(client, sender):
    first = chat(client, sender, "sổ đỏ nộp ở đâu")
    fee_button = next(b for b in buttons(first) if b["title"] == "Lệ phí")
    answer = chat(client, sender, fee_button["payload"])
    assert codes(answer) == codes(first)


def test_aspect_without_any_procedure_asks_which_one(client, sender):
    answer = chat(client, sender, "lệ phí bao nhiêu vậy")
    assert "thủ tục nào" in all_text(answer)


def test_close_candidates_are_offered_as_buttons(client, sender):
    # cấp đổi / cấp lại / sát hạch: three driving-licence procedures fit "giấy phép lái xe"
    answer = chat(client, sender, "giấy phép lái xe làm ở đâu")
    choices = [b for b in buttons(answer) if b["payload"].startswith("/ask_where")]
    assert codes(answer) == [] and 2 <= len(choices) <= 3
    picked = chat(client, sender, choices[1]["payload"])
    assert len(codes(picked)) == 1 and codes(picked)[0] in choices[1]["payload"]
    fee = chat(client, sender, "còn lệ phí thì sao")
    assert codes(fee) == codes(picked)


def test_unknown_procedure_is_admitted_with_an_officer_offer(client, sender):
    answer = chat(client, sender, "thủ tục cấp phép nuôi khủng long cảnh ở đâu")
    text = all_text(answer)
    assert "chưa tìm thấy" in text or "chưa chắc" in text
    assert any(b["payload"] == "/request_human" for b in buttons(answer))
