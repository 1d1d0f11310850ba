"""The form engine: only what is missing is asked, validation, corrections, back/repeat/stop, summary."""
from bot.forms.engine import FormEngine, Outcome
from core.text.in_words import date_in_words, number_in_words
from knowledge.flows.checks import check_values, document_rows
from tests.forms.conftest import TODAY, say, text_of, titles

TAM_TRU = "1.004194"
ADDRESS = "Số 12 ngõ 34 Láng Hạ, phường Láng, Hà Nội"
TAM_TRU_ANSWERS = ["nguyễn văn an", "001085012345", "0912 345 678", ADDRESS, "31/12/2026"]


def fill(engine, answers, state=None):
    turn = engine.start() if state is None else None
    state = turn.state if turn else state
    return say(engine, state, *answers)


def test_each_question_comes_alone_with_an_example_and_a_way_to_an_officer(engine_for):
    engine = engine_for(TAM_TRU)
    turn = engine.start()
    assert "CT01" in turn.replies[0].text
    question = turn.replies[-1]
    assert "Họ, chữ đệm và tên" in question.text and "Ví dụ:" in question.text  # the name first, not the agency
    assert {"title": "Gặp cán bộ", "payload": "/request_human"} in question.buttons
    turn = say(engine, turn.state, "nguyễn văn an")
    assert turn.state["values"]["full_name"] == "Nguyễn Văn An" and turn.state["current"] == "id_number"
    engine = engine_for("1.001193")
    turn = say(engine, engine.start().state, "Nguyễn Minh Anh", "05/03/2025")
    assert [b["title"] for b in turn.replies[-1].buttons][:2] == ["Nam", "Nữ"]  # choices are buttons


def test_whole_form_reaches_a_summary_with_the_agency_derived_then_save(engine_for):
    engine = engine_for(TAM_TRU)
    turn = fill(engine, TAM_TRU_ANSWERS)
    assert turn.state["stage"] == "summary"
    summary = text_of(turn)
    for value in ("Nguyễn Văn An", "001085012345", "0912 345 678", "31/12/2026", "Công an phường Láng"):
        assert value in summary
    change = [t for t in titles(turn) if t.startswith("Sửa ")]
    assert len(change) == len([v for v in engine.values(turn.state).values() if v])
    saved = say(engine, turn.state, "Xác nhận, lưu tờ khai")
    assert saved.outcome == Outcome.SAVE
    rows = {r.name: r.value for r in document_rows(engine.form, engine.values(saved.state))}
    assert rows["request"] == f"Đăng ký tạm trú tại {ADDRESS}. Thời hạn tạm trú đến ngày 31/12/2026."
    assert rows["agency"] == "Công an phường Láng" and rows["sex"] == "Nam"  # from the căn cước


def test_invalid_answers_are_explained_and_asked_again(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS[:1]).state
    turn = say(engine, state, "001485012345")
    assert "số thứ 4" in turn.replies[0].text and turn.state["current"] == "id_number"
    turn = say(engine, say(engine, turn.state, "001085012345").state, "09123abc78")
    assert "chữ cái" in turn.replies[0].text and turn.state["current"] == "phone"


def test_second_failure_on_one_field_offers_an_officer(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS[:2]).state
    turn = say(engine, state, "12345")
    assert turn.outcome == Outcome.CONTINUE
    turn = say(engine, turn.state, "0212")
    assert turn.outcome == Outcome.OFFER_OFFICER  # never the same question a third time
    assert {"title": "Gặp cán bộ", "payload": "/request_human"} in turn.replies[-1].buttons
    turn = say(engine, turn.state, "Thử lại")
    assert turn.state["current"] == "phone"
    assert say(engine, turn.state, "0912345678").state["current"] == "temporary_address"


def test_correction_in_free_words_changes_that_field_and_goes_on_where_it_was(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS[:3]).state
    assert state["current"] == "temporary_address"
    turn = say(engine, state, "à nhầm, số điện thoại là 0987 654 321")
    assert turn.state["values"]["phone"] == "0987 654 321"
    assert "0987 654 321" in text_of(turn)
    assert turn.state["current"] == "temporary_address"
    turn = say(engine, turn.state, "sửa tên thành Nguyễn Văn Bình")
    assert turn.state["values"]["full_name"] == "Nguyễn Văn Bình" and turn.state["current"] == "temporary_address"


