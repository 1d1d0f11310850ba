"""Request and response bodies of the public API (the contract is fixed by the issues)."""
from __future__ import annotations

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
    sender_id: str = Field(..., min_length=1, max_length=128)
    text: str


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
    messages: list[BotMessage]
