"""get_conversation finds a sender's conversation once per session, and never returns one that was
deleted, rolled back or belongs to another sender."""
from sqlalchemy import event

from domain.handoff.models import Conversation
from domain.handoff.service import get_conversation, get_or_create


def _counting(database):
    selects = []
    event.listen(database.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *a: selects.append(statement)
                 if statement.lstrip().upper().startswith("SELECT") and "conversations" in statement else None)
    return selects


def test_found_once_per_session(database):
    with database.session() as session:
        get_or_create(session, "web-a", "web")
        get_or_create(session, "web-b", "web")
    selects = _counting(database)
    with database.session() as session:
        first = get_conversation(session, "web-a")
        assert get_conversation(session, "web-a") is first
        assert get_conversation(session, "web-b").sender_id == "web-b"
        assert get_conversation(session, "web-a") is first
    assert len(selects) == 2
    with database.session() as session:                 # a new session reads the database again
        assert get_conversation(session, "web-a").sender_id == "web-a"
    assert len(selects) == 3


def test_deleted_or_rolled_back_is_not_returned(database):
    with database.session() as session:
        get_or_create(session, "web-gone", "web")
    with database.session() as session:
        conversation = get_conversation(session, "web-gone")
        session.delete(conversation)
        assert get_conversation(session, "web-gone") is None
    with database.session() as session:
        assert get_conversation(session, "web-gone") is None
        savepoint = session.begin_nested()
        created = get_or_create(session, "web-new", "web")
        assert get_conversation(session, "web-new") is created
        savepoint.rollback()
        assert get_conversation(session, "web-new") is None
        assert session.query(Conversation).count() == 0
