"""A request's transaction commits before its response is sent (read-after-write holds)."""
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.deps import SessionDep
from domain.handoff.models import Conversation
from tests.db.conftest import database  # noqa: F401


def test_a_write_is_committed_before_its_response_is_sent(database):  # noqa: F811
    app = FastAPI()
    seen_after_response: list[bool] = []

    @app.post("/probe")
    def probe(session: SessionDep) -> dict:
        session.add(Conversation(sender_id="web-commit", channel="web", owner="bot"))
        return {"ok": True}

    class _Services:
        db = database

    app.state.services = _Services()

    @app.middleware("http")
    async def look_right_after(request, call_next):
        response = await call_next(request)
        with database.session() as s:   # what another request would see at this moment
            seen_after_response.append(s.query(Conversation).filter_by(sender_id="web-commit").count() == 1)
        return response

    assert TestClient(app).post("/probe").status_code == 200
    assert seen_after_response == [True]
