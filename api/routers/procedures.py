from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep
from core.schemas import ProcedureHit

router = APIRouter(prefix="/api/v1/procedures", tags=["procedures"])


class SearchRequest(BaseModel):
    q: str = Field(..., min_length=1, max_length=500, description="citizen words")
    limit: int = Field(5, ge=1, le=50)


async def _search(services, q: str, limit: int) -> list[ProcedureHit]:
    hits = await run_in_threadpool(services.search().search, q, limit)
    return [ProcedureHit(code=h["code"], name=h["name"], score=h["score"]) for h in hits]


@router.post("/search", response_model=list[ProcedureHit])
async def search_procedures_post(body: SearchRequest, services: ServicesDep) -> list[ProcedureHit]:
    """Procedures for citizen words. Preferred over GET: a question may carry personal data,
    and a POST body stays out of URLs (access logs, proxies, browser history)."""
    return await _search(services, body.q, body.limit)


@router.get("/search", response_model=list[ProcedureHit])
async def search_procedures(
    services: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="citizen words")],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[ProcedureHit]:
    """The same search with the words in the URL (kept for links; logs mask personal data)."""
    return await _search(services, q, limit)


@router.get("/{code}")
async def get_procedure(code: str, services: ServicesDep) -> dict:
    from knowledge.catalogue import load_catalogue

    record = (await run_in_threadpool(load_catalogue)).get(code)
    if record is None:
        raise HTTPException(404, f"Không tìm thấy thủ tục có mã {code}.")
    return record
