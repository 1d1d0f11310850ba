"""The unanswered-questions desk (officers) and the reviewed-data export (supervisors).

GET /api/v1/desk lists the open items newest first, grouped by similar wording, with the
conversation around each; officers label, add aliases or dismiss; a supervisor exports the
labels into reviewable files of the repository (bot/data/nlu/reviewed/, knowledge/curated/reviewed/).
"""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.console.auth import OfficerDep
from api.console.roles import SupervisorDep, is_supervisor
from api.deps import ServicesDep, SessionDep
from domain.feedback import desk, export, officer_log

router = APIRouter(prefix="/api/v1/desk", tags=["desk"])


class LabelBody(BaseModel):
    intent: str | None = Field(None, max_length=64)
    procedure_code: str | None = Field(None, max_length=64)
    no_procedure: bool = False
    similar_too: bool = Field(False, description="label the open items grouped with it as well")


class AliasBody(BaseModel):
    procedure_code: str = Field(..., min_length=1, max_length=64)
    text: str | None = Field(None, max_length=300, description="the wording (default: the citizen's turn)")


def _fail(error: desk.DeskError) -> HTTPException:
    return HTTPException(error.status, error.message)


async def _committed(services, work, *args, **kwargs):
    """Changes run in their own transaction, committed before the answer is sent (a request-scoped
    session commits after the response, so the page's next read could miss the change)."""
    def run():
        with services.db.session() as session:
            return work(session, *args, **kwargs)

    return await run_in_threadpool(run)


async def _known_procedure(services, code: str | None) -> None:
    if code and code not in await run_in_threadpool(services.catalogue):
        raise HTTPException(422, f"Không có thủ tục mã {code} trong danh mục.")


@router.get("")
async def list_items(auth: OfficerDep, session: SessionDep,
                     status: Literal["open", "labelled", "dismissed"] = "open",
                     limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict:
    """Items newest first: sender_id, text (personal data masked), reason, created_at, group, conversation."""
    result = desk.open_items(session, limit, status)
    result["supervisor"] = is_supervisor(auth)
    return result


@router.get("/intents")
async def intents(auth: OfficerDep) -> list[str]:
    return list(desk.labelable_intents())


@router.post("/{item_id}/label")
async def label(item_id: int, body: LabelBody, auth: OfficerDep, services: ServicesDep) -> dict:
    await _known_procedure(services, body.procedure_code)
    try:
        items = await _committed(services, desk.label, item_id, auth.officer, intent=body.intent,
                                 procedure_code=body.procedure_code, no_procedure=body.no_procedure,
                                 similar_too=body.similar_too)
    except desk.DeskError as error:
        raise _fail(error) from error
    return {"ok": True, "labelled": [i.id for i in items]}


@router.post("/{item_id}/alias")
async def alias(item_id: int, body: AliasBody, auth: OfficerDep, services: ServicesDep) -> dict:
    await _known_procedure(services, body.procedure_code)
    try:
        row = await _committed(services, desk.add_alias, item_id, auth.officer, body.procedure_code, body.text)
    except desk.DeskError as error:
        raise _fail(error) from error
    return {"ok": True, "id": row.id, "procedure_code": row.procedure_code, "text": row.text}


@router.post("/{item_id}/dismiss")
async def dismiss(item_id: int, auth: OfficerDep, services: ServicesDep) -> dict:
    try:
        await _committed(services, desk.dismiss, item_id, auth.officer)
    except desk.DeskError as error:
        raise _fail(error) from error
    return {"ok": True}


@router.get("/batches")
async def batches(auth: OfficerDep, session: SessionDep) -> dict:
    """Exported batches and whether the current model was trained with each."""
    return export.batches(session)


@router.post("/export")
async def export_batch(auth: SupervisorDep, services: ServicesDep) -> dict:
    """Write the labelled turns and aliases not exported yet into a new reviewable batch."""
    try:
        return await _committed(services, export.export, auth.officer)
    except export.NothingToExport as error:
        raise HTTPException(409, str(error)) from error


@router.get("/log")
async def log(auth: SupervisorDep, session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list:
    """Who changed what and when."""
    return officer_log.recent(session, limit)
