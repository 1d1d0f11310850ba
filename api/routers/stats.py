"""GET /api/v1/stats (supervisors): the statistics page's figures as JSON, or ?format=csv."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.console.roles import SupervisorDep
from api.deps import ServicesDep
from domain.feedback import stats

router = APIRouter(prefix="/api/v1", tags=["statistics"])


def _compute(db, start: date, end: date) -> dict:
    with db.session() as session:
        return stats.compute(session, start, end)


@router.get("/stats")
async def statistics(auth: SupervisorDep, services: ServicesDep,
                     days: Annotated[int, Query(ge=1, le=366)] = 30,
                     start: Annotated[date | None, Query(alias="from")] = None,
                     end: Annotated[date | None, Query(alias="to")] = None,
                     format: Literal["json", "csv"] = "json"):
    """Conversations per day and channel, share answered without an officer, top procedures, top
    unanswered wordings, feedback rate and share negative, forms, handoffs and median wait, status
    checks and lockouts, for the last `days` days (or from/to, Vietnamese calendar days)."""
    first, last = stats.period(days, start, end)
    figures = await run_in_threadpool(_compute, services.db, first, last)
    if format == "csv":
        name = f"thong-ke-{first.isoformat()}-{last.isoformat()}.csv"
        return Response("\ufeff" + stats.to_csv(figures), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return figures
