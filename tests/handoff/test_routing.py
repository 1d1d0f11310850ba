"""Ownership routing: the bot answers only conversations it owns; the queue and officers
get every other message, decided before Rasa is called."""
from __future__ import annotations

import asyncio

from sqlalchemy import select

from core.outbox import pending
from domain.handoff import officers as officer_actions
from domain.handoff import service
from domain.handoff.live import hub
from domain.handoff.models import Conversation, ConversationMessage, Handoff
from tests.handoff.conftest import closed_settings, texts


def _conversation(database, sender_id: str) -> Conversation:
    with database.session() as s:
        return service.get_conversation(s, sender_id)


def _log(database, sender_id: str) -> list[ConversationMessage]:
    with database.session() as s:
        conversation = service.get_conversation(s, sender_id)
        return list(s.scalars(select(ConversationMessage).where(ConversationMessage.conversation_id == conversation.id)
                              .order_by(ConversationMessage.id)))


async def test_bot_owner_goes_to_rasa_and_the_turn_is_logged_with_the_intent(make_router, rasa, database):
    router = make_router()
    replies = await router.handle("web-a", "làm giấy khai sinh cần gì", channel="web")
    assert texts(replies) == ["Trợ lý trả lời: làm giấy khai sinh cần gì"]
    assert rasa.sent_by("web-a") == ["làm giấy khai sinh cần gì"]
    inbound, outbound = _log(database, "web-a")
    assert (inbound.direction, inbound.author, inbound.intent, inbound.intent_confidence) == ("in", "citizen", "ask_procedure", 0.91)
    assert (outbound.direction, outbound.author, outbound.text) == ("out", "bot", replies[0].text)
    assert _conversation(database, "web-a").owner == "bot"


async def test_request_human_queues_and_tells_the_place_in_the_queue(make_router, database):
    router = make_router()
    first = await router.handle("web-1", "/request_human")
    second = await router.handle("telegram:2", "/request_human", channel="telegram")
    assert "người tiếp theo" in first[0].text
    assert "vị trí số 2" in second[0].text
    assert [b.payload for b in second[0].buttons] == ["/handoff_cancel"]
    with database.session() as s:
        assert service.queue_position(s, service.get_conversation(s, "web-1")) == 1
        assert service.queue_position(s, service.get_conversation(s, "telegram:2")) == 2
        assert service.get_conversation(s, "telegram:2").channel == "telegram"
        [handoff] = s.scalars(select(Handoff).join(Conversation).where(Conversation.sender_id == "web-1"))
        assert handoff.reason == "request_human" and handoff.ended_at is None


async def test_queued_conversation_never_reaches_rasa_and_is_acknowledged_once(make_router, rasa, database):
    router = make_router()
    await router.handle("web-q", "/request_human")
    calls = len(rasa.sent)
    first = await router.handle("web-q", "cho hỏi làm căn cước ở đâu")
    second = await router.handle("web-q", "alo có ai không")
    assert len(rasa.sent) == calls                     # Rasa never called while queued
    assert texts(first) == ["Dạ, cán bộ sẽ trả lời anh/chị ngay ạ."]
    assert second == []
    again = await router.handle("web-q", "/request_human")
    assert "vị trí số 1" in again[0].text and len(rasa.sent) == calls
    stored = [m.text for m in _log(database, "web-q") if m.author == "citizen"]
    assert stored[-3:] == ["cho hỏi làm căn cước ở đâu", "alo có ai không", "/request_human"]


async def test_officer_owned_conversation_gets_no_bot_answer_and_is_forwarded_live(make_router, rasa, database,
                                                                                  officers):
    lan, _ = officers
    router = make_router()
    await router.handle("web-o", "/request_human")
    with database.session() as s:
        officer_actions.take_over(s, "web-o", lan)
    calls = len(rasa.sent)
    events = hub.subscribe()
    try:
        for text in ["chào", "/request_human", "asdkjh", "chán quá", "a" * 3000]:
            assert await router.handle("web-o", text) == []
        assert await router.handle("web-o", "   ") == []
        live = [events.get_nowait() for _ in range(events.qsize())]
    finally:
        hub.unsubscribe(events)
    assert len(rasa.sent) == calls
    forwarded = [e["message"]["text"] for e in live if e["type"] == "message" and e["sender_id"] == "web-o"]
    assert forwarded[:4] == ["chào", "/request_human", "asdkjh", "chán quá"]
    assert len(forwarded[4]) == 3000                    # an officer reads long messages in full
    assert _conversation(database, "web-o").owner == "officer"


