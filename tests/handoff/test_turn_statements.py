"""A citizen's turn reads each row it needs once (issue 13): the routing step looks for a
disconnected officer only in a conversation an officer owns (and still gives it back to the
queue then), the after-turn step reads the citizen's message once and counts the turn inside
the query of its audit trace; the result is the same as counting it apart."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select

from api.console.accounts import create_officer
from api.conversation import ConversationRouter
from core.db.base import utcnow
from core.schemas import BotMessage
from domain.audit import record
from domain.audit.models import TraceEvent
from domain.feedback.turns import _events
from domain.handoff import officers as officer_actions
from domain.handoff import service
from domain.handoff.office_hours import OfficeHours
from domain.handoff.turns import before_turn
from tests.handoff.conftest import PASSWORD, open_settings

UNDERSTOOD = {"intent": "ask_fee", "confidence": 0.93, "entities": [], "procedure_code": "1.001",
              "filled_fields": {}, "active_loop": None, "requested_slot": None, "turn_actions": ["action_answer"],
              "answered_procedure": True}


def _statements(database):
    seen: list[str] = []
    listener = lambda conn, cursor, statement, *args: seen.append(statement)   # noqa: E731
    event.listen(database.engine, "before_cursor_execute", listener)
    return seen, lambda: event.remove(database.engine, "before_cursor_execute", listener)


def test_a_bot_turn_reads_no_officer_and_its_message_once(database):
    settings = open_settings()
    taken, route = ConversationRouter._before(database, settings, "web-s", "lệ phí bao nhiêu", "web")
    assert taken is None and route.to_bot
    seen, stop = _statements(database)
    try:
        _, route = ConversationRouter._before(database, settings, "web-s", "nộp ở đâu", "web")
        with database.session() as s:
            record.procedure_identified(s, "web-s", "1.001", "question")
        extra = ConversationRouter._after(database, settings, "web-s", route.inbound_id,
                                          [BotMessage(text="Nộp tại UBND xã.")], UNDERSTOOD)
    finally:
        stop()
    assert not [s for s in seen if "officers" in s]                       # a bot conversation: no officer to release
    assert len([s for s in seen if s.startswith("SELECT conversation_messages.")]) == 1   # the citizen's message
    assert len([s for s in seen if "count(" in s]) == 2                  # the audit record's, and one inside the trace's query
    assert [m["text"] for m in extra] and "Hữu ích" in str(extra[0]["buttons"])   # the procedure answer is offered for rating


def test_a_disconnected_officers_conversation_goes_back_to_the_queue_when_the_citizen_writes(database):
    start = utcnow() - timedelta(minutes=10)
    with database.session() as s:
        lan = create_officer(s, "lan", PASSWORD, "Nguyễn Thị Lan")
        service.request_handoff(s, "web-o", hours=OfficeHours.parse("00:00-24:00", "mon-sun"), now=start)
    with database.session() as s:
        officer_actions.take_over(s, "web-o", lan, now=start + timedelta(minutes=1))
        officer_actions.touch_officer(s, lan.id, start + timedelta(minutes=1))
    with database.session() as s:
        route = before_turn(s, "web-o", "còn ai không", "web", disconnect_timeout=120)
    assert not route.to_bot and route.replies   # queued again: acknowledged, never given to the bot
    with database.session() as s:
        assert service.get_conversation(s, "web-o").owner == "queued"


def test_the_trace_of_the_current_turn_is_found_in_one_query(database):
    with database.session() as s:
        record.procedure_identified(s, "web-t", "1.001", "question")   # no message yet: turn 1
    with database.session() as s:
        assert [e.turn for e in _events(s, "web-t")] == [1]
    settings = open_settings()
    for text in ("một", "hai", "ba"):
        ConversationRouter._before(database, settings, "web-t", text, "web")
    with database.session() as s:
        record.status_disclosed(s, "web-t", "000.00.15.H22-240918-0003")
        assert record.current_turn(s, "web-t") == 3
        found = _events(s, "web-t")
        assert [(e.turn, e.kind) for e in found] == [(3, "status")]
        assert found == list(s.scalars(select(TraceEvent).where(TraceEvent.sender_id == "web-t",
                                                                TraceEvent.turn == record.current_turn(s, "web-t"))))
