from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import RasaDep, ServicesDep

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(rasa: RasaDep, services: ServicesDep) -> JSONResponse:
    """200 only when the Rasa model is loaded and the knowledge base can answer."""
    rasa_ok = await rasa.model_loaded()
    knowledge = "loading" if not services.knowledge_ready else ("error" if services.knowledge_error else "ready")
    body = {"status": "ok" if rasa_ok and knowledge == "ready" else "starting",
            "rasa": "model loaded" if rasa_ok else "model not loaded", "knowledge": knowledge}
    return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)
