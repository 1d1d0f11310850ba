"""Bodies of the drafts API."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class DraftCreate(BaseModel):
    sender_id: str = Field(..., min_length=1, max_length=128, description="the conversation that owns the draft")
    form_code: str = Field(..., description="procedure code of the form, e.g. 1.004194")
    values: dict[str, str] = Field(..., description="field name -> answer (skipped optional fields: empty)")


class DraftLine(BaseModel):
    name: str
    label: str
    value: str
    section: str = ""
    printed: bool = True


class SubmissionOut(BaseModel):
    online: bool
    online_url: str | None
    desk: str | None
    text: str


class DraftOut(BaseModel):
    code: str
    form_code: str
    title: str
    created_at: datetime
    values: dict[str, str]
    lines: list[DraftLine]
    papers: list[str] = Field(description="papers to attach, from the procedure's record")
    submission: SubmissionOut
    pdf_url: str | None = Field(None, description="owner's link to the filled PDF (only in the owner's answers)")
