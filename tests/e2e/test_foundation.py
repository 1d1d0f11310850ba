"""The product end to end over real HTTP: app -> Rasa server -> app's action endpoint."""


from tests.e2e.conftest import all_text, chat

TAXONOMY = {
    "greet", "goodbye", "thank", "affirm", "deny", "ask_procedure", "ask_documents", "ask_fee",
    "ask_processing_time", "ask_where", "ask_online", "account_help", "start_submission",
    "check_status", "payment_help", "request_human", "complain", "out_of_scope",
}


def test_health_is_ok_once_the_model_is_loaded(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_understand_contract_shape_and_offsets(client):
    text = "hồ sơ 000.00.15.H22-240918-0003 của tôi đến đâu rồi, sđt 0912 345 678"
    body = client.post("/api/v1/understand", json={"text": text}).json()
    assert set(body) == {"intent", "entities", "procedures"}
    assert body["intent"]["name"] == "check_status"
    assert 0.0 <= body["intent"]["confidence"] <= 1.0
    found = {(e["entity"], e["value"]) for e in body["entities"]}
    assert ("receipt_code", "000.00.15.H22-240918-0003") in found
    assert ("phone_number", "0912 345 678") in found
    for entity in body["entities"]:
        assert text[entity["start"]:entity["end"]] == entity["value"]


def test_understand_maps_every_message_into_the_taxonomy(client):
    for text in ["chào em", "hôm nay trời có mưa không", "asdkjh qweoiu", "ừ", "cho tôi gặp cán bộ"]:
        body = client.post("/api/v1/understand", json={"text": text}).json()
        assert body["intent"]["name"] in TAXONOMY, (text, body)


def test_understand_without_diacritics(client):
    body = client.post("/api/v1/understand", json={"text": "lam giay khai sinh cho con can giay to gi"}).json()
    assert body["intent"]["name"] == "ask_documents"


def test_understand_rejects_empty_text(client):
    response = client.post("/api/v1/understand", json={"text": "   "})
    assert response.status_code == 422
    assert "trống" in response.json()["detail"]


def test_chat_greeting_offers_buttons(client, sender):
    messages = chat(client, sender, "chào em")
    assert messages and messages[0]["text"]
    titles = [b["title"] for m in messages for b in m["buttons"]]
    assert "Gặp cán bộ" in titles


def test_chat_out_of_scope_is_redirected_politely(client, sender):
    text = all_text(chat(client, sender, "tối nay đội tuyển Việt Nam đá mấy giờ"))
    assert "thủ tục" in text


def test_chat_button_payload_is_understood(client, sender):
    messages = chat(client, sender, "/request_human")
    assert "cán bộ" in all_text(messages)


def test_chat_bad_input_gets_a_clear_answer(client, sender):
    assert client.post("/api/v1/chat", json={"sender_id": sender}).status_code == 422
    assert client.post("/api/v1/chat", json={"sender_id": "", "text": "chào"}).status_code == 422
    empty = chat(client, sender, "   ")
    assert "chưa nhận được" in all_text(empty)
    long = chat(client, sender, "a" * 5000)
    assert "dài quá" in all_text(long)


def test_web_chat_page_and_widget_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "widget.js" in page.text
    widget = client.get("/static/widget.js")
    assert widget.status_code == 200 and "/api/v1/chat" in widget.text


def test_openapi_docs_are_published(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/understand" in paths and "/api/v1/chat" in paths


def test_health_is_503_when_rasa_is_down(tmp_path):
    """A second app pointed at a Rasa port where nothing listens reports 503; a chat message is
    kept for later (202), not lost."""
    from fastapi.testclient import TestClient

    from core.settings import Settings
    from main import create_app

    app = create_app(Settings(rasa_url="http://127.0.0.1:9", rasa_timeout_seconds=2,
                              database_url=f"sqlite:///{tmp_path / 'app.db'}"))
    with TestClient(app) as local:
        assert local.get("/health").status_code == 503
        response = local.post("/api/v1/chat", json={"text": "chào"})  # a new conversation
        assert response.status_code == 202 and response.json()["queued"] is True
        assert "không cần gửi lại" in response.json()["messages"][0]["text"]
