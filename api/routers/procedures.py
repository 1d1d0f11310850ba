from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep
from core.schemas import ProcedureHit

router = APIRouter(prefix="/api/v1/procedures", tags=["procedures"])


@router.get("/search", response_model=list[ProcedureHit])
async def search_procedures(
    services: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="citizen words")],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[ProcedureHit]:
    search = services.search()
    hits = await run_in_threadpool(search.search, q, limit)
    return [ProcedureHit(code=h["code"], name=h["name"], score=h["score"]) for h in hits]


@router.get("/{code}")
async def get_procedure(code: str, services: ServicesDep) -> dict:
    from knowledge.catalogue import load_catalogue

    record = (await run_in_threadpool(load_catalogue)).get(code)
    if record is None:
        raise HTTPException(404, f"Không tìm thấy thủ tục có mã {code}.")
    return record
