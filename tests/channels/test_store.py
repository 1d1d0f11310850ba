"""Idempotency, the payload map and contacts, on SQLite and PostgreSQL."""
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from connectors import payload_map, store
from connectors.envelope import Attachment, Envelope
from connectors.models import ProcessedMessage

FEE = '/ask_fee{"procedure_code":"1.001193"}'


def envelope(message_id: str, channel: str = "telegram", sender: str = "telegram:1") -> Envelope:
    return Envelope(channel=channel, sender_id=sender, platform_message_id=message_id, text="chào")


def claim(database, env: Envelope) -> bool:
    with database.session() as session:
        return store.claim_message(session, env)


def test_a_message_id_is_claimed_once_per_channel(database):
    assert claim(database, envelope("m:1:10")) is True
    assert claim(database, envelope("m:1:10")) is False          # the retried delivery
    assert claim(database, envelope("m:1:11")) is True
    assert claim(database, envelope("m:1:10", channel="zalo", sender="zalo:1")) is True


def test_concurrent_deliveries_of_one_message_claim_it_once(database):
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: claim(database, envelope("m:1:99")), range(8)))
    assert results.count(True) == 1


def test_finish_and_prune(database):
    env = envelope("m:1:1")
    claim(database, env)
    with database.session() as session:
        store.finish_message(session, env, "done")
    with database.session() as session:
        row = session.query(ProcessedMessage).one()
        assert row.status == "done" and row.finished_at is not None
        row.received_at = datetime.now(timezone.utc) - timedelta(days=30)
    claim(database, envelope("m:1:2"))
    with database.session() as session:
        assert store.prune_processed(session, timedelta(days=14)) == 1
        assert [r.platform_message_id for r in session.query(ProcessedMessage)] == ["m:1:2"]


def test_long_payloads_get_a_short_id_that_resolves_back(database):
    with database.session() as session:
        short = payload_map.shorten(session, FEE, 16)
        again = payload_map.shorten(session, FEE, 16)
        assert short == again and short.startswith("p:") and len(short.encode()) <= 64
        assert payload_map.shorten(session, "/request_human", 64) == "/request_human"
    with database.session() as session:
        assert payload_map.resolve(session, short) == FEE
        assert payload_map.resolve(session, "/request_human") == "/request_human"
        assert payload_map.resolve(session, payload_map.short_id("never stored")) is None


def test_contacts_track_the_last_inbound_time_and_offered_buttons(database):
    early = datetime(2025, 1, 1, 8, 0, tzinfo=timezone.utc)
    late = early + timedelta(hours=5)
    with database.session() as session:
        store.touch_contact(session, "zalo:9", "zalo", late)
        store.touch_contact(session, "zalo:9", "zalo", early)        # out of order: keeps the latest
        store.remember_buttons(session, "zalo:9", "zalo", {"Lệ phí": FEE, "Gặp cán bộ": "/request_human"})
        store.remember_buttons(session, "zalo:9", "zalo", {"Lệ phí": "/ask_fee{\"procedure_code\":\"2.000\"}"})
    with database.session() as session:
        assert store.last_inbound(session, "zalo:9") == late
        assert store.offered_payload(session, "zalo:9", " Lệ phí ") == '/ask_fee{"procedure_code":"2.000"}'
        assert store.offered_payload(session, "zalo:9", "Gặp cán bộ") == "/request_human"
        assert store.offered_payload(session, "zalo:9", "chào em") is None
        assert store.last_inbound(session, "zalo:unknown") is None


def test_attachments_get_an_unguessable_download_key(database):
    env = Envelope(channel="telegram", sender_id="telegram:5", platform_message_id="m:5:1", text="CCCD mặt trước")
    with database.session() as session:
        first = store.save_attachment(session, env, Attachment("photo", file_id="f1"))
        second = store.save_attachment(session, env, Attachment("file", file_id="f2", name="don.pdf"))
        assert first.download_key != second.download_key and len(first.download_key) >= 40
        assert first.caption == "CCCD mặt trước"
