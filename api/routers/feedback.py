"""POST /api/v1/feedback: a citizen rates the bot's latest answer in a conversation."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from api import web_session
from api.deps import ServicesDep, SettingsDep
from domain.feedback.ratings import FeedbackError, rate

router = APIRouter(prefix="/api/v1", tags=["feedback"])
BAD_BODY = ("Nội dung đánh giá không hợp lệ: cần sender_id, rating là \"up\" (Hữu ích) hoặc \"down\" "
            "(Chưa đúng), comment (tuỳ chọn, tối đa 1000 ký tự).")
BAD_TOKEN = "Phiên trò chuyện không hợp lệ: gửi kèm mã phiên (X-Session-Token) của cuộc trò chuyện này."
CHANNEL_ONLY = "Cuộc trò chuyện Telegram / Zalo chỉ được đánh giá bằng nút bấm trong chính kênh đó."


class FeedbackBody(BaseModel):
    sender_id: str = Field(..., min_length=1, max_length=128)
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=1000)


@router.post("/feedback", responses={401: {"description": "web conversation without its session token"},
                                      403: {"description": "a Telegram / Zalo conversation (rated by its buttons)"},
                                      404: {"description": "no such conversation or nothing to rate"},
                                      422: {"description": "bad body (Vietnamese detail, field errors)"}})
async def feedback(request: Request, services: ServicesDep, settings: SettingsDep,
                   x_session_token: Annotated[str | None, Header(description="the web chat's session token")] = None):
    """{"sender_id", "rating": "up" | "down", "comment"?} -> the stored rating and the turn it rates.

    A web conversation needs the session token POST /api/v1/chat returned (X-Session-Token)."""
    try:
        body = FeedbackBody.model_validate(await request.json())
    except (ValueError, ValidationError) as error:
        fields = ([".".join(str(p) for p in e["loc"]) for e in error.errors()]
                  if isinstance(error, ValidationError) else ["body"])
        return JSONResponse({"detail": BAD_BODY, "fields": fields}, status_code=422)
    if web_session.is_channel_id(body.sender_id):
        return JSONResponse({"detail": CHANNEL_ONLY}, status_code=403)
    if not web_session.token_matches(settings, body.sender_id, x_session_token):
        return JSONResponse({"detail": BAD_TOKEN}, status_code=401)
    try:  # committed before the answer is sent
        return await run_in_threadpool(_rate, services.db, body)
    except FeedbackError as error:
        return JSONResponse({"detail": error.message}, status_code=error.status)


def _rate(db, body: FeedbackBody) -> dict:
    with db.session() as session:
        row = rate(session, body.sender_id, body.rating, body.comment)
        return {"ok": True, "id": row.id, "sender_id": row.sender_id, "rating": row.rating, "topic": row.topic,
                "turn_message_id": row.inbound_id, "answer_message_id": row.answer_id, "comment": row.comment}
