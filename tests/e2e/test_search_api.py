"""Procedure search over real HTTP: the words may go in a POST body (kept out of URLs and logs)
and give the same answer as the GET form; bad bodies get a clear 422."""
import pytest

pytestmark = pytest.mark.e2e


def test_post_and_get_search_agree(client):
    question = "làm lại căn cước bị mất cần gì"
    posted = client.post("/api/v1/procedures/search", json={"q": question, "limit": 3})
    got = client.get("/api/v1/procedures/search", params={"q": question, "limit": 3})
    assert posted.status_code == got.status_code == 200
    assert [h["code"] for h in posted.json()] == [h["code"] for h in got.json()]
    assert len(posted.json()) == 3 and posted.json()[0]["name"]


@pytest.mark.parametrize("body", [{}, {"q": ""}, {"q": "khai sinh", "limit": 0}, {"q": "x" * 501}])
def test_bad_search_bodies_are_refused_clearly(client, body):
    response = client.post("/api/v1/procedures/search", json=body)
    assert response.status_code == 422 and response.json().get("detail")
