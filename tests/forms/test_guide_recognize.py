"""Which branch of the VNeID guide a citizen's words reach (bot/guides/recognize.py + the YAML data)."""
from pathlib import Path

import pytest

from bot.forms.flow import Message, Outcome
from bot.guides import wording as w
from bot.guides.engine import GuideEngine
from bot.guides.recognize import ProblemRecogniser
from knowledge.flows.guides import GUIDES_DIR, GuideDefinitionError, load_guide, parse_guide

CATALOGUE = Path(__file__).resolve().parents[2] / "knowledge" / "procedures"


@pytest.fixture(scope="module")
def guide():
    return load_guide(GUIDES_DIR / "vneid.yml")


def shown(turn) -> list[str]:
    return [guide for guide, _steps, _procedure in turn.state.get("pending") or []]


def say(engine, state, text, intent=None, confidence=0.0):
    return engine.handle(state, Message(text, intent, confidence))


# first messages that name the trouble, in the ways citizens write: diacritics or not, teencode,
# regional words, elderly phrasing; each must reach its branch's steps at once
NAMED = [
    ("quên mật khẩu VNeID", "vneid_recover"),
    ("quen mk vneid r lam sao ad", "vneid_recover"),
    ("bà quên mất cái mã 6 số rồi", "vneid_recover"),
    ("mật khẩu tui nhớ không ra", "vneid_recover"),
    ("tài khoản bị khóa", "vneid_recover"),
    ("tk bị khoá r huhu", "vneid_recover"),
    ("nhập sai passcode 5 lần giờ nó khóa luôn", "vneid_recover"),
    ("tài khoản vneid bị vô hiệu hóa", "vneid_recover"),
    ("đổi số điện thoại rồi", "vneid_recover"),
    ("tôi mất sim cũ, giờ dùng số khác", "vneid_recover"),
    ("sdt dang ky vneid khong con dung nua", "vneid_recover"),
    ("không nhận được OTP", "vneid_login"),
    ("ma otp ko ve may", "vneid_login"),
    ("nó nói gửi mã mà em đợi hoài không thấy tin nhắn nào", "vneid_login"),
    ("em bấm lấy mã mà chẳng thấy gì", "vneid_login"),
    ("mới mua điện thoại mới, vneid trên máy mới đăng nhập sao", "vneid_login"),
    ("đổi sang iphone mới thì vneid sao", "vneid_login"),
    ("chụp mặt hoài không qua", "vneid_login"),
    ("e nhận đc tin nhắn mã kích hoạt vneid r mà ko bít nhập vào đâu để kích hoạt tk ạ", "vneid_activate"),
    ("tài khoản VNeID kích hoạt rồi, mật khẩu vẫn nhớ, mà mở ứng dụng ra không biết đăng nhập ở đâu", "vneid_login"),
    ("mới kích hoạt VNeID xong mà không biết đăng nhập", "vneid_login"),
    ("quet chip cccd khong duoc", "vneid_login"),
    ("tài khoản không tồn tại", "vneid_register"),
    ("dang nhap bao tai khoan chua ton tai", "vneid_register"),
    ("chưa có tài khoản, đăng ký thế nào", "vneid_register"),
    ("mik chưa có tk vneid", "vneid_register"),
    ("cach dang ky tai khoan vneid tren dien thoai", "vneid_register"),
    ("em muốn tạo vneid giùm ba mẹ", "vneid_register"),
    ("chưa kích hoạt", "vneid_activate"),
    ("đã làm mức 2 ở công an mà chưa có tin nhắn kích hoạt", "vneid_activate"),
    ("len muc 2 thi lam sao", "vneid_activate"),
    ("app vneid của tôi vẫn đang mức 1", "vneid_activate"),
    ("không đăng nhập được dichvucong.gov.vn", "portal_login"),
    ("vô dvc bằng tk vneid thế nào", "portal_login"),
    ("trang dichvucong.gov.vn bắt quét mã QR", "portal_login"),
    ("quên mật khẩu tài khoản dịch vụ công", "portal_recover"),
    ("tai khoan dvc cu quen mat khau", "portal_recover"),
    ("tài khoản dvc tạo năm 2020 giờ lấy lại sao", "portal_recover"),
    # dev7 (blind): registered at the police but not activated; the OTP not sent when logging in to
    # the app; the app's own login screen failing
    ("Tôi đã đăng ký tài khoản định danh điện tử mức 2 ở công an phường mà chưa nhận được tin nhắn kích hoạt. "
     "Giờ tôi kích hoạt tài khoản thế nào ạ?", "vneid_activate"),
    ("có rồi mà bấm đăng nhập VNeID nó hổng gửi mã OTP về điện thoại tui, chờ hoài hổng thấy", "vneid_login"),
    ("Ông mở cái ứng dụng VNeID, bấm đăng nhập thì nó hiện lỗi rồi tự thoát, ông làm mãi chả được. "
     "Ông có tài khoản rồi, mấy hôm trước vẫn vào bình thường đấy.", "vneid_login"),
    # registered, yet "không tồn tại": a login problem (typed number, not activated), not a new account;
    # "báo sai mật khẩu" from someone who remembers it: typing advice before a reset
    ("dang nhap app vneid bao tai khoan khong ton tai, toi da dang ky roi", "vneid_login"),
    ("tôi đăng ký rồi mà vào nó cứ báo tài khoản chưa tồn tại", "vneid_login"),
    ("nhập mật khẩu nó cứ báo sai mật khẩu, tôi nhớ đúng mà", "vneid_login"),
    ("mk e nhớ rõ mà app báo sai mật khẩu hoài", "vneid_login"),
    ("tôi đổi sang số điện thoại mới, số cũ bỏ rồi, giờ không vào được VNeID", "vneid_recover"),
    ("mới mua điện thoại mới, số vẫn dùng số cũ, vào vneid sao", "vneid_login"),
    # "mà" (but) is no "mã" (a code); a story told around the trouble
    ("người ta bảo phải có tài khoản định danh điện tử, mà tôi thì chưa có, làm sao đây", "vneid_register"),
    ("có tài khoản rồi mà chưa có mã otp gửi về", "vneid_login"),
    ("tôi gõ mật khẩu vào thì báo thông tin đăng nhập không đúng, mà tôi gõ đúng rồi", "vneid_login"),
    ("cài lại app thì báo tài khoản không tồn tại, trước giờ vẫn dùng bình thường", "vneid_login"),
    ("hồi trước tôi tạo tài khoản trên cổng dịch vụ công bằng số điện thoại, giờ không đăng nhập được", "portal_recover"),
]


