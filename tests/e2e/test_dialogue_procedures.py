"""Every turn is read for its procedure (issue 12): a greeting around a procedure, a form
request for a procedure that has no form, and a life situation without a procedure name all
set the procedure, and the fee / papers / place follow-ups keep it. The trace summary lists
each identification."""
import re

import pytest

from tests.e2e.conftest import all_text, chat, summary

pytestmark = pytest.mark.e2e

CODE_RE = re.compile(r"mã (\d\.\d{6})")
PASSPORT = {"1.001456", "1.001471"}
FORM_MENU = "em giúp điền được các tờ khai"


def codes(messages):
    return CODE_RE.findall(all_text(messages))


def follow_ups_keep(client, sender, expected: set[str]) -> None:
    fee = chat(client, sender, "thế lệ phí bao nhiêu?")
    assert codes(fee) and set(codes(fee)) <= expected, all_text(fee)
    assert "đồng" in all_text(fee) or "phí" in all_text(fee).lower()
    papers = chat(client, sender, "cần mang giấy tờ gì")
    assert codes(papers) and set(codes(papers)) <= expected, all_text(papers)
    where = chat(client, sender, "nộp ở đâu vậy")
    assert codes(where) and set(codes(where)) <= expected, all_text(where)


def test_a_greeting_around_a_procedure_sets_it(client, sender, officer_token):
    first = chat(client, sender, "Chào bạn, mình muốn làm hộ chiếu lần đầu")
    assert set(codes(first)) & PASSPORT, all_text(first)
    follow_ups_keep(client, sender, PASSPORT)
    trace = summary(client, sender, officer_token)
    identified = trace["procedures_identified"]
    assert identified and identified[0]["code"] in PASSPORT and identified[0]["via"] == "question"
    assert identified[0]["turn"] == 1
    assert trace["active_procedure"] in PASSPORT


def test_a_form_request_for_a_procedure_without_a_form_is_answered(client, sender, officer_token):
    first = chat(client, sender, "giúp tôi làm hồ sơ rút bảo hiểm xã hội một lần")
    assert "1.001613" in codes(first), all_text(first)
    assert FORM_MENU not in all_text(first)
    follow_ups_keep(client, sender, {"1.001613"})
    assert [p["code"] for p in summary(client, sender, officer_token)["procedures_identified"]] == ["1.001613"]


def test_a_situation_without_a_procedure_name_maps_to_its_procedures(client, sender, officer_token):
    first = chat(client, sender, "vợ chồng tôi mới sinh cháu")
    assert codes(first)[:1] == ["1.001193"], all_text(first)
    offered = [b["payload"] for m in first for b in m["buttons"]]
    assert any("1.004222" in p for p in offered)  # the other procedures the situation needs
    follow_ups_keep(client, sender, {"1.001193"})
    trace = summary(client, sender, officer_token)
    assert [p["code"] for p in trace["procedures_identified"]] == ["1.001193"]
    assert trace["active_procedure"] == "1.001193"


def test_lost_papers_then_a_button_for_another_procedure(client, sender, officer_token):
    first = chat(client, sender, "hôm qua em bị mất ví, mất hết giấy tờ rồi")
    assert codes(first)[:1] == ["1.014064"], all_text(first)
    licence = next(b["payload"] for m in first for b in m["buttons"] if "3.000348" in b["payload"])
    second = chat(client, sender, licence)
    assert codes(second) == ["3.000348"]
    fee = chat(client, sender, "lệ phí bao nhiêu")
    assert codes(fee) == ["3.000348"]
    identified = summary(client, sender, officer_token)["procedures_identified"]
    assert [(p["code"], p["via"]) for p in identified] == [("1.014064", "question"), ("3.000348", "button")]
