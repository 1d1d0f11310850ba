"""Status notifications: queued in the outbox for opted-in citizens only."""
import json

from core.outbox import pending
from domain.dossiers import notifications, service
from domain.dossiers.importer import FileAdapter, sync
from tests.dossiers.conftest import OWNER_ID, OWNER_PHONE, record


def opt_in(database, code, channel, recipient):
    with database.session() as s:
        notifications.subscribe(s, service.get(s, code), channel, recipient)


def test_the_channel_comes_from_metadata_or_the_sender_prefix():
    assert notifications.channel_for("telegram:42") == "telegram"
    assert notifications.channel_for("zalo:9") == "zalo"
    assert notifications.channel_for("web-abc") == "web"
    assert notifications.channel_for("abc", "telegram") == "telegram"
    assert notifications.channel_for("abc", "sms") == "web"


def test_only_opted_in_citizens_are_notified_on_their_channel(database, hasher, seeded, admin):
    opt_in(database, seeded, "web", "web-owner")
    opt_in(database, seeded, "telegram", "telegram:42")
    opt_in(database, seeded, "web", "web-left")
    with database.session() as s:
        notifications.unsubscribe(s, service.get(s, seeded), "web-left")
    assert admin.post(f"/api/v1/admin/dossiers/{seeded}/status",
                      json={"status": "supplement_required", "missing_items": ["Ảnh 4x6"]}).status_code == 200
    with database.session() as s:
        web, telegram = pending(s, "web"), pending(s, "telegram")
    assert [m.recipient_id for m in web] == ["web-owner"]
    assert [m.recipient_id for m in telegram] == ["telegram:42"]
    message = web[0]
    assert message.kind == "status_notification"
    assert seeded in message.payload["text"] and "Ảnh 4x6" in message.payload["text"]
    assert message.payload["status"] == "supplement_required"
    opt_out = message.payload["buttons"][0]["payload"]
    assert opt_out.startswith("/unsubscribe_status_updates")
    assert json.loads(opt_out.removeprefix("/unsubscribe_status_updates")) == {"receipt_code": seeded}
    dump = json.dumps([m.payload for m in web + telegram], ensure_ascii=False)
    assert OWNER_ID not in dump and OWNER_PHONE not in dump


def test_no_change_no_notification(database, hasher, seeded, admin):
    opt_in(database, seeded, "web", "web-owner")
    with database.session() as s:
        service.upsert(s, hasher, record(), source="import")            # same state again
        service.upsert(s, hasher, record(agency="UBND khác"), source="import")  # details only
    with database.session() as s:
        assert pending(s, "web") == []


def test_an_import_notifies_too(database, hasher, seeded, tmp_path):
    opt_in(database, seeded, "zalo", "zalo:7")
    path = tmp_path / "update.json"
    path.write_text(json.dumps([{"receipt_code": seeded, "procedure_code": "1.001193", "status": "result_ready",
                                 "delivery_method": "desk"}]))
    assert sync(database, hasher, FileAdapter(path)).committed
    with database.session() as s:
        [message] = pending(s, "zalo")
    assert message.recipient_id == "zalo:7" and "đã có kết quả" in message.payload["text"]


def test_a_refused_import_queues_nothing(database, hasher, seeded, tmp_path):
    opt_in(database, seeded, "web", "web-owner")
    path = tmp_path / "update.json"
    path.write_text(json.dumps([
        {"receipt_code": seeded, "procedure_code": "1.001193", "status": "processing"},
        {"receipt_code": "bad", "procedure_code": "1", "status": "processing"},
    ]))
    assert not sync(database, hasher, FileAdapter(path)).committed
    with database.session() as s:
        assert pending(s, "web") == []


def test_subscribing_twice_keeps_one_opt_in(database, seeded):
    opt_in(database, seeded, "web", "web-owner")
    with database.session() as s:
        dossier = service.get(s, seeded)
        assert notifications.subscribe(s, dossier, "web", "web-owner") is False
        assert notifications.is_subscribed(s, dossier, "web-owner")
        assert len(dossier.subscriptions) == 1
