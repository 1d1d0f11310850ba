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
- SQL tracker store, retrieve and save (SQLite and PostgreSQL): the events are read as their JSON
  text only (no ORM object per row; Rasa's query, built once), and written with one multi-row INSERT of the same columns
  (no ORM unit of work). `save` inserts the tracker's events beyond those already stored, which
  Rasa counts with a query; the tracker `retrieve` just built carries that number (the rows it
  read), so its first save skips the query. The lock store keeps any other replica from writing
  the conversation between the two; any other tracker (a new one, one saved before, one built
  elsewhere) is counted by Rasa's query as before.
"""
from __future__ import annotations

import itertools
import json
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


STORED_EVENTS = "_speedups_stored_events"   # on a tracker from `retrieve`: its events stored so far


def _lean_sql_tracker_store():
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.nlu.constants import INTENT_NAME_KEY

    session_events = {}   # per store class: one statement, compiled once by SQLAlchemy's cache

    def _session_events(store):
        """Rasa's `_event_query` for the latest session, as one reusable statement of the data column."""
        statement = session_events.get(type(store))
        if statement is None:
            import sqlalchemy as sa
            from rasa.shared.core.events import SessionStarted

            event, sender = store.SQLEvent, sa.bindparam("sender_id")
            start = (sa.select(sa.func.max(event.timestamp).label("session_start"))
                     .where(event.sender_id == sender, event.type_name == SessionStarted.type_name).subquery())
            statement = session_events.setdefault(type(store), (
                sa.select(event.data).where(event.sender_id == sender,
                                            sa.or_(event.timestamp >= start.c.session_start,
                                                   start.c.session_start.is_(None)))
                .order_by(event.id)))
        return statement

    async def _retrieve(self, sender_id, fetch_events_from_all_sessions):
        with self.session_scope() as session:
            if fetch_events_from_all_sessions:
                query = self._event_query(session, sender_id, fetch_events_from_all_sessions=True)
                rows = query.with_entities(self.SQLEvent.data).all()
            else:
                rows = session.execute(_session_events(self), {"sender_id": sender_id}).all()
            events = [json.loads(data) for (data,) in rows]
            if not (self.domain and events):
                return None
            tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
            if not fetch_events_from_all_sessions:
                setattr(tracker, STORED_EVENTS, len(events))
            return tracker

    async def save(self, tracker):
        await self.stream_events(tracker)
        stored = tracker.__dict__.pop(STORED_EVENTS, None)   # valid for one save only
        with self.session_scope() as session:
            if stored is None:
                events = self._additional_events(session, tracker)
            else:
                events = itertools.islice(tracker.events, stored, len(tracker.events))
            rows = []
            for event in events:
                data = event.as_dict()
                rows.append({"sender_id": tracker.sender_id, "type_name": event.type_name,
                             "timestamp": data.get("timestamp"),
                             "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                             "action_name": data.get("name"), "data": json.dumps(data)})
            if rows:   # in the tracker's order: ids ascend as Rasa's reads expect
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()

    SQLTrackerStore._retrieve = _retrieve
    SQLTrackerStore.save = save


def install() -> None:
    global _installed
    with _lock:
        if _installed:
            return
        _cached_validate_action_result()
        _keep_turn_tracker()
        _pooled_sqlite_tracker_store()
        _lean_sql_tracker_store()
        _installed = True
