"""Form filling end to end through /api/v1/chat (real Rasa server + app): each of these forms
to a saved draft read back (JSON and PDF), corrections, re-asks, topic switch, profile reuse."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import all_text, chat

pytestmark = pytest.mark.stack
STAY_UNTIL = (date.today() + timedelta(days=400)).strftime("%d/%m/%Y")
CHILD_BIRTH = (date.today() - timedelta(days=20)).strftime("%d/%m/%Y")
ADDRESS = "Số 12 ngõ 34 phố Láng Hạ, phường Láng, Hà Nội"

# (opening message, [(answer, field, expected value)]): the questions each form asks, in order
FORMS = {
    "1.004194": ("giúp tôi điền tờ khai đăng ký tạm trú", [
        ("nguyễn văn an", "full_name", "Nguyễn Văn An"),
        ("001085012345", "id_number", "001085012345"),
        ("0912345678", "phone", "0912 345 678"),
        (ADDRESS, "temporary_address", ADDRESS),
        (STAY_UNTIL, "stay_until", STAY_UNTIL),
    ]),
    "1.004222": ("tôi muốn điền tờ khai đăng ký thường trú", [
        ("Lê Thị Mai", "full_name", "Lê Thị Mai"),
        ("001190012345", "id_number", "001190012345"),
        ("0987 654 321", "phone", "0987 654 321"),
        ("Số 5 ngõ 10 phố Huế, phường Hai Bà Trưng, Hà Nội", "permanent_address",
         "Số 5 ngõ 10 phố Huế, phường Hai Bà Trưng, Hà Nội"),
    ]),
    "1.001193": ("giúp tôi làm tờ khai đăng ký khai sinh cho con", [
        ("nguyễn minh anh", "child_name", "Nguyễn Minh Anh"),
        (CHILD_BIRTH, "child_birth_date", CHILD_BIRTH),
        ("Nữ", "child_sex", "Nữ"),
        ("Bệnh viện Phụ sản Hà Nội", "birth_place", "Bệnh viện Phụ sản Hà Nội"),
        ("Trần Thị Bình", "mother_name", "Trần Thị Bình"),
        ("001190012345", "mother_id", "001190012345"),
        ("Nguyễn Văn An", "father_name", "Nguyễn Văn An"),
        ("001088012345", "father_id", "001088012345"),
        ("0912 345 678", "phone", "0912 345 678"),
    ]),
    "3.000333": ("làm giúp tôi tờ khai lý lịch tư pháp", [
        ("Phạm Văn Đức", "full_name", "Phạm Văn Đức"),
        ("20/11/1992", "birth_date", "20/11/1992"),
        ("034092012345", "id_number", "034092012345"),
        ("0356 789 012", "phone", "0356 789 012"),
        ("Số 5 ngõ 10 phố Huế, phường Hai Bà Trưng, Hà Nội", "permanent_address",
         "Số 5 ngõ 10 phố Huế, phường Hai Bà Trưng, Hà Nội"),
        ("Phiếu số 1", "certificate_type", "Phiếu số 1"),
        ("Bổ sung hồ sơ xin việc", "purpose", "Bổ sung hồ sơ xin việc"),
    ]),
    "2.000635": ("tôi muốn xin bản sao giấy khai sinh", [
        ("Trần Thị Mai", "requester_name", "Trần Thị Mai"),
        ("001190012345", "requester_id", "001190012345"),
        ("0912 345 678", "phone", "0912 345 678"),
        ("Cha, mẹ", "relation", "Cha, mẹ"),
        ("Nguyễn Minh Anh", "subject_name", "Nguyễn Minh Anh"),
        ("05/03/2015", "subject_birth_date", "05/03/2015"),
        ("Ủy ban nhân dân phường Láng Hạ, quận Đống Đa, Hà Nội", "registration_place",
         "Ủy ban nhân dân phường Láng Hạ, quận Đống Đa, Hà Nội"),
    ]),
}


def say_all(client, sender, answers) -> list[dict]:
    messages = []
    for text in answers:
        messages = chat(client, sender, text)
        assert messages, f"no reply to {text!r}"
    return messages


def question(messages) -> str:
    """The last question asked (the line before its example)."""
    found = re.findall(r"([^\n]+)\nVí dụ:", all_text(messages))
    return re.sub(r" \(còn \d+ mục\)$", "", found[-1]) if found else ""


def asks(messages, words: str) -> bool:
    return words.lower() in question(messages).lower()


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def confirm_and_read_back(client, sender) -> tuple[dict, str, list[dict]]:
    saved = chat(client, sender, "Xác nhận, lưu tờ khai")
    text = all_text(saved)
    code = re.search(r"TK-[A-Z0-9]{6}", text).group(0)
    link = next(m["link"] for m in saved if m.get("link"))
    draft = client.get(link.replace("/pdf?", "?")).json()
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert draft["code"] == code
    return draft, pdf_text(pdf.content), saved


@pytest.mark.parametrize("code", FORMS)
def test_each_form_from_start_to_a_saved_draft_that_holds_exactly_what_was_confirmed(client, sender, code):
    opening, answers = FORMS[code]
    first = chat(client, sender, opening)
    assert question(first), all_text(first)
    summary = say_all(client, sender, [a for a, _, _ in answers])
    assert "kiểm tra lại" in all_text(summary), all_text(summary)
    assert "Xác nhận, lưu tờ khai" in [b["title"] for m in summary for b in m["buttons"]]
    draft, text, saved = confirm_and_read_back(client, sender)
    expected = {field: value for _, field, value in answers}
    assert {k: v for k, v in draft["values"].items() if k in expected} == expected
    assert draft["values"]["agency"]  # derived from the address or the procedure, never asked
    assert draft["form_code"] == code and draft["papers"]
    assert "Giấy tờ cần chuẩn bị" in all_text(saved) and "Cách nộp" in all_text(saved)
    for line in draft["lines"]:
        if line["printed"]:
            assert f"{line['label']}: {line['value'] or '(không có)'}" in text, line
    for value in expected.values():
        assert value in text  # also the values printed inside a composed line


def test_invalid_answers_are_reasked_and_a_correction_in_free_words_changes_that_field(client, sender):
    opening, answers = FORMS["1.004194"]
    chat(client, sender, opening)
    say_all(client, sender, [a for a, _, _ in answers[:1]])
    wrong_id = chat(client, sender, "003085012345")
    assert "mã tỉnh" in all_text(wrong_id) and asks(wrong_id, "căn cước")
    chat(client, sender, "001085012345")
    letters = chat(client, sender, "09123abc78")
    assert "chữ cái" in all_text(letters) and asks(letters, "điện thoại")
    chat(client, sender, "0912345678")
    corrected = chat(client, sender, "à nhầm, số điện thoại là 0987 654 321")
    assert "0987 654 321" in all_text(corrected) and asks(corrected, "địa chỉ")  # goes on where it was
    past = chat(client, sender, ADDRESS)
    past = chat(client, sender, "01/01/2020")
    assert "sau hôm nay" in all_text(past)
    summary = chat(client, sender, STAY_UNTIL)
    assert "Số điện thoại liên hệ: 0987 654 321" in all_text(summary)
    draft, text, _ = confirm_and_read_back(client, sender)
    assert draft["values"]["phone"] == "0987 654 321" and "Số điện thoại liên hệ: 0987 654 321" in text


def test_a_question_mid_form_is_answered_then_the_form_goes_on(client, sender):
    opening, answers = FORMS["1.004194"]
    chat(client, sender, opening)
    before = say_all(client, sender, [a for a, _, _ in answers[:2]])
    asked = chat(client, sender, "đăng ký khai sinh cần giấy tờ gì?")
    text = all_text(asked)
    assert "khai sinh" in text.lower() and "tiếp tục điền" in text.lower()
    resumed = chat(client, sender, "quay lại điền tiếp")
    assert question(resumed) == question(before)
    assert asks(chat(client, sender, "0912345678"), "địa chỉ")


def test_stop_keeps_the_draft_and_tiep_tuc_resumes_it(client, sender):
    opening, answers = FORMS["3.000333"]
    chat(client, sender, opening)
    say_all(client, sender, [a for a, _, _ in answers[:3]])
    stopped = chat(client, sender, "dừng")
    assert "giữ lại" in all_text(stopped)
    assert "Dạ" in all_text(chat(client, sender, "chào em"))  # the bot is free again
    resumed = chat(client, sender, "tiếp tục")
    assert asks(resumed, "điện thoại"), all_text(resumed)


def test_profile_is_offered_again_with_consent_and_erased_on_request(client, sender):
    opening, answers = FORMS["1.004194"]
    chat(client, sender, opening)
    say_all(client, sender, [a for a, _, _ in answers])
    _draft, _text, saved = confirm_and_read_back(client, sender)
    assert "ghi nhớ" in all_text(saved)
    assert "đã ghi nhớ" in all_text(chat(client, sender, "Có, ghi nhớ"))

    offer = chat(client, sender, "làm giúp tôi tờ khai lý lịch tư pháp")
    assert "Dùng lại thông tin lần trước" in all_text(offer) and "Nguyễn Văn An" in all_text(offer)
    reused = chat(client, sender, "Dùng lại")
    assert "điền sẵn" in all_text(reused) and asks(reused, "năm sinh")  # name, căn cước, phone reused
    chat(client, sender, "dừng")

    erased = chat(client, sender, "Xoá thông tin của tôi")
    assert "đã xoá" in all_text(erased)
    fresh = chat(client, sender, "giúp tôi điền tờ khai đăng ký thường trú")
    assert "Dùng lại" not in all_text(fresh) and asks(fresh, "Họ, chữ đệm và tên")