@pytest.mark.parametrize("text, trace", NAMED)
def test_a_first_message_naming_the_trouble_goes_straight_to_its_steps(guide, text, trace):
    turn = GuideEngine(guide).start(text)
    assert turn.state["stage"] in ("branch", "step")
    assert shown(turn)[:1] == [trace]
    assert "\n1. " in turn.replies[-1].text or turn.replies[-1].text.startswith("Bước 1/")


VAGUE = ["tôi không vào được", "app định danh của tui hổng vô được", "vneid bị lỗi", "cho hỏi về tài khoản",
         "không đăng nhập được vneid", "cái app nó cứ báo lỗi", "vneid không dùng được"]


@pytest.mark.parametrize("text", VAGUE)
def test_a_vague_first_message_gets_the_first_question_with_buttons(guide, text):
    turn = GuideEngine(guide).start(text)
    assert turn.state["stage"] == "start" and not shown(turn)
    question = turn.replies[-1]
    assert question.text.startswith("Anh/chị đã có tài khoản chưa")
    titles = [b["title"] for b in question.buttons]
    assert "Bắt đầu từ bước 1" in titles and "Không nhận được mã OTP" in titles and titles[-1] == "Gặp cán bộ"


@pytest.mark.parametrize("first, second, trace", [
    ("tôi không vào được", "nó báo tài khoản bị tạm khoá do nhập sai nhiều lần", "vneid_recover"),
    ("vneid của em bị sao ấy", "em đang kích hoạt mức 2 mà ko nhận đc mã", "vneid_activate"),
    ("cái app công an nó không mở được", "con đổi số mới rồi, sim cũ mất rồi", "vneid_recover"),
    ("trục trặc cái tài khoản", "nó báo không tồn tại", "vneid_register"),
    ("tôi có tài khoản trên cổng dịch vụ công từ lâu rồi", "giờ không nhớ mật khẩu", "portal_recover"),
])
def test_the_trouble_told_at_the_second_turn_goes_to_its_branch(guide, first, second, trace):
    turn = GuideEngine(guide).start(first)
    assert turn.state["stage"] == "start"
    turn = say(GuideEngine(guide, [first]), turn.state, second)
    assert shown(turn)[:1] == [trace]


