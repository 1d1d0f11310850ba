from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import RasaDep

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(rasa: RasaDep) -> JSONResponse:
    """200 only when the Rasa model is loaded and the app can answer."""
    if await rasa.model_loaded():
        return JSONResponse({"status": "ok", "rasa": "model loaded"})
    return JSONResponse({"status": "starting", "rasa": "model not loaded"}, status_code=503)
