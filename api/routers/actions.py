"""Rasa's action endpoint, served by the app: rasa-sdk's executor runs bot/actions here.

Running the actions in the app process gives them the app's knowledge search and
database without a third server; Rasa reaches them over HTTP like any action server.
"""
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import (
    ActionExecutionRejection,
    ActionMissingDomainException,
    ActionNotFoundException,
)

router = APIRouter(tags=["rasa actions"])
log = logging.getLogger(__name__)


ACTION_FAILED_REPLY = (
    "Dạ, em đang gặp trục trặc khi tra cứu. Anh/chị thử hỏi lại sau ít phút, "
    "hoặc bấm \"Gặp cán bộ\" để được giúp ngay ạ."
)


def build_executor() -> ActionExecutor:
    executor = ActionExecutor()
    executor.register_package("bot.actions")
    return executor


@router.post("/webhook", include_in_schema=False)
async def run_action(request: Request) -> JSONResponse:
    executor: ActionExecutor = request.app.state.action_executor
    action_call: dict[str, Any] = await request.json()
    try:
        result = await executor.run(action_call)
    except ActionExecutionRejection as e:
        return JSONResponse({"error": e.message, "action_name": e.action_name}, status_code=400)
    except ActionNotFoundException as e:
        log.error("unknown action %s", e.action_name)
        return JSONResponse({"error": e.message, "action_name": e.action_name}, status_code=404)
    except ActionMissingDomainException as e:
        return JSONResponse({"error": e.message, "action_name": e.action_name}, status_code=449)
    except Exception:  # an action bug must not leave the citizen without an answer
        log.exception("action %s failed", action_call.get("next_action"))
        return JSONResponse({"events": [], "responses": [{"text": ACTION_FAILED_REPLY}]})
    return JSONResponse(result.model_dump() if result else None)