def test_an_earlier_message_decides_the_account_only_when_this_one_names_none(guide):
    engine = GuideEngine(guide, ["tôi có tài khoản trên cổng dịch vụ công"])
    assert engine.find_problem("không nhớ mật khẩu").id == "portal_password"
    assert engine.find_problem("quên mật khẩu VNeID").id == "forgot_passcode"
    assert GuideEngine(guide).find_problem("không nhớ mật khẩu").id == "forgot_passcode"
    # a context part ("[kích hoạt]") may come from before; a plain part must be in this message
    assert GuideEngine(guide, ["tôi đang kích hoạt vneid"]).find_problem("không nhận được mã").id == "activation"
    assert GuideEngine(guide).find_problem("không nhận được mã").id == "otp_not_received"


def test_words_that_only_look_alike_without_diacritics_are_not_mixed_up(guide):
    engine = GuideEngine(guide)
    # "mat ma" here is "mặt mà" (face), not "mật mã" (a passcode)
    assert engine.find_problem("no bat xac thuc khuon mat ma quet mai khong duoc").id == "face_check"
    assert engine.find_problem("quên mật mã rồi").id == "forgot_passcode"
    # a statement of what is fine is not a trouble
    for text in ("Tài khoản VNeID của chị mức 2 rồi, kích hoạt rồi nghe", "xong rồi", "tôi đã nhập mã OTP rồi",
                 "mật khẩu thì tôi vẫn nhớ", "bác vẫn dùng số điện thoại cũ cháu ạ", "sđt vẫn là số cũ ạ"):
        assert engine.find_problem(text) is None, text


def start_at(engine, stage):
    """A walkthrough state at each place where the guide asks something."""
    state = engine.start().state
    if stage == "start":
        return state
    state = say(engine, state, "Bắt đầu từ bước 1").state
    if stage == "step":
        return state
    if stage == "problems":
        return say(engine, state, "Bị lỗi").state
    state = say(engine, state, "Không nhận được mã OTP").state
    if stage == "branch":
        return state
    if stage == "officer":
        state = say(engine, state, "Vẫn lỗi").state
        state = say(engine, state, "Tài khoản bị khóa").state
        return say(engine, state, "Vẫn lỗi").state
    return engine.after_forward(state).state  # resume_offer


@pytest.mark.parametrize("stage", ["start", "step", "problems", "branch", "officer", "resume_offer"])
def test_at_any_question_an_answer_naming_a_trouble_goes_to_its_branch(guide, stage):
    engine = GuideEngine(guide)
    state = start_at(engine, stage)
    assert state["stage"] == stage
    turn = say(engine, state, "giờ nó lại báo tài khoản không tồn tại", intent="affirm", confidence=0.9)
    assert turn.state["branch"] == "account_not_found" and shown(turn)[-1] == "vneid_register"


def test_the_same_trouble_told_again_is_answered_not_counted_as_unusable(guide):
    engine = GuideEngine(guide)
    state = engine.start("không nhận được OTP").state
    texts = []
    for _ in range(3):
        turn = say(engine, state, "đợi cả tiếng rồi mà mã vẫn không về", intent="out_of_scope", confidence=0.95)
        assert turn.outcome == Outcome.CONTINUE and turn.state["branch"] == "otp_not_received"
        texts.append(turn.replies[0].text)
        state = turn.state
    assert texts[0] == w.SAME_PROBLEM_AGAIN
    assert texts[1:] == [w.SAME_PROBLEM, w.SAME_PROBLEM]


def test_a_trouble_solved_ends_the_guide_unless_a_walkthrough_was_under_way(guide):
    engine = GuideEngine(guide)
    state = engine.start("không nhận được OTP").state
    assert say(engine, state, "chờ 30p r").outcome != Outcome.FINISHED  # waiting is not solved
    done = say(engine, state, "được rồi em")
    assert done.outcome == Outcome.FINISHED and done.replies[0].text == w.SOLVED_DONE
    walking = say(engine, say(engine, engine.start().state, "Bắt đầu từ bước 1").state, "Không nhận được mã OTP").state
    back = say(engine, walking, "được rồi em")
    assert back.outcome == Outcome.CONTINUE and back.replies[-1].text.startswith("Bước 1/6")
    # solved at the walkthrough's last step (portal login): nothing is left to walk through
    at_last = say(engine, say(engine, engine.start().state, "có rồi").state, "đổi sang số điện thoại mới rồi").state
    assert at_last["step"] == len(guide.steps) - 1
    thanks = say(engine, at_last, "được rồi, cảm ơn em")
    assert thanks.outcome == Outcome.FINISHED and thanks.replies[0].text == w.SOLVED_DONE


