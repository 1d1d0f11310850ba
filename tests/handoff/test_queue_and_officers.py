"""Taking over, the queue order, and officers who disconnect."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.db.base import utcnow
from core.outbox import pending
from domain.handoff import officers as officer_actions
from domain.handoff import service
from domain.handoff.models import Handoff
from domain.handoff.office_hours import OfficeHours
from domain.handoff.queue import console_lists

ALWAYS = OfficeHours.parse("00:00-24:00", "mon-sun")


def _queue(database, *senders, start=None):
    start = start or utcnow()
    with database.session() as s:
        for i, sender in enumerate(senders):
            service.request_handoff(s, sender, hours=ALWAYS, now=start + timedelta(seconds=i))


def test_queue_order_positions_and_console_lists(database, officers):
    lan, minh = officers
    _queue(database, "web-1", "web-2", "web-3")
    with database.session() as s:
        officer_actions.take_over(s, "web-1", lan)
    with database.session() as s:
        lists = console_lists(s, lan.id)
        assert [i["sender_id"] for i in lists["queued"]] == ["web-2", "web-3"]
        assert [i["position"] for i in lists["queued"]] == [1, 2]
        assert [i["sender_id"] for i in lists["mine"]] == ["web-1"]
        assert console_lists(s, minh.id)["others"][0]["officer"]["name"] == "Nguyễn Thị Lan"
        assert lists["queued"][0]["waiting_seconds"] >= 0
        assert service.queue_position(s, service.get_conversation(s, "web-3")) == 2


def test_only_one_officer_takes_a_conversation(database, officers):
    lan, minh = officers
    _queue(database, "web-1")
    with database.session() as s:
        officer_actions.take_over(s, "web-1", lan)
    with database.session() as s, pytest.raises(service.HandoffConflict):
        officer_actions.take_over(s, "web-1", minh)
    with database.session() as s, pytest.raises(service.HandoffConflict):
        officer_actions.officer_reply(s, "web-1", minh, "xin chào")       # not his conversation
    with database.session() as s, pytest.raises(service.HandoffConflict):
        officer_actions.hand_back(s, "web-1", minh)
    with database.session() as s, pytest.raises(LookupError):
        officer_actions.take_over(s, "web-unknown", minh)


def test_taking_over_tells_the_citizen_who_answers(database, officers):
    lan, _ = officers
    _queue(database, "zalo:77")
    with database.session() as s:
        service.get_conversation(s, "zalo:77").channel = "zalo"
    with database.session() as s:
        officer_actions.take_over(s, "zalo:77", lan)
        [notice] = pending(s, "zalo", "zalo:77")
    assert notice.kind == "system" and "Nguyễn Thị Lan" in notice.payload["text"]


def test_disconnected_officer_gives_conversations_back_first_in_line(database, officers):
    lan, minh = officers
    start = utcnow() - timedelta(minutes=10)
    _queue(database, "web-old", "web-new", start=start)
    with database.session() as s:
        officer_actions.take_over(s, "web-old", lan, now=start + timedelta(minutes=1))
        officer_actions.touch_officer(s, lan.id, start + timedelta(minutes=2))
    now = start + timedelta(minutes=2, seconds=119)
    with database.session() as s:
        assert officer_actions.release_stale(s, 120, now) == []          # within the timeout
    with database.session() as s:
        assert officer_actions.release_stale(s, 120, now + timedelta(seconds=2)) == ["web-old"]
    with database.session() as s:
        old = service.get_conversation(s, "web-old")
        assert old.owner == "queued" and old.officer_id is None
        assert service.queue_position(s, old) == 1               # keeps its original place
        assert "mất kết nối" in pending(s, "web", "web-old")[-1].payload["text"]
        outcomes = [(h.reason, h.outcome) for h in s.scalars(select(Handoff).where(
            Handoff.conversation_id == old.id).order_by(Handoff.id))]
        assert outcomes == [("request_human", "released"), ("officer_disconnected", None)]
    with database.session() as s:
        officer_actions.take_over(s, "web-old", minh)                   # another officer continues


def test_present_officer_keeps_conversations(database, officers):
    lan, _ = officers
    _queue(database, "web-1")
    with database.session() as s:
        officer_actions.take_over(s, "web-1", lan)                      # taking over counts as presence
    with database.session() as s:
        assert officer_actions.release_stale(s, 120) == []
        assert service.get_conversation(s, "web-1").owner == "officer"


def test_form_engineers_entry_point(database):
    """Three failed tries on one field: request_handoff + handoff_reply."""
    with database.session() as s:
        result = service.request_handoff(s, "web-form", "field_failures", hours=ALWAYS)
        reply = service.handoff_reply(result)
        again = service.request_handoff(s, "web-form", "field_failures", hours=ALWAYS)
    assert result.status == "queued" and again.status == "already_queued" and again.position == 1
    assert "cán bộ" in reply["text"] and reply["buttons"][0]["payload"] == "/handoff_cancel"
    with database.session() as s:
        assert service.get_conversation(s, "web-form").handoff_reason == "field_failures"


def test_outside_hours_with_a_phone_the_request_is_a_callback(database, officers):
    closed = OfficeHours.parse("07:30-17:00", "mon-fri")
    sunday = utcnow().replace(year=2026, month=11, day=29, hour=3)   # 10:00 in Hà Nội, a Sunday
    with database.session() as s:
        result = service.request_handoff(s, "web-cb", hours=closed, phone="0912345678",
                                         message="nhờ cán bộ gọi lại số 0912345678", now=sunday)
    assert result.status == "callback_left"
    assert "0912345678" in service.handoff_reply(result)["text"]
    lan, _ = officers
    with database.session() as s:
        [item] = console_lists(s, lan.id)["callbacks"]
        assert item["callback_phone"] == "0912345678"
        officer_actions.mark_callback_done(s, "web-cb", lan)
    with database.session() as s:
        assert console_lists(s, lan.id)["callbacks"] == []
        [handoff] = s.scalars(select(Handoff))
        assert (handoff.reason, handoff.outcome, handoff.officer_id) == ("callback", "callback", lan.id)


def test_close_a_queued_conversation(database, officers):
    lan, _ = officers
    _queue(database, "web-spam")
    with database.session() as s:
        officer_actions.close(s, "web-spam", lan)
    with database.session() as s:
        conversation = service.get_conversation(s, "web-spam")
        assert conversation.owner == "bot" and conversation.closed_at is not None
        assert "kết thúc" in pending(s, "web", "web-spam")[-1].payload["text"]
