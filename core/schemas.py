"""Request and response bodies of the public API (the contract is fixed by the issues)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class UnderstandRequest(BaseModel):
    text: str = Field(..., description="the citizen's message")


class IntentOut(BaseModel):
    name: str
    confidence: float


class EntityOut(BaseModel):
    entity: str
    value: str
    start: int
    end: int


class ProcedureHit(BaseModel):
    code: str
    name: str
    score: float


class UnderstandResponse(BaseModel):
    intent: IntentOut
    entities: list[EntityOut]
    procedures: list[ProcedureHit]


class ChatRequest(BaseModel):
    sender_id: str | None = Field(
        None, min_length=1, max_length=128,
        description="the conversation. Omit it (or propose a fresh id of letters, digits, '-', '_', '.', e.g. "
                    "`web-<random>`) to start one; the answer returns the id and its `session_token`, which every "
                    "later call must send in the `X-Session-Token` header. `telegram:`/`zalo:` ids are refused.")
    text: str = Field(..., description="the citizen's message, or a button payload such as `/request_human`")
    channel: Literal["web", "telegram", "zalo"] | None = Field(
        None, description="the conversation's real channel, for tests and channel stand-ins (default: the channel "
                           "already recorded for the conversation, else web)")


class Button(BaseModel):
    title: str
    payload: str


class BotMessage(BaseModel):
    text: str | None = None
    buttons: list[Button] = []
    link: str | None = None
    attachment: str | None = None


class ChatResponse(BaseModel):
    sender_id: str
    session_token: str = Field(..., description="send it in the `X-Session-Token` header with every later call "
                                                "and as `?token=` on the push WebSocket /ws/chat/{sender_id}")
    messages: list[BotMessage]
    queued: bool = Field(False, description="true (HTTP 202): Rasa is down, the message is kept and the bot's "
                                            "answer comes later over the push WebSocket /ws/chat/{sender_id}")
