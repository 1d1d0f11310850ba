"""The guide engine on the shipped VNeID guide: steps, failure branches, officer, pause and resume."""
from pathlib import Path

import pytest

from bot.forms.flow import Message, Outcome
from bot.guides.engine import GuideEngine
from knowledge.flows.guides import GUIDES_DIR, GuideDefinitionError, load_guide, load_guides, parse_guide


@pytest.fixture
def engine():
    return GuideEngine(load_guide(GUIDES_DIR / "vneid.yml"))


def say(engine, state, *texts, intent=None, confidence=0.0):
    turn = None
    for text in texts:
        turn = engine.handle(state, Message(text, intent, confidence))
        state = turn.state
    return turn


def titles(turn):
    return [b["title"] for r in turn.replies for b in r.buttons]


def test_the_shipped_guide_covers_the_path_and_the_real_failure_cases():
    guide = load_guides()["vneid"]
    assert [s.id for s in guide.steps] == ["install", "register_level1", "activate_level2", "activation_sms",
                                           "set_passcode", "portal_login"]
    assert {"otp_not_received", "wrong_phone", "forgot_passcode", "account_locked", "new_phone", "elderly_parent",
            "account_not_found", "no_account", "activation", "portal_login", "portal_password"} <= {p.id for p in guide.problems}
    # every guide of the trace contract is reached by at least one problem branch
    assert {p.trace for p in guide.problems} == {"vneid_register", "vneid_activate", "vneid_login", "vneid_recover",
                                                 "portal_login", "portal_recover"}
    elderly = guide.problem("elderly_parent")
    assert any("không giữ" in s and "passcode" in s for s in elderly.steps)


def test_a_broken_guide_is_refused_with_the_reason():
    with pytest.raises(GuideDefinitionError, match="unknown problems"):
        parse_guide({"code": "x", "title": "x", "finished": "x", "problems": [
            {"id": "a", "title": "A", "keywords": ["a"], "steps": ["do"]}],
            "steps": [{"id": "s", "title": "S", "text": "t", "problems": ["b"]}]})
    assert load_guides(Path("/nonexistent")) == {}


def test_one_step_per_message_with_the_four_buttons(engine):
    turn = engine.start()
    assert titles(turn)[:2] == ["Bắt đầu từ bước 1", "Đã có VNeID mức 2"]
    turn = say(engine, turn.state, "Bắt đầu từ bước 1")
    assert turn.replies[-1].text.startswith("Bước 1/6: Cài ứng dụng VNeID")
    assert titles(turn) == ["Xong rồi", "Bị lỗi", "Nhắc lại", "Gặp cán bộ"]
    turn = say(engine, turn.state, "Xong rồi", "xong")
    assert turn.replies[-1].text.startswith("Bước 3/6")
    assert say(engine, turn.state, "Nhắc lại").replies[-1].text == turn.replies[-1].text
    assert say(engine, turn.state, "quay lại").replies[-1].text.startswith("Bước 2/6")


def test_whole_walkthrough_with_a_stuck_otp_branch(engine):
    state = say(engine, engine.start().state, "Bắt đầu từ bước 1", "Xong rồi").state
    turn = say(engine, state, "Bị lỗi")
    assert "Không nhận được mã OTP" in titles(turn)
    turn = say(engine, turn.state, "Không nhận được mã OTP")
    assert turn.state["stage"] == "branch" and "Gửi lại mã" in turn.replies[-1].text
    assert "\n3. " in turn.replies[-1].text  # the things to try, all at once and numbered
    assert turn.state["pending"][-1][:2] == ["vneid_login", 3]  # for the trace: account_guidance
    turn = say(engine, turn.state, "Được rồi")
    assert turn.replies[-1].text.startswith("Bước 2/6") and turn.state["stage"] == "step"
    turn = say(engine, turn.state, *["Xong rồi"] * 4)
    assert turn.replies[-1].text.startswith("Bước 6/6")
    finished = say(engine, turn.state, "Xong rồi")
    assert finished.outcome == Outcome.FINISHED and "mã OTP" in finished.replies[0].text


def test_two_failed_branches_offer_an_officer(engine):
    state = say(engine, engine.start().state, "Đã có VNeID mức 2").state
    assert state["step"] == 5
    turn = say(engine, state, "quên mật khẩu", "Vẫn lỗi")
    assert turn.outcome == Outcome.CONTINUE and turn.state["stage"] == "problems"
    turn = say(engine, turn.state, "Tài khoản bị khóa do nhập sai", "vẫn không được")
    assert turn.outcome == Outcome.OFFER_OFFICER
    assert titles(turn)[0] == "Gặp cán bộ"
    assert say(engine, turn.state, "Gặp cán bộ").outcome == Outcome.HANDOFF
    assert say(engine, turn.state, "Thử cách khác").state["stage"] == "problems"


