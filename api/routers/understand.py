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
    try:
        parse = await rasa.parse(text)
    except RasaUnavailable as error:
        log.warning("understand: %s", error)
        raise HTTPException(503, "Hệ thống hiểu ngôn ngữ đang khởi động, vui lòng thử lại sau.") from error
    intent = reported_intent(parse)
    procedures = await run_in_threadpool(_procedures, services, text, intent)
    return UnderstandResponse(intent=intent, entities=reported_entities(parse), procedures=procedures)


# Small talk and off-topic messages rarely name a procedure; when the NLU is sure of one of
# these, only a clear match is reported ("ok cảm ơn, vậy là xong khai sinh rồi" still is).
SMALL_TALK_INTENTS = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "out_of_scope", "request_human",
                                "complain"})
SURE_INTENT = 0.8
CLEAR_MATCH = 0.45


def min_procedure_score(intent: dict) -> float:
    from knowledge.search.confidence import NO_MATCH_BELOW

    sure_small_talk = intent["name"] in SMALL_TALK_INTENTS and intent["confidence"] >= SURE_INTENT
    # otherwise below the no-match threshold a hit is noise ("chào em" names no procedure)
    return CLEAR_MATCH if sure_small_talk else NO_MATCH_BELOW


def _procedures(services, text: str, intent: dict) -> list[ProcedureHit]:
    try:
        search = services.search()
    except ImportError:  # knowledge search not installed in this build
        return []
    floor = min_procedure_score(intent)
    return [ProcedureHit(code=h["code"], name=h["name"], score=h["score"])
            for h in search.search(text, limit=5) if h["score"] >= floor]
