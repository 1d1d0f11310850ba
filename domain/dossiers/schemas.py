"""Bodies of the dossier admin API. Owner numbers go in, never come out."""
from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from domain.dossiers.statuses import DeliveryMethod, Status


class DossierCreate(BaseModel):
    receipt_code: str = Field(..., examples=["000.00.15.H22-240918-0003"])
    procedure_code: str = Field(..., examples=["1.001193"])
    owner_id_number: str | None = Field(None, description="12-digit căn cước; stored only as a keyed hash")
    owner_phone: str | None = Field(None, description="stored only as a keyed hash")
    status: Status = Status.RECEIVED
    appointment_date: date | None = None
    agency: str | None = None
    missing_items: list[str] = []
    delivery_method: DeliveryMethod | None = None
    status_note: str | None = None
    status_changed_at: datetime | None = None


class StatusUpdate(BaseModel):
    status: Status
    status_note: str | None = Field(None, description="e.g. the reason of a rejection")
    missing_items: list[str] = Field([], description="required for supplement_required")
    appointment_date: date | None = None
    delivery_method: DeliveryMethod | None = None
    agency: str | None = None
    status_changed_at: datetime | None = Field(None, description="when it changed at the source; default now")


class OwnerQuery(BaseModel):
    owner_id_number: str | None = None
    owner_phone: str | None = None


class OwnerOut(BaseModel):
    """Whether the owner's numbers are on file; never any digit of them."""

    id_number_on_file: bool
    phone_on_file: bool


class StatusChangeOut(BaseModel):
    status: Status
    note: str | None
    missing_items: list[str] | None
    changed_at: datetime
    recorded_at: datetime
    source: str


class DossierOut(BaseModel):
    receipt_code: str
    procedure_code: str
    agency: str | None
    status: Status
    status_label: str
    status_note: str | None
    overdue: bool
    appointment_date: date | None
    missing_items: list[str]
    delivery_method: DeliveryMethod | None
    owner: OwnerOut
    subscribers: int
    history: list[StatusChangeOut]
    created_at: datetime
    updated_at: datetime