def test_correction_naming_a_field_without_a_value_asks_it_then_comes_back(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS[:3]).state
    turn = say(engine, state, "sửa lại họ tên")
    assert turn.state["current"] == "full_name" and "Nguyễn Văn An" in turn.replies[-1].text
    turn = say(engine, turn.state, "Nguyễn Văn Ba")
    assert turn.state["values"]["full_name"] == "Nguyễn Văn Ba" and turn.state["current"] == "temporary_address"


def test_back_repeat_and_help(engine_for):
    engine = engine_for(TAM_TRU)
    turn = engine.start()
    turn = say(engine, turn.state, "quay lại")
    assert "câu đầu tiên" in turn.replies[0].text and turn.state["current"] == "full_name"
    state = fill(engine, TAM_TRU_ANSWERS[:2]).state
    turn = say(engine, state, "dạ quay lại giúp em")
    assert turn.state["current"] == "id_number" and "001085012345" in turn.replies[-1].text
    turn = say(engine, turn.state, "quay lai")  # without diacritics
    assert turn.state["current"] == "full_name"
    repeated = say(engine, turn.state, "nhắc lại")
    assert repeated.state["current"] == "full_name" and repeated.state["failures"] == {}
    turn = say(engine, repeated.state, "Nguyễn Văn An")
    assert turn.state["current"] == "phone"  # back to where the form was (căn cước kept)
    helped = say(engine, state, "số định danh là gì?")
    assert "12 chữ số in trên thẻ" in helped.replies[0].text


def test_a_short_oops_goes_back_to_the_previous_question(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS[:2]).state
    assert say(engine, state, "à nhầm rồi").state["current"] == "id_number"


def test_stop_keeps_the_draft_and_resume_asks_the_same_question(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS[:2]).state
    turn = say(engine, state, "dừng")
    assert turn.outcome == Outcome.PAUSED and turn.state["status"] == "paused"
    assert "2/5" in turn.replies[0].text and turn.replies[0].buttons[0]["payload"] == "/continue_flow"
    resumed = engine.resume(turn.state)
    assert resumed.state["status"] == "active" and resumed.state["current"] == "phone"
    assert resumed.state["values"]["full_name"] == "Nguyễn Văn An"
    assert say(engine, state, "dung").outcome == Outcome.PAUSED  # no diacritics
    assert say(engine, state, "huỷ, không làm nữa").outcome == Outcome.ABANDONED


def test_required_fields_cannot_be_skipped(engine_for):
    engine = engine_for(TAM_TRU)
    state = engine.start().state
    turn = say(engine, state, "không biết")
    assert "cần có để nộp hồ sơ" in turn.replies[0].text and turn.state["current"] == "full_name"


def test_optional_fields_are_not_asked_but_taken_when_given(engine_for):
    engine = engine_for(TAM_TRU)
    turn = fill(engine, TAM_TRU_ANSWERS[:2] + ["0912 345 678, email an.nguyen@gmail.com"] + TAM_TRU_ANSWERS[3:])
    assert turn.state["stage"] == "summary" and turn.state["values"]["email"] == "an.nguyen@gmail.com"
    assert "household_head_name" not in turn.state["values"]


def test_conditional_field_is_asked_only_when_it_applies(engine_for):
    engine = engine_for("1.001193")
    base = ["Nguyễn Minh Anh", "05/03/2025", "con gái", "Bệnh viện Phụ sản Hà Nội", "Trần Thị Bình", "001190012345"]
    turn = fill(engine, base + ["Không có"])
    assert turn.state["current"] == "phone"  # no father: his căn cước is not asked
    turn = fill(engine, base + ["Nguyễn Văn An"])
    assert turn.state["current"] == "father_id"


def test_unrelated_question_is_forwarded_then_the_form_is_offered_again(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS[:3]).state
    turn = say(engine, state, "đăng ký tạm trú mất bao nhiêu tiền?", intent="ask_fee", confidence=0.9)
    assert turn.outcome == Outcome.FORWARD and turn.state["values"] == state["values"]
    offer = engine.after_forward(turn.state)
    assert offer.state["stage"] == "resume_offer" and "Tiếp tục" in titles(offer)
    assert say(engine, offer.state, "tiếp tục").state["current"] == "temporary_address"
    assert say(engine, offer.state, "quay lại điền tiếp").state["current"] == "temporary_address"
    # a plain answer while the offer is shown is taken as the answer
    answered = say(engine, offer.state, ADDRESS)
    assert answered.state["current"] == "stay_until"
    assert say(engine, offer.state, "Để sau").outcome == Outcome.PAUSED


