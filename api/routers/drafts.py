"""Drafts of declarations filled in the chat: save, read, print (PDF).

Drafts are created by the bot: the chat's form flow calls domain.drafts.store in-process on
confirmation. POST over HTTP is for logged-in officers only (never an open endpoint). Reading is for the owner, through the signed
link the chat gave them, or for a logged-in officer (console session or bearer token).
"""
from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from api.console.accounts import resolve
from api.console.auth import idle_limit, token_of
from api.deps import ServicesDep, SessionDep, SettingsDep
from core.pii import mask_pii
from core.settings import Settings
from domain.drafts import store
from domain.drafts.access import owner_may_read
from domain.drafts.models import Draft
from domain.drafts.pdf import FontMissing, render_pdf
from domain.drafts.schemas import DraftCreate, DraftOut
from domain.drafts.summary import describe_draft

router = APIRouter(prefix="/api/v1/drafts", tags=["drafts"])
log = logging.getLogger(__name__)
TokenQuery = Annotated[str | None, Query(alias="t", description="the owner's link token")]


def _officer_only(request: Request, session: SessionDep) -> None:
    """Checked before the body is even validated: no credential, no information."""
    if not _is_officer(request, session):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Chỉ cán bộ đã đăng nhập được tạo bản nháp qua API.")


@router.post("", response_model=DraftOut, status_code=status.HTTP_201_CREATED, dependencies=[Depends(_officer_only)],
             responses={401: {"description": "no officer credential"}})
def create(body: DraftCreate, session: SessionDep, services: ServicesDep) -> DraftOut:
    """Store a confirmed declaration for a conversation (officers only: console session or
    `Authorization: Bearer <token>`). Citizens' drafts are created by the bot itself, in-process,
    when they confirm a form in the chat; answers are validated again with the chat's rules."""
    try:
        draft = store.create_draft(session, body.sender_id, body.form_code, body.values)
    except store.UnknownForm as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Không có tờ khai cho thủ tục {error}.") from error
    except store.InvalidDraft as error:
        raise HTTPException(422, {"errors": error.errors}) from error
    log.info("draft %s saved for %s (%s)", draft.code, mask_pii(body.sender_id), draft.procedure_code)
    return describe_draft(draft, services, with_link=True)


def _is_officer(request: Request, session) -> bool:
    token, _how = token_of(request)
    return bool(token) and resolve(session, token, idle_limit(request)) is not None


def _readable(code: str, token: str | None, request: Request, session, settings: Settings) -> Draft:
    draft = store.get_draft(session, code)
    if draft is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Không tìm thấy bản nháp này.")
    if not (owner_may_read(settings, draft.code, draft.sender_id, token) or _is_officer(request, session)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Chỉ người khai hoặc cán bộ được xem bản nháp này.")
    return draft


@router.get("/{code}", response_model=DraftOut)
def read(code: str, request: Request, session: SessionDep, services: ServicesDep, t: TokenQuery = None) -> DraftOut:
    draft = _readable(code, t, request, session, services.settings)
    return describe_draft(draft, services, with_link=False)


@router.get("/{code}/pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}, "description": "the filled declaration"}})
async def pdf(code: str, request: Request, session: SessionDep, settings: SettingsDep, t: TokenQuery = None) -> Response:
    draft = _readable(code, t, request, session, settings)
    form = store.find_form(draft.procedure_code)
    try:
        content = await run_in_threadpool(render_pdf, code=draft.code, title=draft.title, document=form.document,
                                          lines=draft.lines, created_at=draft.created_at)
    except FontMissing as error:
        log.error("draft PDF: %s", error)
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "Chưa in được tờ khai, vui lòng thử lại sau.") from error
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{draft.code}.pdf"',
                             "Cache-Control": "private, no-store"})
