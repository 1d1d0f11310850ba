from api.outbox import enqueue, mark_delivered, mark_failed, pending


def test_outbox_keeps_order_and_marks_delivery(database):
    with database.session() as s:
        first = enqueue(s, "web", "web-1", "officer_reply", {"text": "Chào bác"})
        enqueue(s, "web", "web-2", "status_notification", {"text": "Hồ sơ đã có kết quả"})
        enqueue(s, "web", "web-1", "officer_reply", {"text": "Bác chờ chút"})
        enqueue(s, "telegram", "telegram:5", "officer_reply", {"text": "x"})
    with database.session() as s:
        mine = pending(s, "web", "web-1")
        assert [m.payload["text"] for m in mine] == ["Chào bác", "Bác chờ chút"]
        mark_delivered(s, [first.id])
    with database.session() as s:
        assert [m.payload["text"] for m in pending(s, "web", "web-1")] == ["Bác chờ chút"]
        assert len(pending(s, "web")) == 2


def test_failed_delivery_is_kept_with_its_error(database):
    with database.session() as s:
        message = enqueue(s, "zalo", "zalo:9", "officer_reply", {"text": "x"})
    with database.session() as s:
        mark_failed(s, message.id, "token expired")
    with database.session() as s:
        [again] = pending(s, "zalo")
        assert again.attempts == 1 and again.last_error == "token expired"
