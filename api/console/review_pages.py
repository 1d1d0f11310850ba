"""Console pages of the improvement loop: /console/desk (officers) and /console/stats
(supervisors); their scripts and styles under /console/review/. The JSON comes from
/api/v1/desk and /api/v1/stats; login is the console's (/console/api/login)."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from api.console.router import PAGE_HEADERS

STATIC = Path(__file__).resolve().parent / "review"
FILES = {"desk.js": "text/javascript", "stats.js": "text/javascript", "common.js": "text/javascript",
         "review.css": "text/css"}

router = APIRouter(prefix="/console", tags=["officer console"])


@router.get("/desk", include_in_schema=False)
async def desk_page() -> FileResponse:
    return FileResponse(STATIC / "desk.html", headers=PAGE_HEADERS)


@router.get("/stats", include_in_schema=False)
async def stats_page() -> FileResponse:
    return FileResponse(STATIC / "stats.html", headers=PAGE_HEADERS)


@router.get("/review/{name}", include_in_schema=False)
async def review_static(name: str) -> FileResponse:
    if name not in FILES:
        raise HTTPException(404)
    return FileResponse(STATIC / name, media_type=FILES[name], headers={"Cache-Control": "no-cache"})
