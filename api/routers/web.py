from fastapi import APIRouter
from fastapi.responses import FileResponse

from core.settings import ROOT

router = APIRouter(include_in_schema=False)
STATIC = ROOT / "api" / "static"


@router.get("/")
async def web_chat() -> FileResponse:
    """The default web chat page (the same widget a province portal embeds)."""
    return FileResponse(STATIC / "index.html")