def test_off_topic_question_is_not_taken_as_an_answer(engine_for):
    engine = engine_for(TAM_TRU)
    state = engine.start().state
    turn = say(engine, state, "hôm nay trời có mưa không", intent="out_of_scope", confidence=0.99)
    assert turn.outcome == Outcome.FORWARD and turn.state["values"] == {}


def test_a_valid_strict_answer_is_never_taken_for_a_topic_switch(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS[:2]).state
    turn = say(engine, state, "0912 345 678", intent="check_status", confidence=0.95)
    assert turn.outcome == Outcome.CONTINUE and turn.state["values"]["phone"] == "0912 345 678"


def test_summary_change_buttons_corrections_and_confirmation(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS).state
    turn = say(engine, state, "Sửa mục 3")
    assert turn.state["current"] == "phone" and "0912 345 678" in turn.replies[-1].text
    turn = say(engine, turn.state, "0987654321")
    assert turn.state["stage"] == "summary" and "0987 654 321" in text_of(turn)
    turn = say(engine, turn.state, "số điện thoại là 0911 222 333")
    assert turn.state["stage"] == "summary" and turn.state["values"]["phone"] == "0911 222 333"
    turn = say(engine, turn.state, "không", intent="deny", confidence=0.9)
    assert "mục nào" in turn.replies[0].text and turn.outcome == Outcome.CONTINUE
    assert say(engine, turn.state, "đúng rồi").outcome == Outcome.SAVE
    assert say(engine, turn.state, "ok nộp đi").outcome == Outcome.SAVE
    # a long, polite confirmation ending in thanks is a confirmation, not small talk
    polite = "Ừ, đúng cả rồi cháu ạ, cháu nộp giúp ông đi, cảm ơn cháu nhiều"
    assert say(engine, turn.state, polite, intent="thank", confidence=0.8).outcome == Outcome.SAVE
    but = "Đúng rồi nhưng số điện thoại sai rồi cháu ơi, cháu xem lại giúp bà nhé, bà cảm ơn"
    assert say(engine, turn.state, but, intent="thank", confidence=0.8).outcome != Outcome.SAVE


def test_officer_request_pauses_the_form(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS[:2]).state
    turn = say(engine, state, "/request_human")
    assert turn.outcome == Outcome.HANDOFF and turn.state["status"] == "paused"
    assert engine.resume(turn.state).state["current"] == "phone"
    assert say(engine, state, "gặp cán bộ").outcome == Outcome.HANDOFF


def test_profile_is_offered_reused_and_consent_is_asked_after_saving(engine_for):
    engine = engine_for(TAM_TRU)
    profile = {"full_name": "Nguyễn Văn An", "id_number": "001085012345", "phone": "0912 345 678",
               "address": ADDRESS}
    turn = engine.start(profile)
    offer = turn.replies[-1]
    assert "Dùng lại" in [b["title"] for b in offer.buttons]
    assert "Nguyễn Văn An" in offer.text and "345" in offer.text and "001085012345" not in offer.text
    reused = say(engine, turn.state, "Dùng lại")
    assert set(reused.state["prefilled"]) == {"full_name", "id_number", "phone", "temporary_address"}
    assert reused.state["current"] == "stay_until"
    done = say(engine, reused.state, "31/12/2026")
    assert done.state["stage"] == "summary" and engine.values(done.state)["id_number"] == "001085012345"
    assert engine.saved(done.state, stored_profile=profile).outcome == Outcome.FINISHED
    consent = engine.saved(done.state, stored_profile=None)
    assert consent.state["stage"] == "consent"
    remembered = say(engine, consent.state, "Có, ghi nhớ")
    assert remembered.outcome == Outcome.REMEMBER and remembered.profile == profile
    assert say(engine, consent.state, "Không cần").outcome == Outcome.FINISHED
    fresh = say(engine, turn.state, "Nhập mới")
    assert fresh.state["values"] == {} and fresh.state["current"] == "full_name"


