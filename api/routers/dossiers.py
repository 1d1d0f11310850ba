"""Admin API of the dossier store (stand-in for the one-stop system sync).

Bearer token ADMIN_API_TOKEN; without one configured the API answers 503 instead of
being open. Owner numbers are accepted, stored as keyed hashes, and never returned.
"""
from __future__ import annotations

import hmac
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from api.deps import SessionDep, SettingsDep
from domain.dossiers import service
from domain.dossiers.identity import NotConfigured, OwnerHasher, normalize_id_number, normalize_phone
from domain.dossiers.models import Dossier, DossierSubscription
from domain.dossiers.records import RecordInvalid, parse_record
from domain.dossiers.schemas import (
    DossierCreate,
    DossierOut,
    OwnerOut,
    OwnerQuery,
    StatusChangeOut,
    StatusUpdate,
)
from domain.dossiers.statuses import Status
from domain.dossiers.wording import STATUS_LABELS

log = logging.getLogger(__name__)
bearer = HTTPBearer(auto_error=False, description="ADMIN_API_TOKEN")


def require_admin(
    settings: SettingsDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    token = settings.admin_api_token.get_secret_value()
    if not token:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "The admin API is not configured (ADMIN_API_TOKEN).")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "A valid admin bearer token is required.",
                            headers={"WWW-Authenticate": "Bearer"})


def get_hasher(settings: SettingsDep) -> OwnerHasher:
    try:
        return OwnerHasher.from_settings(settings)
    except NotConfigured as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE,
                            "The dossier store is not configured (DOSSIER_SECRET).") from error


HasherDep = Annotated[OwnerHasher, Depends(get_hasher)]
router = APIRouter(prefix="/api/v1/admin/dossiers", tags=["dossiers (admin)"], dependencies=[Depends(require_admin)])


def to_out(session, dossier: Dossier) -> DossierOut:
    subscribers = session.scalar(select(func.count()).select_from(DossierSubscription).where(
        DossierSubscription.dossier_id == dossier.id, DossierSubscription.active.is_(True)))
    return DossierOut(
        receipt_code=dossier.receipt_code, procedure_code=dossier.procedure_code, agency=dossier.agency,
        status=dossier.status, status_label=STATUS_LABELS[Status(dossier.status)], status_note=dossier.status_note,
        overdue=service.overdue(dossier), appointment_date=dossier.appointment_date,
        missing_items=list(dossier.missing_items or []), delivery_method=dossier.delivery_method,
        owner=OwnerOut(id_number_on_file=dossier.owner_id_hash is not None,
                       phone_on_file=dossier.owner_phone_hash is not None),
        subscribers=subscribers or 0,
        history=[StatusChangeOut(status=h.status, note=h.note, missing_items=h.missing_items, changed_at=h.changed_at,
                                 recorded_at=h.recorded_at, source=h.source) for h in dossier.history],
        created_at=dossier.created_at, updated_at=dossier.updated_at,
    )


def _record(fields: dict, require_owner: bool):
    try:
        return parse_record(fields, require_owner=require_owner)
    except RecordInvalid as invalid:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, invalid.errors) from invalid


@router.post("", response_model=DossierOut, status_code=status.HTTP_201_CREATED)
def create_dossier(body: DossierCreate, session: SessionDep, hasher: HasherDep) -> DossierOut:
    """Create a dossier (409 if the receipt code exists)."""
    record = _record(body.model_dump(mode="json"), require_owner=True)
    try:
        dossier = service.create(session, hasher, record, source="admin_api")
    except (service.DossierExists, IntegrityError) as error:
        raise HTTPException(status.HTTP_409_CONFLICT, f"Dossier {record.receipt_code} already exists.") from error
    return to_out(session, dossier)


@router.get("/{receipt_code}", response_model=DossierOut)
def get_dossier(receipt_code: str, session: SessionDep) -> DossierOut:
    dossier = service.find(session, receipt_code)
    if dossier is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No dossier {receipt_code}.")
    return to_out(session, dossier)


@router.post("/{receipt_code}/status", response_model=DossierOut)
def update_status(receipt_code: str, body: StatusUpdate, session: SessionDep, hasher: HasherDep) -> DossierOut:
    """Move the dossier to a new status: appends history, notifies citizens who opted in."""
    dossier = service.find(session, receipt_code)
    if dossier is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No dossier {receipt_code}.")
    fields = {"receipt_code": dossier.receipt_code, "procedure_code": dossier.procedure_code,
              **body.model_dump(mode="json")}
    record = _record(fields, require_owner=False)
    try:
        service.change_status(session, hasher, dossier, record, source="admin_api")
    except service.InvalidChange as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    return to_out(session, dossier)


@router.post("/search", response_model=list[DossierOut])
def find_by_owner(body: OwnerQuery, session: SessionDep, hasher: HasherDep) -> list[DossierOut]:
    """Dossiers of one person by full căn cước and/or phone (in the body, never in the URL)."""
    id_number, phone = normalize_id_number(body.owner_id_number), normalize_phone(body.owner_phone)
    if not (id_number or phone):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "Give a valid owner_id_number or owner_phone.")
    return [to_out(session, d) for d in service.find_by_owner(session, hasher, id_number, phone)]