async def test_hand_back_resumes_the_bot_and_says_so(make_router, rasa, database, officers):
    lan, _ = officers
    router = make_router()
    await router.handle("web-h", "/request_human")
    with database.session() as s:
        officer_actions.take_over(s, "web-h", lan)
        officer_actions.officer_reply(s, "web-h", lan, "Chào anh, tôi là Lan.")
    assert await router.handle("web-h", "cảm ơn chị") == []
    with database.session() as s:
        officer_actions.hand_back(s, "web-h", lan)
        delivered = [m.payload for m in pending(s, "web", "web-h")]
    assert [p["from"] for p in delivered] == ["system", "officer", "system"]
    assert delivered[1]["text"] == "Chào anh, tôi là Lan."
    assert "trợ lý ảo, em tiếp tục hỗ trợ" in delivered[2]["text"]
    replies = await router.handle("web-h", "lệ phí bao nhiêu")
    assert texts(replies) == ["Trợ lý trả lời: lệ phí bao nhiêu"]
    assert rasa.sent_by("web-h")[-1] == "lệ phí bao nhiêu"
    with database.session() as s:
        outcomes = [h.outcome for h in s.scalars(select(Handoff).order_by(Handoff.id))]
    assert outcomes == ["handed_back"]


async def test_hand_back_in_a_form_repeats_the_pending_question(make_router, rasa, database, officers):
    lan, _ = officers
    router = make_router()
    rasa.replies["ask_procedure"] = "Anh/chị cho em xin họ tên người đăng ký ạ?"
    await router.handle("web-f", "đăng ký tạm trú")
    with database.session() as s:
        s.scalar(select(Conversation).where(Conversation.sender_id == "web-f")).bot_state = {
            "active_loop": "temporary_residence_form"}
        service.request_handoff(s, "web-f", "field_failures")
        officer_actions.take_over(s, "web-f", lan)
        officer_actions.hand_back(s, "web-f", lan)
        resume = pending(s, "web", "web-f")[-1].payload["text"]
    assert "tiếp tục hỗ trợ" in resume and "Anh/chị cho em xin họ tên người đăng ký ạ?" in resume


async def test_two_failed_understandings_in_a_row_offer_an_officer(make_router, rasa):
    router = make_router()
    first = await router.handle("web-f2", "asdkjh")
    assert all("cán bộ" not in t for t in texts(first))
    second = await router.handle("web-f2", "trời mưa không")
    offer = second[-1]
    assert "nói chuyện với cán bộ" in offer.text
    assert [b.payload for b in offer.buttons] == ["/request_human", "/deny"]
    accepted = await router.handle("web-f2", "/request_human")
    assert "cán bộ" in accepted[0].text


async def test_failures_are_counted_from_the_intent_not_from_the_reply_text(make_router, rasa):
    # an understood question whose answer happens to read like the fallback: no offer
    rasa.replies = {"ask_procedure": "Dạ, em chưa hiểu ý anh/chị.", "nlu_fallback": "Dạ, em chưa hiểu ý anh/chị."}
    router = make_router()
    await router.handle("web-i", "asdkjh")
    understood = await router.handle("web-i", "thủ tục khai sinh")
    assert len(understood) == 1
    again = await router.handle("web-i", "asdkjh")
    assert len(again) == 1                              # the streak was broken by the understood turn
    offered = await router.handle("web-i", "asdkjh")
    assert len(offered) == 2


async def test_accepting_an_offer_keeps_its_reason(make_router, database):
    router = make_router()
    await router.handle("web-c", "chán quá")
    await router.handle("web-c", "/request_human")
    assert _conversation(database, "web-c").handoff_reason == "complaint"
    await router.handle("web-r", "asdkjh")
    await router.handle("web-r", "asdkjh")
    await router.handle("web-r", "/request_human")
    assert _conversation(database, "web-r").handoff_reason == "repeated_fallback"


