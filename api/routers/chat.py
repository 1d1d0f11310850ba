import logging

from fastapi import APIRouter, HTTPException

from api.conversation import ConversationRouter
from api.deps import ServicesDep
from core.rasa_client import RasaUnavailable
from core.schemas import ChatRequest, ChatResponse

router = APIRouter(prefix="/api/v1", tags=["chat"])
log = logging.getLogger(__name__)


@router.post("/chat", response_model=ChatResponse)
async def chat(body: ChatRequest, services: ServicesDep) -> ChatResponse:
    """One citizen message in, the bot's replies (text and buttons) out."""
    conversation = ConversationRouter(services.rasa, services.settings.max_message_chars)
    try:
        messages = await conversation.handle(body.sender_id, body.text, channel="web")
    except RasaUnavailable as error:
        log.warning("chat: %s", error)
        raise HTTPException(503, "Dạ, hệ thống đang bận hoặc đang khởi động. Anh/chị thử lại sau ít phút nhé.") from error
    return ChatResponse(sender_id=body.sender_id, messages=messages)
