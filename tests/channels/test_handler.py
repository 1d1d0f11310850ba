"""What the citizen gets for each kind of envelope (with a stub router and sender)."""
import pytest

from connectors import replies, store
from connectors.envelope import Attachment, Envelope
from connectors.handler import EnvelopeHandler
from connectors.handoff import HandoffHook
from connectors.models import ChannelAttachment, ProcessedMessage
from core.schemas import BotMessage
from domain.handoff.models import Conversation, ConversationMessage
from domain.handoff.service import get_or_create


class StubRouter:
    def __init__(self, answers: dict[str, list[BotMessage]] | None = None):
        self.calls: list[tuple[str, str, str]] = []
        self.answers = answers or {}

    async def handle(self, sender_id: str, text: str, channel: str = "web") -> list[BotMessage]:
        self.calls.append((sender_id, text, channel))
        return self.answers.get(text, [BotMessage(text=f"bot: {text}")])


class StubSender:
    def __init__(self):
        self.sent: list[tuple[str, list[BotMessage]]] = []

    async def send(self, envelope: Envelope, messages: list[BotMessage]) -> None:
        self.sent.append((envelope.sender_id, messages))


@pytest.fixture
def parts(database):
    router, sender = StubRouter(), StubSender()
    handler = EnvelopeHandler(router, database, HandoffHook(database, "https://dvc.example.gov.vn"),
                              {"telegram": sender})
    return handler, router, sender


def env(n: int = 1, **fields) -> Envelope:
    return Envelope(channel="telegram", sender_id="telegram:42", platform_message_id=f"m:42:{n}", **fields)


def texts(sender: StubSender) -> list[str]:
    return [m.text for _, messages in sender.sent for m in messages]


def set_owner(database, owner: str) -> None:
    with database.session() as session:
        get_or_create(session, "telegram:42", "telegram").owner = owner


async def test_text_and_button_payloads_go_to_the_router(parts, database):
    handler, router, sender = parts
    for e in (env(1, text="làm khai sinh cần gì"), env(2, text="Lệ phí", payload="/ask_fee")):
        with database.session() as session:
            store.claim_message(session, e)
        await handler(e)
    assert router.calls == [("telegram:42", "làm khai sinh cần gì", "telegram"), ("telegram:42", "/ask_fee", "telegram")]
    assert texts(sender) == ["bot: làm khai sinh cần gì", "bot: /ask_fee"]
    with database.session() as session:
        assert {r.status for r in session.query(ProcessedMessage)} == {"done"}


@pytest.mark.parametrize("kind", ["voice", "sticker", "photo", "location", "file"])
async def test_non_text_input_gets_a_polite_vietnamese_reply_outside_a_handoff(parts, kind):
    handler, router, sender = parts
    await handler(env(attachments=(Attachment(kind, file_id="f"),)))
    [(_, [message])] = sender.sent
    assert message == replies.non_text_reply(kind)
    assert "Anh/chị vui lòng gõ câu hỏi bằng chữ" in message.text
    assert "/request_human" in [b.payload for b in message.buttons]
    assert router.calls == []


async def test_a_photo_caption_outside_a_handoff_still_reaches_the_bot(parts):
    handler, router, sender = parts
    await handler(env(text="hồ sơ của tôi", attachments=(Attachment("photo", file_id="f"),)))
    assert router.calls == [("telegram:42", "hồ sơ của tôi", "telegram")]
    assert texts(sender)[0] == replies.non_text_reply("photo").text


@pytest.mark.parametrize("owner", ["queued", "officer"])
async def test_during_a_handoff_photos_and_files_reach_the_officer(parts, database, owner):
    handler, router, sender = parts
    set_owner(database, owner)
    await handler(env(1, text="CCCD mặt trước", attachments=(Attachment("photo", file_id="ph-1"),)))
    await handler(env(2, attachments=(Attachment("file", file_id="doc-1", name="to-khai.pdf"),)))
    await handler(env(3, attachments=(Attachment("voice", file_id="v-1"),)))
    assert texts(sender) == [replies.forwarded_to_officer("photo").text, replies.forwarded_to_officer("file").text,
                             replies.not_forwardable_in_handoff("voice").text]
    assert router.calls == []     # the caption went with the photo
    with database.session() as session:
        rows = session.query(ChannelAttachment).order_by(ChannelAttachment.id).all()
        assert [(r.kind, r.file_id, r.caption) for r in rows] == [("photo", "ph-1", "CCCD mặt trước"),
                                                                  ("file", "doc-1", None)]
        logged = [m.text for m in session.query(ConversationMessage).order_by(ConversationMessage.id)]
        assert logged[0].startswith("[Ảnh] https://dvc.example.gov.vn/telegram/files/" + rows[0].download_key)
        assert logged[0].endswith("CCCD mặt trước")
        assert logged[1].startswith("[Tệp to-khai.pdf] ")
        assert session.query(Conversation).one().owner == owner


async def test_commands(parts, database):
    handler, router, sender = parts
    router.answers["/restart"] = []
    for n, command in enumerate(["start", "help", "human", "reset", "unknown"]):
        await handler(env(n, command=command))
    assert [c[1] for c in router.calls] == ["/greet", "/request_human", "/restart"]
    assert texts(sender) == ["bot: /greet", replies.HELP.text, "bot: /request_human", replies.RESET_DONE.text,
                             replies.HELP.text]


async def test_reset_during_a_handoff_says_nothing_itself(parts, database):
    handler, router, sender = parts
    router.answers["/restart"] = []
    set_owner(database, "officer")
    await handler(env(command="reset"))
    assert sender.sent == []


async def test_rasa_down_gets_a_busy_answer_and_the_message_is_kept_for_a_replay(parts, database):
    from core.rasa_client import RasaUnavailable

    handler, router, sender = parts

    async def down(*args, **kwargs):
        raise RasaUnavailable("connection refused")

    router.handle = down
    e = env(text="chào")
    with database.session() as session:
        store.claim_message(session, e)
    await handler(e)
    assert texts(sender) == [replies.BUSY_QUEUED.text]
    with database.session() as session:
        row = session.query(ProcessedMessage).one()
        assert (row.status, row.attempts) == ("retry", 1)