def test_two_unusable_answers_to_a_branch_offer_buttons_and_an_officer(guide):
    engine = GuideEngine(guide)
    state = engine.start("tài khoản bị khóa").state
    turn = say(engine, state, "ừm để xem", intent="out_of_scope", confidence=0.9)
    assert turn.outcome == Outcome.CONTINUE  # not forwarded: inside the guide it is asked again
    turn = say(engine, turn.state, "hả")
    assert turn.outcome == Outcome.OFFER_OFFICER
    assert [b["title"] for b in turn.replies[-1].buttons][0] == "Gặp cán bộ"


def test_every_branch_records_a_guide_and_a_procedure_of_the_catalogue(guide):
    for problem in guide.problems:
        turn = GuideEngine(guide).start(problem.title)
        (trace, steps, procedure), *_ = turn.state["pending"]
        assert trace == problem.trace and steps >= 1
        assert procedure and (CATALOGUE / f"{procedure}.yml").exists(), problem.id
    assert GuideEngine(guide).start("tài khoản bị khóa").state["pending"][0][2] == "3.000275"  # mở khóa tài khoản
    assert GuideEngine(guide).start("chưa kích hoạt").state["pending"][0][2] == "3.000228"    # mức 2
    assert GuideEngine(guide).start("chưa có tài khoản").state["pending"][0][2] == "1.011410"  # mức 1


MINI = {
    "code": "mini", "title": "t", "finished": "f",
    "words": {"pw": "mật khẩu"}, "accented_words": {"mật mã": "mật khẩu"},
    "classes": {"how": ["thế nào", "ra sao"]}, "systems": {"web": ["trang web"]},
    "steps": [{"id": "s", "title": "S", "text": "t"}],
    "problems": [
        {"id": "lost", "title": "Mất mật khẩu", "keywords": ["quên mật khẩu", "mật khẩu + {how}"], "steps": ["a"],
         "on_system": {"web": "web_lost"}},
        {"id": "web_lost", "title": "Mất mật khẩu web", "keywords": ["mật khẩu web"], "steps": ["b"]},
    ],
}


def test_recognition_is_driven_by_the_guide_data():
    recognise = ProblemRecogniser(parse_guide(MINI)).best
    assert recognise("quen pw roi").problem.id == "lost"
    assert recognise("quên mất cái mật mã").problem.id == "lost"
    assert recognise("mật khẩu đặt lại ra sao").problem.id == "lost"
    assert recognise("quên mật khẩu trang web").problem.id == "web_lost"
    assert recognise("quên mật khẩu", ["trên trang web ấy"]).problem.id == "web_lost"
    assert recognise("hôm nay trời đẹp") is None


@pytest.mark.parametrize("change, message", [
    ({"classes": {}}, "unknown word classes"),
    ({"systems": {}}, "on_system web -> web_lost is unknown"),
    ({"start_problems": ["nope"]}, "unknown start_problems"),
])
def test_a_guide_with_broken_references_is_refused(change, message):
    with pytest.raises(GuideDefinitionError, match=message):
        parse_guide({**MINI, **change})


def test_at_the_first_question_only_words_say_yes_or_no(guide):
    engine = GuideEngine(guide)
    state = engine.start("tôi không vào được").state
    assert say(engine, state, "ờm cái đó", intent="affirm", confidence=0.9).state["stage"] == "start"
    assert say(engine, state, "dạ chưa có ạ").state["step"] == 0
    assert say(engine, state, "có rồi em").state["step"] == guide.step_index("portal_login")


def test_a_keyword_never_spans_two_sentences(guide):
    recognise = ProblemRecogniser(guide)
    assert recognise.best("làm mãi chả được. Ông có tài khoản rồi") is None
    assert recognise.best("ông chả có tài khoản nào").problem.id == "no_account"


def test_account_not_found_after_saying_one_has_an_account_is_the_login_branch(guide):
    said_yes = GuideEngine(guide, ["em vào VNeID không được", "có rồi ạ"])
    found = said_yes.find_problem("mở app đăng nhập cứ báo tài khoản không tồn tại, em dùng đúng số căn cước mà")
    assert found.trace == "vneid_login"
    # with nothing said before, "không tồn tại" means no account was ever made
    assert GuideEngine(guide).find_problem("nó báo tài khoản không tồn tại").trace == "vneid_register"
