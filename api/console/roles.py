"""Roles: an officer sees the desk and the conversations; only a supervisor changes training
data (exports) and sees the statistics."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException

from api.console.accounts import Authenticated
from api.console.auth import OfficerDep

SUPERVISOR = "supervisor"


def is_supervisor(auth: Authenticated) -> bool:
    return (getattr(auth.officer, "role", None) or "officer") == SUPERVISOR


def require_supervisor(auth: OfficerDep) -> Authenticated:
    if not is_supervisor(auth):
        raise HTTPException(403, "Chỉ giám sát viên (supervisor) được làm việc này.")
    return auth


SupervisorDep = Annotated[Authenticated, Depends(require_supervisor)]
