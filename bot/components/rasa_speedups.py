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
- SQLite tracker store connections are kept: SQLAlchemy 1.4 gives a SQLite file a NullPool, so
  Rasa opened a new connection for each retrieve and each save (two per message) and closing it,
  the last one on the file, checkpointed the write-ahead log into the database and deleted it.
  Measured: ~0.8 ms of CPU and ~20 ms of wall time per open/close. A pool (what SQLAlchemy 2.0
  gives a SQLite file) keeps them open; every commit still syncs the log (synchronous=FULL), the
  log is checkpointed by SQLite every 1,000 pages. PostgreSQL keeps Rasa's own pool settings.
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


def is_sqlite_file(url) -> bool:
    from sqlalchemy.engine import make_url

    url = make_url(url)
    return url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")


def _pooled_sqlite_tracker_store():
    from rasa.core import tracker_store

    create_engine_kwargs = tracker_store.create_engine_kwargs

    def _create_engine_kwargs(url):
        kwargs = create_engine_kwargs(url)
        if is_sqlite_file(url):
            from sqlalchemy.pool import QueuePool

            # a pooled connection is used by one session at a time, whichever thread runs it
            kwargs = {**kwargs, "poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
        return kwargs

    tracker_store.create_engine_kwargs = _create_engine_kwargs


def install() -> None:
    global _installed
    with _lock:
        if _installed:
            return
        _cached_validate_action_result()
        _keep_turn_tracker()
        _pooled_sqlite_tracker_store()
        _installed = True
