"""FastAPI dependencies as Annotated aliases."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from core.rasa_client import RasaClient
from core.settings import Settings
from domain.services import Services


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_app_settings(request: Request) -> Settings:
    return request.app.state.services.settings


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.services.rasa


def get_session(request: Request) -> Iterator[Session]:
    """One database transaction per request (committed when the handler succeeds). It is held
    while the handler awaits, e.g. Rasa, whose actions open their own sessions: no SQLite turn."""
    with request.app.state.services.db.session(turn=False) as session:
        yield session


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
RasaDep = Annotated[RasaClient, Depends(get_rasa)]
# scope="function": the transaction commits BEFORE the response is sent, so a client that reads
# right after a write sees it, and a failed commit is an error response, not a lost write after a 200
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
