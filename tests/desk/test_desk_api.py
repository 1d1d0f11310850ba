"""The unanswered-questions desk over HTTP: officers list (masked, grouped, with context), label,
alias and dismiss; only a supervisor exports; every change is logged with who and when."""
from __future__ import annotations

import os

import pytest
import yaml

from knowledge.search.curated import load_curated
from tests.feedback.conftest import chat, login

CODE = "1.001193"


@pytest.fixture(autouse=True)
def small_catalogue(app_client, monkeypatch):
    services = app_client.app.state.services
    monkeypatch.setattr(type(services), "catalogue", lambda self: {CODE: {"name": "Đăng ký khai sinh"},
                                                                   "1.004194": {"name": "Đăng ký tạm trú"}})


def _seed(client) -> None:
    chat(client, "web-d1", "asdkjh")                                        # fallback
    chat(client, "web-d2", "xin giấy gì đó")                                # low confidence
    chat(client, "web-d3", "làm giấy khai sinh")
    chat(client, "web-d3", "qwerty zxc")                                    # fallback (newest)


def test_desk_needs_an_officer(app_client):
    assert app_client.get("/api/v1/desk").status_code == 401


def test_desk_lists_open_items_newest_first_masked_with_context(app_client, rasa):
    _seed(app_client)
    personal = "số tôi 0912345678 căn cước 001099012345 asdkjh"
    rasa.intents[personal] = "nlu_fallback"
    chat(app_client, "web-d4", personal)
    login(app_client)
    body = app_client.get("/api/v1/desk").json()
    items = body["items"]
    assert [i["sender_id"] for i in items][:2] == ["web-d4", "web-d3"]
    assert {i["reason"] for i in items} == {"fallback", "low_confidence"}
    assert all({"sender_id", "text", "reason", "created_at"} <= set(i) for i in items)
    masked = items[0]["text"]
    assert "0912345678" not in masked and "001099012345" not in masked and "[số điện thoại]" in masked
    d3 = items[1]["conversation"]
    assert [m["text"] for m in d3 if m["author"] == "citizen"] == ["làm giấy khai sinh", "qwerty zxc"]
    assert [m["this_turn"] for m in d3 if m["author"] == "citizen"] == [False, True]
    assert all("0912345678" not in (m["text"] or "") for m in items[0]["conversation"])


def test_similar_wordings_share_a_group(app_client, rasa):
    wordings = {"web-g1": "làm sao xin giấy xác nhận độc thân", "web-g2": "Xin giay xac nhan doc than o dau?",
                "web-g3": "qwerty zxc"}
    for sender, text in wordings.items():
        rasa.intents[text] = "nlu_fallback"
        chat(app_client, sender, text)
    login(app_client)
    body = app_client.get("/api/v1/desk").json()
    group_of = {i["sender_id"]: i["group"] for i in body["items"]}
    assert group_of["web-g1"] == group_of["web-g2"] != group_of["web-g3"]
    assert sorted(g["count"] for g in body["groups"]) == [1, 2]


def test_officer_labels_aliases_and_dismisses_and_only_a_supervisor_exports(app_client, export_dirs):
    _seed(app_client)
    headers = login(app_client)
    items = {i["text"]: i["id"] for i in app_client.get("/api/v1/desk").json()["items"]}
    bad = app_client.post(f"/api/v1/desk/{items['asdkjh']}/label", json={"procedure_code": "9.999"}, headers=headers)
    assert bad.status_code == 422
    assert app_client.post(f"/api/v1/desk/{items['asdkjh']}/label", json={"intent": "no_such"},
                           headers=headers).status_code == 422
    ok = app_client.post(f"/api/v1/desk/{items['xin giấy gì đó']}/label", json={"procedure_code": CODE},
                         headers=headers)
    assert ok.status_code == 200, ok.text
    assert app_client.post(f"/api/v1/desk/{items['qwerty zxc']}/alias", json={"procedure_code": "1.004194"},
                           headers=headers).status_code == 200
    assert app_client.post(f"/api/v1/desk/{items['asdkjh']}/dismiss", headers=headers).status_code == 200
    assert app_client.post(f"/api/v1/desk/{items['asdkjh']}/dismiss").status_code == 403     # no CSRF token
    assert {i["text"] for i in app_client.get("/api/v1/desk").json()["items"]} == {"qwerty zxc"}
    assert app_client.post("/api/v1/desk/export", headers=headers).status_code == 403          # an officer
    assert app_client.get("/api/v1/desk/log").status_code == 403

    boss = login(app_client, "hoa")
    exported = app_client.post("/api/v1/desk/export", headers=boss)
    assert exported.status_code == 200, exported.text
    result = exported.json()
    nlu = yaml.safe_load((export_dirs["nlu"] / f"{result['batch']}.yml").read_text(encoding="utf-8"))
    assert nlu["nlu"] == [{"intent": "ask_procedure", "examples": "- xin giấy gì đó\n"}]
    aliases = load_curated(export_dirs["aliases"].parent)
    assert "xin giấy gì đó" in aliases[CODE].aliases and "qwerty zxc" in aliases["1.004194"].aliases
    assert app_client.post("/api/v1/desk/export", headers=boss).status_code == 409            # nothing new

    batches = app_client.get("/api/v1/desk/batches").json()
    assert batches["batches"][0]["in_current_model"] is False and batches["pending_labels"] == 0
    export_dirs["fingerprint"].parent.mkdir(parents=True)
    export_dirs["fingerprint"].write_text("trained")          # `make train` ran after the export
    assert app_client.get("/api/v1/desk/batches").json()["batches"][0]["in_current_model"] is True
    nlu_file = export_dirs["nlu"] / f"{result['batch']}.yml"
    nlu_file.write_text(nlu_file.read_text(encoding="utf-8") + "    - sửa tay\n", encoding="utf-8")
    os.utime(export_dirs["fingerprint"])
    assert app_client.get("/api/v1/desk/batches").json()["batches"][0]["in_current_model"] is False

    log = app_client.get("/api/v1/desk/log").json()
    assert [(e["username"], e["action"]) for e in log][::-1] == [("lan", "label"), ("lan", "alias"),
                                                                 ("lan", "dismiss"), ("hoa", "export")]
    assert all(e["created_at"] for e in log)


def test_label_similar_too_labels_the_whole_group(app_client):
    chat(app_client, "web-s1", "asdkjh")
    chat(app_client, "web-s2", "asdkjh")
    headers = login(app_client)
    first = app_client.get("/api/v1/desk").json()["items"][0]["id"]
    done = app_client.post(f"/api/v1/desk/{first}/label", json={"no_procedure": True, "similar_too": True},
                           headers=headers).json()
    assert len(done["labelled"]) == 2 and app_client.get("/api/v1/desk").json()["items"] == []