def test_birth_registration_writes_the_date_in_words_and_fills_defaults(engine_for):
    engine = engine_for("1.001193")
    turn = say(engine, engine.start().state, "nguyễn minh anh", "5/3/2025", "con gái", "Bệnh viện Phụ sản Hà Nội",
               "Trần Thị Bình", "001190012345", "mẹ đơn thân", "0912345678")
    assert turn.state["stage"] == "summary" and "father_id" not in engine.values(turn.state)
    rows = {r.name: r.value for r in document_rows(engine.form, engine.values(turn.state))}
    assert rows["child_birth_date_words"] == "Ngày mồng năm, tháng ba, năm hai nghìn không trăm hai mươi lăm"
    assert rows["child_sex"] == "Nữ" and rows["child_nationality"] == "Việt Nam"


def test_a_child_birth_date_must_be_plausible(engine_for):
    engine = engine_for("1.001193")
    state = say(engine, engine.start().state, "Nguyễn Minh Anh").state
    assert "18 năm" in say(engine, state, "05/03/1990").replies[0].text


def test_check_values_revalidates_a_whole_draft(forms):
    form = forms[TAM_TRU]
    engine = FormEngine(form, today=TODAY)
    values = engine.values(fill(engine, TAM_TRU_ANSWERS).state)
    clean, errors = check_values(form, values, today=TODAY)
    assert errors == {} and {k: v for k, v in clean.items() if v} == values
    broken = dict(values, phone="09123abc78", colour="red")
    del broken["full_name"]
    _, errors = check_values(form, broken, today=TODAY)
    assert set(errors) == {"phone", "colour", "full_name"} and "chữ cái" in errors["phone"]
    _, errors = check_values(form, dict(values, birth_date="05/03/1990"), today=TODAY)
    assert set(errors) == {"birth_date"}  # disagrees with the căn cước


def test_numbers_in_words():
    assert number_in_words(2024) == "hai nghìn không trăm hai mươi tư"
    assert number_in_words(1991) == "một nghìn chín trăm chín mươi mốt"
    assert number_in_words(2005) == "hai nghìn không trăm linh năm"
    assert number_in_words(2015) == "hai nghìn không trăm mười lăm"
    assert date_in_words("21/04/2010") == "Ngày hai mươi mốt, tháng tư, năm hai nghìn không trăm mười"


def test_an_answer_that_starts_like_its_label_keeps_its_words(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS[:3]).state
    turn = say(engine, state, "địa chỉ là số 12 ngõ 34 Láng Hạ, thành phố Hà Nội")
    assert turn.state["values"]["temporary_address"] == "số 12 ngõ 34 Láng Hạ, thành phố Hà Nội"


def test_erase_request_is_recognised_by_words_and_a_mistyped_number_is_not_a_topic_switch(engine_for):
    engine = engine_for(TAM_TRU)
    state = fill(engine, TAM_TRU_ANSWERS[:2]).state
    erase = say(engine, state, "xoá thông tin của tôi", intent="ask_procedure", confidence=0.6)
    assert erase.outcome == Outcome.FORWARD and erase.forward_as == "erase_profile"
    typo = say(engine, state, "09123abc78", intent="out_of_scope", confidence=0.97)
    assert typo.outcome == Outcome.CONTINUE and "chữ cái" in typo.replies[0].text
    question = say(engine, state, "tôi muốn hỏi hồ sơ của tôi đến đâu rồi", intent="check_status", confidence=0.95)
    assert question.outcome == Outcome.FORWARD


def test_a_choice_taken_for_an_officer_request_is_still_an_answer(engine_for):
    engine = engine_for("1.001193")
    state = say(engine, engine.start().state, "Nguyễn Minh Anh", "05/03/2025").state
    turn = say(engine, state, "con gái", intent="request_human", confidence=0.9)
    assert turn.outcome == Outcome.CONTINUE and turn.state["values"]["child_sex"] == "Nữ"
    turn = say(engine, turn.state, "tôi cần người thật giúp", intent="request_human", confidence=0.9)
    assert turn.outcome == Outcome.HANDOFF


def test_a_correction_naming_the_field_being_asked_is_its_answer(engine_for):
    # "à nhầm, tên là …" while the name is being asked: the name, even if the NLU thought
    # the message was about something else (here a status check)
    engine = engine_for(TAM_TRU)
    state = engine.start().state
    assert state["current"] == "full_name"
    turn = say(engine, state, "à nhầm, tên là Nguyễn Văn Ân", intent="check_status", confidence=0.95)
    assert turn.outcome != "forward"
    assert turn.state["values"]["full_name"] == "Nguyễn Văn Ân"
    assert turn.state["current"] == "id_number"
