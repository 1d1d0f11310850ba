"""Aspect answers rendered from procedure records: one aspect, plain words, code and link."""
from knowledge.answers import render_answer
from knowledge.answers.topic import TOPIC_PLACEHOLDER, names_a_procedure, question_frame

RECORD = {
    "code": "9.000001", "name": "Thủ tục đăng ký thử nghiệm", "level": "Cấp xã",
    "source_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x",
    "steps": [f"Bước số {i}" for i in range(1, 7)],
    "submission_methods": [
        {"method": "in_person", "processing_time": "05 ngày làm việc", "processing_days": 5,
         "fee": "Lệ phí : 50.000 Đồng", "fee_amount": 50000, "fee_set_by_province": False},
        {"method": "online", "processing_time": "05 ngày làm việc", "processing_days": 5,
         "fee": "Miễn phí", "fee_amount": 0, "fee_set_by_province": False},
    ],
    "dossier_components": [{"name": f"Giấy tờ số {i}", "copies": "1 bản chính", "form_template": None} for i in range(1, 8)],
    "online_available": True, "full_online": None,
    "agencies": {"implementing": "Ủy ban nhân dân cấp xã"},
}


def test_every_answer_names_procedure_code_and_link():
    for aspect in ("ask_procedure", "ask_fee", "ask_processing_time", "ask_where", "ask_online"):
        text = render_answer(RECORD, aspect).text
        assert text.startswith("Đăng ký thử nghiệm (mã 9.000001)")
        assert "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x" in text


def test_fee_per_method_in_plain_words():
    text = render_answer(RECORD, "ask_fee").text
    assert "Nộp trực tiếp: 50.000 đồng" in text and "Nộp trực tuyến: miễn phí" in text
    assert "Giấy tờ số" not in text and "Bước" not in text


def test_fee_set_by_province_is_said_honestly():
    record = {**RECORD, "submission_methods": [{**RECORD["submission_methods"][0], "fee": "Theo quy định của HĐND tỉnh",
                                                 "fee_amount": None, "fee_set_by_province": True}]}
    text = render_answer(record, "ask_fee").text
    assert "từng tỉnh" in text and "đồng" not in text


def test_same_time_for_every_method_is_said_once():
    assert "Thời gian giải quyết: 05 ngày làm việc." in render_answer(RECORD, "ask_processing_time").text


def test_documents_are_paged():
    first = render_answer(RECORD, "ask_documents")
    assert first.has_more and first.next_page == 1
    assert "Giấy tờ số 5" in first.text and "Giấy tờ số 6" not in first.text
    second = render_answer(RECORD, "ask_documents", page=1)
    assert not second.has_more and "Giấy tờ số 7" in second.text and "tiếp theo" in second.text


def test_online_never_claims_full_online_when_unknown():
    text = render_answer(RECORD, "ask_online").text
    assert "nộp trực tuyến được" in text and "toàn trình" not in text
    full = render_answer({**RECORD, "full_online": True}, "ask_online").text
    assert "toàn trình" in full
    offline = render_answer({**RECORD, "online_available": False}, "ask_online").text
    assert "chưa làm trực tuyến" in offline


def test_curated_summary_comes_first_then_steps():
    curated = {"summary": "Đây là tóm tắt dễ hiểu."}
    first = render_answer(RECORD, "ask_procedure", curated=curated)
    assert "Đây là tóm tắt dễ hiểu." in first.text and first.has_more
    steps = render_answer(RECORD, "ask_procedure", page=1, curated=curated)
    assert "Bước 1: Bước số 1" in steps.text


def test_aspect_only_messages_name_no_procedure():
    for text in ["thế lệ phí bao nhiêu?", "nộp ở đâu?", "mat bao lau vay ad", "co lam online dc ko", "phí bn",
                 "nộp ở đâu hả cháu", "có làm online đc hông", "mần ở đâu dzậy", "dang ky xong bao lau thi co ket qua?",
                 "đăng ký xong bao lâu thì có kết quả"]:
        assert not names_a_procedure(text), text
    for text in ["sổ đỏ nộp ở đâu", "làm lại căn cước mất bao nhiêu tiền", "lam giay khai sinh", "đăng ký kết hôn ở đâu"]:
        assert names_a_procedure(text), text


def test_documents_put_the_form_and_general_papers_before_special_cases_and_list_each_once():
    record = {"code": "1.000001", "name": "Thủ tục thử", "dossier_components": [
        {"name": "Trường hợp ủy quyền thì có văn bản ủy quyền", "copies": "1 bản chính"},
        {"name": "Giấy chứng sinh", "copies": "1 bản chính"},
        {"name": "Trường hợp đã nộp bản điện tử thì không phải nộp bản giấy.", "copies": "0 bản chính"},
        {"name": "Tờ khai đăng ký theo mẫu", "copies": "1 bản chính"},
        {"name": "Giấy chứng sinh", "copies": "1 bản chính", "group": "Trường hợp khác"},
    ]}
    lines = [line for line in render_answer(record, "ask_documents").text.splitlines() if line.startswith("•")]
    assert [line.split(" (")[0] for line in lines] == [
        "• Tờ khai đăng ký theo mẫu", "• Giấy chứng sinh", "• Trường hợp ủy quyền thì có văn bản ủy quyền",
        "• Trường hợp đã nộp bản điện tử thì không phải nộp bản giấy",
    ]
    assert "0 bản chính" not in lines[-1]


def test_question_frame_keeps_what_is_asked_and_folds_each_topic_run_into_one_placeholder():
    x = TOPIC_PLACEHOLDER
    assert question_frame("Bao lâu thì Sở Tư pháp cấp chứng chỉ hành nghề luật sư?") == f"Bao lâu thì {x}"
    # teencode question words are question words ("j" is "gì"), numbers are not
    assert question_frame("e 13t mún lm cccd thì cần mang j ạ") == f"e {x} lm {x} thì cần mang j ạ"
    assert question_frame("lệ phí 200 nghìn à") == f"lệ phí {x} à"
    assert question_frame("") == ""