def test_a_message_naming_the_problem_goes_straight_to_its_branch(engine):
    turn = engine.start("tôi không nhận được mã OTP")
    assert turn.state["branch"] == "otp_not_received" and turn.state["step"] == 1
    assert engine.start("cho bác hỏi làm hộ mẹ tài khoản").state["branch"] == "elderly_parent"
    turn = engine.start("đổi sim rồi, số mới là 0997818005")
    assert turn.state["branch"] == "wrong_phone"


def test_stop_and_resume_at_the_step_reached(engine):
    state = say(engine, engine.start().state, "Bắt đầu từ bước 1", "Xong rồi", "Xong rồi").state
    paused = say(engine, state, "dừng lại")
    assert paused.outcome == Outcome.PAUSED and "bước 3/6" in paused.replies[0].text
    resumed = engine.resume(paused.state)
    assert resumed.state["step"] == 2 and resumed.replies[-1].text.startswith("Bước 3/6")
    assert "Làm lại từ đầu" in titles(resumed)
    assert say(engine, resumed.state, "Làm lại từ đầu").replies[-1].text.startswith("Bước 1/6")


def test_unrelated_question_is_forwarded_then_the_guide_is_offered_again(engine):
    state = say(engine, engine.start().state, "Bắt đầu từ bước 1").state
    turn = say(engine, state, "đăng ký tạm trú cần giấy tờ gì?", intent="ask_documents", confidence=0.9)
    assert turn.outcome == Outcome.FORWARD
    offer = engine.after_forward(turn.state)
    assert "Tiếp tục" in titles(offer)
    assert say(engine, offer.state, "Tiếp tục").replies[-1].text.startswith("Bước 1/6")
    assert say(engine, offer.state, "Để sau").outcome == Outcome.PAUSED


@pytest.mark.parametrize("answer, branch, guide", [
    ("tài khoản không tồn tại", "account_not_found", "vneid_register"),
    ("em không nhận được OTP", "otp_not_received", "vneid_login"),
    ("quên mật khẩu rồi", "forgot_passcode", "vneid_recover"),
    ("em đổi số điện thoại rồi", "wrong_phone", "vneid_recover"),
    ("tài khoản bị khóa", "account_locked", "vneid_recover"),
])
def test_the_problem_given_as_the_answer_to_the_first_question_goes_to_its_branch(engine, answer, branch, guide):
    turn = say(engine, engine.start().state, answer)
    assert turn.state["branch"] == branch and turn.state["pending"][-1][0] == guide


def test_two_unusable_answers_to_the_first_question_offer_buttons_and_an_officer(engine):
    turn = say(engine, engine.start().state, "ờ thì")
    assert turn.outcome == Outcome.CONTINUE
    turn = say(engine, turn.state, "hmm")
    assert turn.outcome == Outcome.OFFER_OFFICER and "Gặp cán bộ" in titles(turn)


def test_chua_co_at_the_first_question_starts_the_walkthrough_not_the_login(engine):
    assert say(engine, engine.start().state, "chưa có").state["step"] == 0
    assert say(engine, engine.start().state, "có rồi").state["step"] == 5


def test_a_step_is_not_shown_a_third_time_after_two_unusable_answers(engine):
    state = say(engine, engine.start().state, "Bắt đầu từ bước 1").state
    turn = say(engine, state, "hmm")
    assert turn.outcome == Outcome.CONTINUE and "Bước 1/6" in turn.replies[-1].text
    turn = say(engine, turn.state, "ờ")
    assert turn.outcome == Outcome.OFFER_OFFICER and "Gặp cán bộ" in titles(turn)


def test_each_step_is_traced_and_its_procedure_identified_once(engine):
    turn = say(engine, engine.start().state, "Bắt đầu từ bước 1")
    assert turn.state["pending"][-1] == ["vneid_register", 1, "1.011410"]
    turn = say(engine, turn.state, "Xong rồi")
    assert turn.state["pending"][-1] == ["vneid_register", 2, ""]


def test_an_answer_to_have_you_an_account_in_its_first_clause():
    from bot.forms.flow import Message
    from bot.guides.engine import GuideEngine
    from knowledge.flows.guides import load_guides

    guide = next(iter(load_guides().values()))
    engine = GuideEngine(guide)
    turn = engine.start()
    turn = engine.handle(turn.state, Message("mình có tài khoản rồi, giờ lần đầu đăng nhập trên điện thoại"))
    assert turn.state["stage"] == "step" and turn.state["step"] == guide.step_index(guide.start_choices[-1].step)
