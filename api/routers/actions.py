"""Rasa's action endpoint, served by the app: rasa-sdk's executor runs bot/actions here.

Running the actions in the app process gives them the app's knowledge search and
database without a third server; Rasa reaches them over HTTP like any action server.
Only Rasa may call it: every call must carry the shared action secret in `X-Action-Token`
(api/stack.py writes it into Rasa's endpoints.yml `action_endpoint.headers`); anything
else gets 401 before the body is read. The body must be a JSON object.
"""
import hmac
import json
import logging
import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import (
    ActionExecutionRejection,
    ActionMissingDomainException,
    ActionNotFoundException,
)

from core import metrics
from core.secrets_of import ACTION_HEADER, action_secret

router = APIRouter(tags=["rasa actions"])
log = logging.getLogger(__name__)


ACTION_FAILED_REPLY = (
    "Dạ, em đang gặp trục trặc khi tra cứu. Anh/chị thử hỏi lại sau ít phút, "
    "hoặc bấm \"Gặp cán bộ\" để được giúp ngay ạ."
)


def _action_label(action_call: dict) -> str:
    """The action's name for metrics when it is one of ours, else "other" (bounded labels)."""
    name = action_call.get("next_action")
    return name if isinstance(name, str) and name.startswith(("action_", "validate_")) and len(name) <= 64 \
        else "other"


def build_executor() -> ActionExecutor:
    executor = ActionExecutor()
    executor.register_package("bot.actions")
    return executor


@router.post("/webhook", include_in_schema=False)
async def run_action(request: Request) -> JSONResponse:
    expected = action_secret(request.app.state.services.settings)
    given = request.headers.get(ACTION_HEADER, "")
    if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode()):
        return JSONResponse({"error": "the action endpoint is for the Rasa server only"}, status_code=401)
    executor: ActionExecutor = request.app.state.action_executor
    try:
        action_call: Any = json.loads(await request.body())
    except (ValueError, RecursionError):
        return JSONResponse({"error": "the body must be JSON"}, status_code=400)
    if not (isinstance(action_call, dict) and isinstance(action_call.get("next_action"), str)
            and isinstance(action_call.get("tracker"), dict)):
        return JSONResponse({"error": "the body must be an action call object"}, status_code=400)
    try:
        started = time.perf_counter()
        try:
            result = await executor.run(action_call)
        finally:
            metrics.ACTION_SECONDS.observe(time.perf_counter() - started, action=_action_label(action_call))
    except ActionExecutionRejection as e:
        return JSONResponse({"error": e.message, "action_name": e.action_name}, status_code=400)
    except ActionNotFoundException as e:
        log.error("unknown action %s", e.action_name)
        return JSONResponse({"error": e.message, "action_name": e.action_name}, status_code=404)
    except ActionMissingDomainException as e:
        return JSONResponse({"error": e.message, "action_name": e.action_name}, status_code=449)
    except Exception:  # an action bug must not leave the citizen without an answer
        log.exception("action %s failed", str(action_call.get("next_action"))[:64])
        return JSONResponse({"events": [], "responses": [{"text": ACTION_FAILED_REPLY}]})
    return JSONResponse(result.model_dump() if result else None)