async def test_cancel_while_queued_goes_back_to_the_bot(make_router, rasa, database):
    router = make_router()
    await router.handle("web-x", "/request_human")
    back = await router.handle("web-x", "/handoff_cancel")
    assert "tiếp tục hỗ trợ" in back[0].text
    assert "/handoff_cancel" not in rasa.sent_by("web-x")
    assert _conversation(database, "web-x").owner == "bot"
    assert texts(await router.handle("web-x", "lệ phí")) == ["Trợ lý trả lời: lệ phí"]
    with database.session() as s:
        assert [h.outcome for h in s.scalars(select(Handoff))] == ["cancelled"]


async def test_outside_office_hours_the_citizen_leaves_a_message_and_a_phone(make_router, rasa, database):
    router = make_router(closed_settings())
    offer = await router.handle("web-n", "/request_human")
    assert "ngoài giờ làm việc" in offer[0].text and "số điện thoại" in offer[0].text
    calls = len(rasa.sent)
    ask_phone = await router.handle("web-n", "tôi cần hỏi về hồ sơ đất đai bị trễ")
    assert "số điện thoại" in ask_phone[0].text
    done = await router.handle("web-n", "số tôi là 0912 345 678")
    assert "0912 345 678" in done[0].text
    assert len(rasa.sent) == calls                      # the bot did not answer the message
    conversation = _conversation(database, "web-n")
    assert conversation.owner == "bot" and conversation.callback_stage == "left"
    assert conversation.callback_phone == "0912 345 678"
    assert "hồ sơ đất đai" in conversation.callback_message
    # afterwards the bot answers again
    assert texts(await router.handle("web-n", "lệ phí")) == ["Trợ lý trả lời: lệ phí"]


async def test_outside_hours_a_button_leaves_the_callback_and_reaches_the_bot(make_router, rasa, database):
    router = make_router(closed_settings())
    await router.handle("web-b", "/request_human")
    back = await router.handle("web-b", "/handoff_cancel")
    assert "tiếp tục hỗ trợ" in back[0].text
    assert _conversation(database, "web-b").callback_stage is None
    assert texts(await router.handle("web-b", "hỏi thủ tục")) == ["Trợ lý trả lời: hỏi thủ tục"]


async def test_tracker_outage_does_not_lose_the_answer(make_router, rasa, database):
    rasa.tracker_fails = True
    router = make_router()
    replies = await router.handle("web-t", "hỏi thủ tục")
    assert texts(replies) == ["Trợ lý trả lời: hỏi thủ tục"]
    inbound = _log(database, "web-t")[0]
    assert inbound.intent is None


async def test_concurrent_first_messages_create_one_conversation(make_router, database):
    router = make_router()
    await asyncio.gather(*(router.handle("web-same", f"câu {i}") for i in range(4)))
    with database.session() as s:
        rows = list(s.scalars(select(Conversation).where(Conversation.sender_id == "web-same")))
    assert len(rows) == 1
    assert len(_log(database, "web-same")) == 8


def test_ownership_for_a_new_sender_is_the_bot(database):
    with database.session() as s:
        assert service.owner_of(s, "web-never-seen") == "bot"



async def test_unparsed_answers_inside_a_guided_flow_do_not_count_as_failures(make_router, rasa):
    # names and addresses typed into a form often parse as fallback; the form handles its own tries
    rasa.slots["web-g"] = {"guided_flow": "submission"}
    rasa.intents.update({"Nguyễn Văn Tèo": "nlu_fallback", "12 hẻm 34 Lê Lợi": "out_of_scope", "asdkjh": "nlu_fallback"})
    router = make_router()
    for answer in ("Nguyễn Văn Tèo", "12 hẻm 34 Lê Lợi", "asdkjh"):
        replies = await router.handle("web-g", answer)
        assert all("nói chuyện với cán bộ" not in t for t in texts(replies))
