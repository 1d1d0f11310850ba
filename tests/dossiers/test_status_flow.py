"""The status check as a flow definition (knowledge/flows/status_check.yml): the engine's
commands ("dừng", "gặp cán bộ", "nhắc lại", "quay lại"), and the wording read from the data."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

import bot.actions.handoff  # noqa: F401  (the app registers the whole package; the handoff runs in-process)
from bot.forms.flow import Message
from bot.forms.status_check import FACTOR, OUTCOME, RECEIPT, REQUESTED, StatusCheckEngine
from knowledge.flows.status_check import (
    STATUS_CHECK_FILE,
    StatusCheckDefinitionError,
    load_status_check,
    parse_status_check,
)
from tests.dossiers.conftest import OWNER_ID
from tests.dossiers.test_status_actions import Chat, buttons, texts

FLOW = load_status_check()
RECEIPT_Q, FACTOR_Q = FLOW.question(RECEIPT), FLOW.question(FACTOR)


@pytest.fixture
def chat(services, seeded):
    return Chat("web-flow-citizen")


def test_stop_while_the_factor_is_asked_ends_the_check_and_says_so(chat, seeded):
    chat.say(f"hồ sơ {seeded} sao rồi", "check_status")
    stopped = chat.say("thôi để sau", "nlu_fallback", 0.3)
    assert texts(stopped) == FLOW.say["stopped"]
    assert FLOW.buttons["again"] in buttons(stopped)
    assert not chat.active and chat.slots[RECEIPT] is None and chat.slots[OUTCOME] is None
    # a new check starts from the beginning
    assert texts(chat.say("tra cứu hồ sơ", "check_status")) == RECEIPT_Q.prompt


def test_asking_for_an_officer_in_words_hands_over_whatever_the_intent(chat, seeded, database):
    from domain.handoff.service import get_conversation

    chat.say("tra cứu hồ sơ", "check_status")
    handed = chat.say("gặp cán bộ", "nlu_fallback", 0.4)
    assert not chat.active
    assert texts(handed) and RECEIPT_Q.prompt not in texts(handed)   # the handoff's own answer
    with database.session() as session:
        assert get_conversation(session, chat.sender) is not None    # queued for an officer


def test_repeat_asks_the_plain_question_again_without_counting_a_failure(chat, seeded):
    chat.say("tra cứu hồ sơ", "check_status")
    assert texts(chat.say("mình quên rồi")) == RECEIPT_Q.reason("unusable")
    assert texts(chat.say("nhắc lại")) == RECEIPT_Q.prompt
    assert texts(chat.say("ờ")) == RECEIPT_Q.reason("unusable")        # still the 2nd unusable answer
    assert texts(chat.say(seeded)) == FACTOR_Q.prompt
    assert texts(chat.say("nhắc lại câu hỏi")) == FACTOR_Q.prompt
    assert "đã được tiếp nhận" in texts(chat.say(OWNER_ID[-4:]))


def test_back_at_the_factor_asks_the_code_again_then_the_check_goes_on(chat, seeded):
    chat.say("hồ sơ G10.10-250101-0001 sao rồi", "check_status")
    again = chat.say("quay lại")
    assert texts(again) == f"{RECEIPT_Q.reason('back')}\n{RECEIPT_Q.prompt}"
    assert chat.slots[RECEIPT] is None
    assert texts(chat.say(seeded)) == FACTOR_Q.prompt
    assert seeded in texts(chat.say(OWNER_ID[-4:]))


def test_a_corrected_code_while_the_factor_is_asked_is_the_one_checked(chat, seeded):
    chat.say("hồ sơ G10.10-250101-0001 sao rồi", "check_status")
    assert texts(chat.say(f"nhầm, mã đúng là {seeded}")) == FACTOR_Q.prompt
    assert seeded in texts(chat.say(OWNER_ID[-4:]))


def test_digits_are_never_a_command(chat, seeded):
    chat.say(f"hồ sơ {seeded} sao rồi", "check_status")
    assert texts(chat.say("thôi 0000")) == RECEIPT_Q.reason("mismatch")


def test_the_wording_is_read_from_the_definition(chat, seeded, tmp_path: Path, monkeypatch):
    data = yaml.safe_load(STATUS_CHECK_FILE.read_text(encoding="utf-8"))
    data["questions"][1]["prompt"] = "Cho em xin 4 số cuối nhé."
    changed = tmp_path / "status_check.yml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr("bot.forms.status_check.load_status_check", lambda: load_status_check(changed))
    assert texts(chat.say(f"hồ sơ {seeded} sao rồi", "check_status")) == "Cho em xin 4 số cuối nhé."


@pytest.mark.parametrize("break_it", [
    lambda d: d["questions"].reverse(),                               # the code is asked first
    lambda d: d["questions"][0].update(read="anything"),               # an unknown reader
    lambda d: d["say"].pop("locked"),                                  # a missing sentence
    lambda d: d["questions"][1].update(buttons=["officer", "nope"]),   # an unknown button
])
def test_a_broken_definition_is_refused_with_the_reason(break_it):
    data = yaml.safe_load(STATUS_CHECK_FILE.read_text(encoding="utf-8"))
    break_it(data)
    with pytest.raises(StatusCheckDefinitionError):
        parse_status_check(data)


class NoOwner:
    """An owner check that must not be reached."""

    def configured(self) -> bool:
        raise AssertionError("not reached")

    async def locked(self, code):
        raise AssertionError("not reached")

    async def verify(self, code, factor):
        raise AssertionError("not reached")


def test_commands_only_apply_while_a_question_is_asked():
    engine = StatusCheckEngine(NoOwner())
    assert engine.on_command({REQUESTED: None}, Message("dừng")) is None
    assert engine.on_command({REQUESTED: FACTOR}, Message("dừng"))[OUTCOME] == "stopped"
    assert engine.on_command({REQUESTED: RECEIPT}, Message("mã là G10.10-250101-0001")) is None


def test_without_a_secret_nothing_is_checked_and_the_check_is_unavailable():
    class Unconfigured(NoOwner):
        def configured(self) -> bool:
            return False

    engine = StatusCheckEngine(Unconfigured())
    answer = asyncio.run(engine.factor_answer({RECEIPT: "G10.10-250101-0001", REQUESTED: FACTOR}, Message("1234")))
    assert answer[OUTCOME] == "unavailable" and answer[REQUESTED] is None
