"""FastAPI dependencies as Annotated aliases."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.rasa_client import RasaClient
from api.services import Services
from api.settings import Settings


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_app_settings(request: Request) -> Settings:
    return request.app.state.services.settings


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.services.rasa


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
RasaDep = Annotated[RasaClient, Depends(get_rasa)]
