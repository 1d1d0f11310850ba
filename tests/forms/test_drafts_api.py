"""POST/GET /api/v1/drafts on SQLite and PostgreSQL: validation, access, papers, the PDF read back."""
from datetime import date, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.console.accounts import create_officer, open_session
from api.routers import drafts
from bot.forms.engine import FormEngine
from core.settings import Settings
from domain.drafts import store
from domain.services import Services
from tests.forms.pdf_text import pdf_text
from tests.forms.test_engine import TAM_TRU, TAM_TRU_ANSWERS, fill


@pytest.fixture
def client(database, forms):
    app = FastAPI()
    app.include_router(drafts.router)
    app.state.services = Services(settings=Settings(drafts_link_secret="test-secret"), rasa=None, db=database)
    with TestClient(app) as test_client:
        # the bot creates drafts in-process; over HTTP only an officer may (POST is closed to citizens)
        with database.session() as session:
            officer = create_officer(session, "canbo.drafts", "mat-khau-rat-dai-456")
            token, _ = open_session(session, officer, timedelta(hours=1), kind="api")
        test_client.officer = {"Authorization": f"Bearer {token}"}
        yield test_client


def tam_tru_values(forms):
    """Answers confirmed in the chat today (the API checks dates against the real today)."""
    engine = FormEngine(forms[TAM_TRU])
    answers = list(TAM_TRU_ANSWERS)
    answers[4] = (date.today() + timedelta(days=365)).strftime("%d/%m/%Y")  # end of the stay
    return engine.values(fill(engine, answers).state)


def test_a_confirmed_draft_is_stored_and_printed_exactly(client, forms):
    values = tam_tru_values(forms)
    response = client.post("/api/v1/drafts", headers=client.officer, json={"sender_id": "web-abc", "form_code": TAM_TRU, "values": values})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["code"].startswith("TK-") and {k: v for k, v in body["values"].items() if v} == values
    assert any("chỗ ở hợp pháp" in p for p in body["papers"])
    assert not any("Tờ khai" in p for p in body["papers"])  # the declaration is the PDF itself
    assert body["submission"]["online"] and "dichvucong.gov.vn" in body["submission"]["online_url"]
    assert "Công an cấp xã" in body["submission"]["text"]

    pdf = client.get(body["pdf_url"])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert f"Kính gửi: {values['agency']}" in text
    for line in body["lines"]:
        if line["printed"]:
            assert f"{line['label']}: {line['value'] or '(không có)'}" in text, line
    assert values["temporary_address"] in text and values["stay_until"] in text  # inside "Nội dung đề nghị"
    assert body["code"] in text


def test_drafts_are_validated_with_the_chat_rules(client, forms):
    values = dict(tam_tru_values(forms), phone="09123abc78")
    response = client.post("/api/v1/drafts", headers=client.officer, json={"sender_id": "web-abc", "form_code": TAM_TRU, "values": values})
    assert response.status_code == 422
    assert set(response.json()["detail"]["errors"]) == {"phone"}
    unknown = client.post("/api/v1/drafts", headers=client.officer, json={"sender_id": "web-abc", "form_code": "9.999999", "values": {}})
    assert unknown.status_code == 404


def test_only_the_owner_link_or_an_officer_can_read_a_draft(client, forms, database):
    body = client.post("/api/v1/drafts", headers=client.officer, json={"sender_id": "telegram:42", "form_code": TAM_TRU,
                                               "values": tam_tru_values(forms)}).json()
    code = body["code"]
    assert client.get(f"/api/v1/drafts/{code}/pdf").status_code == 403
    assert client.get(f"/api/v1/drafts/{code}/pdf?t=0000").status_code == 403
    assert client.get(f"/api/v1/drafts/{code}?t=" + body["pdf_url"].split("t=")[1]).json()["code"] == code
    assert client.get("/api/v1/drafts/TK-NOPE22/pdf").status_code == 404
    with database.session() as session:
        officer = create_officer(session, "canbo.test", "mat-khau-rat-dai-123")
        token, _ = open_session(session, officer, timedelta(hours=1), kind="api")
    as_officer = client.get(f"/api/v1/drafts/{code}/pdf", headers={"Authorization": f"Bearer {token}"})
    assert as_officer.status_code == 200 and as_officer.content.startswith(b"%PDF")
    assert client.get(f"/api/v1/drafts/{code}", headers={"Authorization": "Bearer wrong"}).status_code == 403


def test_profiles_are_remembered_only_for_their_keys_and_erased(database):
    with database.session() as session:
        assert store.get_profile(session, "web-1") is None
        store.save_profile(session, "web-1", {"full_name": "Nguyễn Văn An", "phone": "0912 345 678", "religion": "x"})
    with database.session() as session:
        assert store.get_profile(session, "web-1") == {"full_name": "Nguyễn Văn An", "phone": "0912 345 678"}
        store.save_profile(session, "web-1", {"full_name": "Nguyễn Văn Ba"})
    with database.session() as session:
        assert store.get_profile(session, "web-1") == {"full_name": "Nguyễn Văn Ba"}
        assert store.erase_profile(session, "web-1") is True
    with database.session() as session:
        assert store.get_profile(session, "web-1") is None
        assert store.erase_profile(session, "web-1") is False


@pytest.mark.parametrize("code", ["1.004222", "1.001193", "3.000333", "2.000635"])
def test_every_form_has_papers_and_a_place_to_submit(forms, code):
    from domain.drafts.guidance import papers_to_attach, where_to_submit
    from knowledge.catalogue import load_catalogue

    record = load_catalogue()[code]
    papers = papers_to_attach(forms[code], record, {"residence_basis": "Nhà thuê, mượn, ở nhờ"})
    assert papers and all(len(p) <= 181 for p in papers)
    assert where_to_submit(record, "https://dichvucong.gov.vn").text


def test_the_pdf_is_dated_in_vietnam_time_and_keeps_every_diacritic():
    from datetime import datetime

    from domain.drafts.pdf import render_pdf

    lines = [{"name": "full_name", "label": "Họ, chữ đệm và tên", "value": "Nguyễn Thị Ngọc Hường", "section": "",
              "printed": True},
             {"name": "note", "label": "Ghi chú", "value": "Đặng Ưng Ẩn Ỷ Ữ ặ ề ỡ", "section": "Phần khác",
              "printed": True},
             {"name": "hidden", "label": "Ẩn", "value": "không in", "section": "", "printed": False}]
    content = render_pdf(code="TK-ABCDEF", title="Tờ khai thử", document={"heading": "TỜ KHAI THỬ", "signer": "full_name"},
                         lines=lines, created_at=datetime(2025, 6, 15, 18, 30))  # naive UTC = 16/06 in Hà Nội
    text = pdf_text(content)
    assert "1. Họ, chữ đệm và tên: Nguyễn Thị Ngọc Hường" in text and "2. Ghi chú: Đặng Ưng Ẩn Ỷ Ữ ặ ề ỡ" in text
    assert "Phần khác" in text and "không in" not in text
    assert "Ngày 16 tháng 06 năm 2025" in text and "16/06/2025" in text
