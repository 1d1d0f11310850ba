"""Form filling end to end through /api/v1/chat (real Rasa server + app): each of the four forms
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

# (opening message, [(answer, field, expected value)])
FORMS = {
    "1.004194": ("giúp tôi điền tờ khai đăng ký tạm trú", [
        ("Công an phường Láng, Hà Nội", "agency", "Công an phường Láng, Hà Nội"),
        ("nguyễn văn an", "full_name", "Nguyễn Văn An"),
        ("5 tháng 3 năm 1985", "birth_date", "05/03/1985"),
        ("Nam", "sex", "Nam"),
        ("001085012345", "id_number", "001085012345"),
        ("0912345678", "phone", "0912 345 678"),
        ("Bỏ qua", "email", ""),
        ("Trần Thị Bình", "household_head_name", "Trần Thị Bình"),
        ("Người thuê nhà", "relation_to_head", "Người thuê nhà"),
        ("001065012345", "household_head_id", "001065012345"),
        (ADDRESS, "temporary_address", ADDRESS),
        (STAY_UNTIL, "stay_until", STAY_UNTIL),
        ("Không có", "members", ""),
    ]),
    "1.004222": ("tôi muốn điền tờ khai đăng ký thường trú", [
        ("Công an phường Hai Bà Trưng, Hà Nội", "agency", "Công an phường Hai Bà Trưng, Hà Nội"),
        ("Lê Thị Mai", "full_name", "Lê Thị Mai"),
        ("12/04/1990", "birth_date", "12/04/1990"),
        ("Nữ", "sex", "Nữ"),
        ("001190012345", "id_number", "001190012345"),
        ("0987 654 321", "phone", "0987 654 321"),
        ("lethimai@gmail.com", "email", "lethimai@gmail.com"),
        ("Lê Văn Hùng", "household_head_name", "Lê Văn Hùng"),
        ("Con", "relation_to_head", "Con"),
        ("Bỏ qua", "household_head_id", ""),
        ("Về ở với người thân", "residence_basis", "Về ở với người thân"),
        ("Số 5 ngõ 10 phố Huế, phường Hai Bà Trưng, Hà Nội", "permanent_address",
         "Số 5 ngõ 10 phố Huế, phường Hai Bà Trưng, Hà Nội"),
        ("Không có", "members", ""),
    ]),
    "1.001193": ("giúp tôi làm tờ khai đăng ký khai sinh cho con", [
        ("Ủy ban nhân dân phường Láng, Hà Nội", "agency", "Ủy ban nhân dân phường Láng, Hà Nội"),
        ("Trần Thị Bình", "requester_name", "Trần Thị Bình"),
        (ADDRESS, "requester_residence", ADDRESS),
        ("001190012345", "requester_id", "001190012345"),
        ("0912 345 678", "requester_phone", "0912 345 678"),
        ("Mẹ", "relation", "Mẹ"),
        ("nguyễn minh anh", "child_name", "Nguyễn Minh Anh"),
        (CHILD_BIRTH, "child_birth_date", CHILD_BIRTH),
        ("Nữ", "child_sex", "Nữ"),
        ("Kinh", "child_ethnicity", "Kinh"),
        ("Việt Nam", "child_nationality", "Việt Nam"),
        ("Bệnh viện Phụ sản Hà Nội", "birth_place", "Bệnh viện Phụ sản Hà Nội"),
        ("Xã Vũ Thư, tỉnh Thái Bình", "home_town", "Xã Vũ Thư, tỉnh Thái Bình"),
        ("Trần Thị Bình", "mother_name", "Trần Thị Bình"),
        ("1990", "mother_birth_year", "1990"),
        ("Kinh", "mother_ethnicity", "Kinh"),
        ("Việt Nam", "mother_nationality", "Việt Nam"),
        ("Như nơi cư trú của người đi khai", "mother_residence", ADDRESS),
        ("Nguyễn Văn An", "father_name", "Nguyễn Văn An"),
        ("1988", "father_birth_year", "1988"),
        ("Kinh", "father_ethnicity", "Kinh"),
        ("Việt Nam", "father_nationality", "Việt Nam"),
        ("Như nơi cư trú của người đi khai", "father_residence", ADDRESS),
        ("2", "copies", "2"),
    ]),
    "3.000333": ("làm giúp tôi tờ khai lý lịch tư pháp", [
        ("Công an thành phố Hà Nội", "agency", "Công an thành phố Hà Nội"),
        ("Phạm Văn Đức", "full_name", "Phạm Văn Đức"),
        ("Không có", "other_name", ""),
        ("Nam", "sex", "Nam"),
        ("20/11/1992", "birth_date", "20/11/1992"),
        ("Xã Vũ Thư, tỉnh Thái Bình", "birth_place", "Xã Vũ Thư, tỉnh Thái Bình"),
        ("Việt Nam", "nationality", "Việt Nam"),
        ("Kinh", "ethnicity", "Kinh"),
        ("Số 5 ngõ 10 phố Huế, phường Hai Bà Trưng, Hà Nội", "permanent_address",
         "Số 5 ngõ 10 phố Huế, phường Hai Bà Trưng, Hà Nội"),
        ("Không có", "temporary_address", ""),
        ("034092012345", "id_number", "034092012345"),
        ("15/05/2021", "id_issue_date", "15/05/2021"),
        ("Cục Cảnh sát quản lý hành chính về trật tự xã hội", "id_issue_place",
         "Cục Cảnh sát quản lý hành chính về trật tự xã hội"),
        ("Phạm Văn Bình", "father_name", "Phạm Văn Bình"),
        ("Nguyễn Thị Cúc", "mother_name", "Nguyễn Thị Cúc"),
        ("Không có", "spouse_name", ""),
        ("0356 789 012", "phone", "0356 789 012"),
        ("Bỏ qua", "email", ""),
        ("2010-2014: học sinh, Thái Bình; 2014-nay: kỹ sư xây dựng, Hà Nội", "residence_history",
         "2010-2014: học sinh, Thái Bình; 2014-nay: kỹ sư xây dựng, Hà Nội"),
        ("Không có án tích", "criminal_record", "Không có án tích"),
        ("Phiếu số 1", "certificate_type", "Phiếu số 1"),
        ("Không", "ban_confirmation", "Không"),
        ("1", "copies", "1"),
        ("Bổ sung hồ sơ xin việc", "purpose", "Bổ sung hồ sơ xin việc"),
    ]),
}


def say_all(client, sender, answers) -> list[dict]:
    messages = []
    for text in answers:
        messages = chat(client, sender, text)
        assert messages, f"no reply to {text!r}"
    return messages


def question(messages) -> str:
    """The last question asked ("Câu i/n. ...")."""
    found = re.findall(r"Câu \d+/\d+\. [^\n]+", all_text(messages))
    return found[-1] if found else ""


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
    assert question(first).startswith("Câu 1/"), all_text(first)
    summary = say_all(client, sender, [a for a, _, _ in answers])
    assert "kiểm tra lại" in all_text(summary), all_text(summary)
    assert "Xác nhận, lưu tờ khai" in [b["title"] for m in summary for b in m["buttons"]]
    draft, text, saved = confirm_and_read_back(client, sender)
    expected = {field: value for _, field, value in answers}
    assert draft["values"] == expected
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
    say_all(client, sender, [a for a, _, _ in answers[:2]])
    future = chat(client, sender, f"05/03/{date.today().year + 2}")
    assert "chưa tới" in all_text(future) and "Câu 3/" in question(future)
    say_all(client, sender, ["05/03/1985", "Nam"])
    wrong_id = chat(client, sender, "003085012345")
    assert "mã tỉnh" in all_text(wrong_id) and "Câu 5/" in question(wrong_id)
    assert "12 chữ số" in all_text(chat(client, sender, "00108501234"))
    chat(client, sender, "001085012345")
    letters = chat(client, sender, "09123abc78")
    assert "chữ cái" in all_text(letters) and "Câu 6/" in question(letters)
    say_all(client, sender, ["0912345678", "Bỏ qua", "Trần Thị Bình"])
    corrected = chat(client, sender, "à nhầm, số điện thoại là 0987 654 321")
    assert "0987 654 321" in all_text(corrected) and "Câu 9/" in question(corrected)  # goes on where it was
    summary = say_all(client, sender, [a for a, _, _ in answers[8:]])
    assert "Số điện thoại liên hệ: 0987 654 321" in all_text(summary)
    draft, text, _ = confirm_and_read_back(client, sender)
    assert draft["values"]["phone"] == "0987 654 321" and "Số điện thoại liên hệ: 0987 654 321" in text


def test_a_question_mid_form_is_answered_then_the_form_goes_on(client, sender):
    opening, answers = FORMS["1.004194"]
    chat(client, sender, opening)
    before = say_all(client, sender, [a for a, _, _ in answers[:4]])
    asked = chat(client, sender, "đăng ký khai sinh cần giấy tờ gì?")
    text = all_text(asked)
    assert "khai sinh" in text.lower() and "tiếp tục điền" in text.lower()
    resumed = chat(client, sender, "Tiếp tục")
    assert question(resumed) == question(before)
    assert "Câu 6/" in question(chat(client, sender, "001085012345"))


def test_stop_keeps_the_draft_and_tiep_tuc_resumes_it(client, sender):
    opening, answers = FORMS["3.000333"]
    chat(client, sender, opening)
    say_all(client, sender, [a for a, _, _ in answers[:3]])
    stopped = chat(client, sender, "dừng")
    assert "giữ lại" in all_text(stopped)
    assert "Dạ" in all_text(chat(client, sender, "chào em"))  # the bot is free again
    resumed = chat(client, sender, "tiếp tục")
    assert "Câu 4/" in question(resumed), all_text(resumed)


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
    assert "điền sẵn" in all_text(reused) and "Câu 1/" in question(reused)
    chat(client, sender, "dừng")

    erased = chat(client, sender, "Xoá thông tin của tôi")
    assert "đã xoá" in all_text(erased)
    fresh = chat(client, sender, "giúp tôi điền tờ khai đăng ký thường trú")
    assert "Dùng lại" not in all_text(fresh) and "Câu 1/" in question(fresh)
