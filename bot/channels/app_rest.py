"""The REST channel the app talks to: Rasa's own (same URL /webhooks/rest/webhook, same request,
same list of replies), plus `?turn=true`, which answers
`{"messages": [...], "turn": {...}}` where "turn" is what the app reads of the tracker after a
turn: slots, latest message, active loop and the events since the citizen's message. The app
then need not fetch (and Rasa load and serialise) the whole tracker again on every message
(README, issue 13). Without the processor hook of bot/components/rasa_speedups.py, "turn" is
null and the app fetches the tracker as before.
"""
from __future__ import annotations

import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

log = logging.getLogger(__name__)


class TurnCollector(CollectingOutputChannel):
    """Collects the replies, and the tracker of the turn (set by the processor hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.turn_tracker: Optional[DialogueStateTracker] = None


def turn_summary(tracker: DialogueStateTracker) -> Dict[Text, Any]:
    """The tracker's state without old events: those from the citizen's last message on."""
    state = tracker.current_state(EventVerbosity.NONE)
    events = tracker.events
    start = next((i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], UserUttered)), 0)
    state["events"] = [events[i].as_dict() for i in range(start, len(events))]
    return state


class AppRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("custom_webhook_AppRestInput", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Any:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            input_channel = self._extract_input_channel(request)
            metadata = self.get_metadata(request)
            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(self.stream_response(on_new_message, text, sender_id, input_channel, metadata),
                                       content_type="text/event-stream")
            collector = TurnCollector()
            try:
                await on_new_message(UserMessage(text, collector, sender_id, input_channel=input_channel,
                                                 metadata=metadata))
            except CancelledError:
                log.error("rest message timed out")
            except Exception:  # noqa: BLE001 - as Rasa's REST channel: the replies so far are returned
                log.exception("rest message failed")
            if not rasa.utils.endpoints.bool_arg(request, "turn", default=False):
                return response.json(collector.messages)
            turn = turn_summary(collector.turn_tracker) if collector.turn_tracker is not None else None
            return response.json({"messages": collector.messages, "turn": turn})

        return webhook
