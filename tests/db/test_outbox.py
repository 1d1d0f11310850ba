from core.outbox import enqueue, mark_delivered, mark_failed, pending


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


def test_a_claimed_row_cannot_be_claimed_by_another_worker_until_its_lease_runs_out(database):
    from core.outbox import claim

    with database.session() as s:
        row = enqueue(s, "web", "web-1", "officer_reply", {"text": "x"})
    with database.session() as s:
        assert claim(s, row.id, "worker-a", lease_seconds=60)
    with database.session() as s:
        assert not claim(s, row.id, "worker-b", lease_seconds=60)
        assert claim(s, row.id, "worker-a", lease_seconds=60)  # renewing one's own lease
    with database.session() as s:
        assert claim(s, row.id, "worker-a", lease_seconds=-1)  # (lease already over)
    with database.session() as s:
        assert claim(s, row.id, "worker-b", lease_seconds=60)
        mark_delivered(s, [row.id])
    with database.session() as s:
        assert not claim(s, row.id, "worker-a")  # delivered rows are never claimed again


def test_two_workers_deliver_every_row_exactly_once_and_in_order(database):
    import asyncio

    from connectors.outbox_delivery import OutboxDelivery

    with database.session() as s:
        for i in range(12):
            enqueue(s, "web", f"web-{i % 3}", "officer_reply", {"text": str(i)})
    sent: list[tuple[str, str, str]] = []

    def worker(name: str) -> OutboxDelivery:
        async def deliver(row):
            await asyncio.sleep(0.01)
            sent.append((name, row.recipient_id, row.payload["text"]))
        return OutboxDelivery("web", database, deliver, poll_seconds=0.01)

    async def rounds():
        a, b = worker("a"), worker("b")
        for _ in range(5):
            await asyncio.gather(a.run_once(), b.run_once())

    asyncio.run(rounds())
    texts = [text for _, _, text in sent]
    assert sorted(texts, key=int) == [str(i) for i in range(12)]  # each exactly once
    for recipient in ("web-0", "web-1", "web-2"):
        mine = [int(text) for _, r, text in sent if r == recipient]
        assert mine == sorted(mine)
    with database.session() as s:
        assert pending(s, "web") == []
