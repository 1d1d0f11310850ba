"""Copies of personal data outside the tables that own them (found by
tests/zz_after_all/test_no_personal_data_in_databases.py): an answered inbox message keeps no
text; the conversation's state and the copies of offered buttons expire with RETENTION_DAYS."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

import main  # noqa: F401  (registers every concern's tables, as the app does)
from connectors import inbox, payload_map, store
from connectors.envelope import Envelope
from connectors.models import ButtonPayload, ChannelContact, ProcessedMessage
from core.db.base import utcnow
from domain import retention
from domain.handoff import service
from tests.db.conftest import database  # noqa: F401 - SQLite and PostgreSQL

SUBSCRIBE = '/subscribe_status_updates{"receipt_code": "000.00.15.H22-240918-0003"}'


def _envelope(n: int) -> Envelope:
    return Envelope(channel="zalo", sender_id="zalo:9", platform_message_id=f"z{n}",
                    text="sđt của tôi 0912345678, hồ sơ 000.00.15.H22-240918-0003")


def _envelopes(database) -> dict[str, tuple[str, dict | None]]:
    with database.session() as session:
        return {r.platform_message_id: (r.status, r.envelope) for r in session.scalars(select(ProcessedMessage))}


def test_an_answered_or_abandoned_inbox_message_keeps_only_its_id(database):
    answered, waiting, abandoned = _envelope(1), _envelope(2), _envelope(3)
    with database.session() as session:
        for envelope in (answered, waiting, abandoned):
            assert store.claim_message(session, envelope)
        store.finish_message(session, answered, "done")
        inbox.schedule_retry(session, waiting)
        for _ in range(inbox.GIVE_UP_AFTER):
            inbox.schedule_retry(session, abandoned)
    rows = _envelopes(database)
    assert rows["z1"] == ("done", None) and rows["z3"] == ("failed", None)
    assert rows["z2"][0] == "retry" and "0912345678" in rows["z2"][1]["text"]   # kept until it is answered
    with database.session() as session:                                       # and still deduplicates
        assert not store.claim_message(session, answered)


def test_conversation_state_and_offered_buttons_expire_with_the_retention_period(database):
    old, now = utcnow() - timedelta(days=120), utcnow()
    with database.session() as session:
        for sender, at in (("zalo:old", old), ("zalo:new", now)):
            conversation = service.get_or_create(session, sender, "zalo")
            conversation.bot_state = {"filled_fields": {"so_dien_thoai": "0912345678"}}
            conversation.callback_phone, conversation.last_activity_at = "0912345678", at
            store.touch_contact(session, sender, "zalo", at)
            store.remember_buttons(session, sender, "zalo", {"Báo cho tôi khi hồ sơ thay đổi": SUBSCRIBE})
        key = payload_map.shorten(session, SUBSCRIBE, 64)
        session.get(ButtonPayload, key).created_at = old
        fresh = payload_map.shorten(session, SUBSCRIBE.replace("0003", "0004"), 64)
    with database.session() as session:
        retention.expire(session, 90)
    with database.session() as session:
        states = {c.sender_id: (c.bot_state, c.callback_phone) for c in session.scalars(
            select(service.Conversation))}
        offered = {c.sender_id: c.offered_buttons for c in session.scalars(select(ChannelContact))}
        assert states["zalo:old"] == (None, None) and states["zalo:new"][1] == "0912345678"
        assert offered["zalo:old"] is None and offered["zalo:new"] == {"Báo cho tôi khi hồ sơ thay đổi": SUBSCRIBE}
        assert payload_map.resolve(session, key) is None                  # an old Telegram button: expired
        assert payload_map.resolve(session, fresh) == SUBSCRIBE.replace("0003", "0004")
