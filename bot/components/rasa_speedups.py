"""Same-result shortcuts for costs Rasa 3.6 pays on every message (Rasa process only).

`install()` is called by bot/rasa_main.py before the server starts. Each shortcut computes
exactly what the code it replaces computed; only repeated work is removed.

- Action results: Rasa validates every action server response with `jsonschema.validate`,
  which first re-checks the (constant) response schema against the JSON-Schema meta-schema and
  builds a new validator. Measured with py-spy under the bench mix: 12.6% of the Rasa process's
  CPU. Here the schema is checked once and the validator kept; the response is validated by the
  same validator class and the same error (best match, same message suffix) is raised.
- The turn's tracker: an output channel that asks for it (bot/channels/app_rest.py) gets the
  tracker the processor just ran, so the app need not fetch the whole tracker over HTTP after
  every message. Nothing in the prediction changes.
"""
from __future__ import annotations

import threading

_installed = False
_lock = threading.Lock()


def _cached_validate_action_result():
    from jsonschema import exceptions, validators
    from rasa.core.actions.action import DOCS_BASE_URL, RemoteAction

    cache: dict = {}

    def _validate_action_result(self, result):
        validator = cache.get("validator")
        if validator is None:
            schema = self.action_response_format_spec()
            cls = validators.validator_for(schema)
            cls.check_schema(schema)
            validator = cache.setdefault("validator", cls(schema))
        error = exceptions.best_match(validator.iter_errors(result))
        if error is not None:
            error.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    RemoteAction._validate_action_result = _validate_action_result


def _keep_turn_tracker():
    from rasa.core.processor import MessageProcessor

    run_prediction_loop = MessageProcessor._run_prediction_loop

    async def _run_prediction_loop(self, output_channel, tracker):
        await run_prediction_loop(self, output_channel, tracker)
        if hasattr(output_channel, "turn_tracker"):
            output_channel.turn_tracker = tracker

    MessageProcessor._run_prediction_loop = _run_prediction_loop


def install() -> None:
    global _installed
    with _lock:
        if _installed:
            return
        _cached_validate_action_result()
        _keep_turn_tracker()
        _installed = True
