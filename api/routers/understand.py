import asyncio
import logging

from fastapi import APIRouter, HTTPException
from starlette.concurrency import run_in_threadpool

from api.deps import RasaDep, ServicesDep
from api.taxonomy import reported_entities, reported_intent
from core.rasa_client import RasaUnavailable
from core.schemas import ProcedureHit, UnderstandRequest, UnderstandResponse

router = APIRouter(prefix="/api/v1", tags=["understanding"])
log = logging.getLogger(__name__)


@router.post("/understand", response_model=UnderstandResponse)
async def understand(body: UnderstandRequest, rasa: RasaDep, services: ServicesDep) -> UnderstandResponse:
    """What the bot understands of one message: intent, entities, candidate procedures."""
    if not body.text.strip():
        raise HTTPException(422, "Tin nhắn trống: hãy gửi một câu hỏi.")
    # offsets refer to the text as sent, so it is not stripped
    text = body.text[: services.settings.max_message_chars]
    try:   # the procedure search embeds the message while Rasa parses it (two cores, half the wait)
        parse, _ = await asyncio.gather(rasa.parse(text), run_in_threadpool(_prefetch, services, text))
    except RasaUnavailable as error:
        log.warning("understand: %s", error)
        raise HTTPException(503, "Hệ thống hiểu ngôn ngữ đang khởi động, vui lòng thử lại sau.") from error
    return await run_in_threadpool(understand_parse, services, text, parse)


def understand_parse(services, text: str, parse: dict) -> UnderstandResponse:
    """The reported understanding of one Rasa parse (also used by `make eval`, so the
    evaluation scores exactly what this endpoint returns)."""
    intent = reported_intent(parse)
    return UnderstandResponse(intent=intent, entities=reported_entities(parse),
                              procedures=_procedures(services, text, intent))


def _prefetch(services, text: str) -> None:
    """Warm the search for `text` (see knowledge.answers.identify.prefetch); never fails the request."""
    from knowledge.answers.identify import prefetch

    try:
        prefetch(services.search(), text)
    except Exception:  # noqa: BLE001 - only a cache warm-up: the answer is computed again after the parse
        log.exception("understand: search warm-up failed")


def _procedures(services, text: str, intent: dict) -> list[ProcedureHit]:
    from knowledge.answers.identify import identify

    try:
        search = services.search()
    except ImportError:  # knowledge search not installed in this build
        return []
    found = identify(search, text, intent["name"], intent["confidence"], catalogue=services.catalogue())
    # identify decides (knowledge/answers/identify.py): several procedures apply (a lost wallet with
    # three cards), so none is the message's; the chat still lists them
    if not found.single:
        return []
    return [ProcedureHit(code=h["code"], name=h["name"], score=h["score"]) for h in found.hits]
