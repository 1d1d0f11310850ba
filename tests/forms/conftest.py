from datetime import date

import pytest

from bot.forms.engine import FormEngine, Message
from knowledge.flows.forms import load_forms

TODAY = date(2025, 6, 15)


@pytest.fixture(scope="session")
def forms():
    return load_forms()


@pytest.fixture
def engine_for(forms):
    return lambda code: FormEngine(forms[code], today=TODAY)


def say(engine, state, *texts, intent=None, confidence=0.0):
    """Send messages one by one; returns the last turn."""
    turn = None
    for text in texts:
        turn = engine.handle(state, Message(text, intent, confidence))
        state = turn.state
    return turn


def run_form(form, first, *messages, today, bare_name=False):
    """A form started with `first`, then each message in turn; returns the engine and the last turn.
    bare_name: a full name alone counts as the first name asked, as the chat action starts forms."""
    engine = FormEngine(form, today=today)
    turn = engine.start(None, first, bare_name=bare_name)
    for text in messages:
        turn = engine.handle(turn.state, Message(text))
    return engine, turn


def text_of(turn) -> str:
    return "\n".join(r.text for r in turn.replies)


def titles(turn) -> list[str]:
    return [b["title"] for r in turn.replies for b in r.buttons]


from tests.db.conftest import database  # noqa: E402,F401  (SQLite and PostgreSQL, migrated)
