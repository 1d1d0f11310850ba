"""knowledge.answers.procedure_gate: is any procedure asserted at all (with the fitted gate)."""
from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.answers.identify import identify
from knowledge.answers.procedure_gate import FEATURES, expand, load_gate, probability, threshold


def test_the_fitted_gate_matches_the_features_and_has_sane_thresholds():
    gate = load_gate()
    assert gate is not None, "knowledge/answers/procedure_gate.json missing or for other features"
    width = len(FEATURES)
    assert len(gate["coef"]) == (width + width * (width + 1) // 2 if gate.get("pairs", True) else width)
    assert 0 < gate["story_threshold"] <= gate["threshold"] < 1
    assert threshold(10, gate) == gate["threshold"] and threshold(40, gate) == gate["story_threshold"]
    # a long request for a service gets a procedure only when it names one plainly
    assert threshold(40, gate, "request_human") == threshold(40, gate, "account_help") == gate["threshold"]
    assert threshold(40, gate, "ask_fee") == gate["story_threshold"]
    from tests.evaluation.understand_eval import HELD_OUT

    assert not HELD_OUT & set(gate["fitted_on"]), "the gate was fitted on a held-out set"
    assert not any(name.startswith(("real_questions_test", "procedure_test")) for name in gate["fitted_on"])


def test_a_question_about_a_procedures_property_leans_towards_a_procedure():
    """Same search evidence: "where / how much / which papers" presumes a procedure more than a
    general question (which also carries policy questions no procedure answers)."""
    from knowledge.answers.procedure_gate import features

    gate = load_gate()
    hits = [{"code": "a", "score": 0.3}, {"code": "b", "score": 0.2}]
    parts = {"lexical": 0.2, "query_coverage": 0.15, "entry_coverage": 0.6, "dense": 0.3}
    asked = {intent: probability(features(hits, parts, 5, 12, intent), gate)
             for intent in ("ask_where", "ask_fee", "ask_procedure")}
    assert asked["ask_where"] > asked["ask_procedure"] and asked["ask_fee"] > asked["ask_procedure"]


def test_expansion_is_standardised_features_and_their_products():
    assert expand([3.0, 5.0], [1.0, 1.0], [2.0, 4.0]) == [1.0, 1.0, 1.0, 1.0, 1.0]
    assert expand([3.0, 5.0], [1.0, 1.0], [2.0, 4.0], pairs=False) == [1.0, 1.0]
    gate = {"mean": [0.0], "scale": [1.0], "coef": [2.0, 0.0], "intercept": 0.0}
    assert probability([0.0], gate) == 0.5 and probability([3.0], gate) > 0.99


def test_without_a_gate_file_nothing_is_loaded(tmp_path: Path):
    assert load_gate(tmp_path / "missing.json") is None
    (tmp_path / "other.json").write_text('{"features": ["x"]}')
    assert load_gate(tmp_path / "other.json") is None


@pytest.mark.parametrize("text, intent", [
    ("vậy có cần bản gốc không em", "ask_documents"),    # a follow-up: the conversation's procedure applies
    ("thế khi nào thì tôi lấy được kết quả", "ask_processing_time"),
    ("làm qua mạng có rẻ hơn không", "ask_fee"),
    ("chao ban nhe", "greet"),
])
def test_follow_ups_and_small_talk_get_no_procedure(search, text, intent):
    assert identify(search, text, intent, 0.9).codes == []


@pytest.mark.parametrize("text, intent, codes", [
    ("hồ sơ làm hộ chiếu của em mã H30.11-250310-0042 giờ tới bước nào rồi", "check_status", {"1.001456", "1.001471"}),
    ("cấp đổi giấy phép lái xe hết bao nhiêu tiền", "ask_fee", {"3.000347", "3.000351", "3.000350"}),
    ("chào em, làm hộ chiếu ở đâu vậy", "ask_where", {"1.001456", "1.001471"}),
])
def test_a_named_procedure_is_still_asserted(search, text, intent, codes):
    assert set(identify(search, text, intent, 0.9).codes[:3]) & codes


@pytest.mark.parametrize("text, searched", [
    ("Cảm ơn ad đã trả lời. Cho mình hỏi thêm, đăng ký khai tử nộp ở đâu?", "đăng ký khai tử nộp ở đâu?"),
    ("Hi bot, khai sinh làm online được không?", "khai sinh làm online được không?"),
    ("chào bạn", "chào bạn"),  # nothing else: the message stays whole
    ("làm hộ chiếu ở đâu", "làm hộ chiếu ở đâu"),
])
def test_greeting_and_thanks_clauses_are_left_out_of_the_search(text, searched):
    from knowledge.answers.topic import without_social_clauses

    assert without_social_clauses(text) == searched


@pytest.mark.parametrize("text, intent, codes", [
    # status, payment and complaint messages are mostly about something else, but name their procedure
    ("Bà ơi hồ sơ cấp hộ chiếu phổ thông của tôi nộp tuần trước, đã trả kết quả chưa", "check_status",
     {"1.001456", "1.001471"}),
    ("đã thanh toán lệ phí cấp đổi giấy phép lái xe trên cổng mà vẫn báo chưa thanh toán", "payment_help",
     {"3.000347", "3.000351", "3.000350"}),
])
def test_a_service_message_naming_its_procedure_gets_it(search, text, intent, codes):
    assert set(identify(search, text, intent, 0.9).codes[:1]) & codes


@pytest.mark.parametrize("text, intent", [
    ("hồ sơ của tôi nộp hôm thứ hai giờ đến đâu rồi", "check_status"),
    ("thanh toán trên cổng bị trừ tiền hai lần thì làm sao", "payment_help"),
    ("hỏi mãi không trả lời được, chán quá", "complain"),
])
def test_a_service_message_naming_nothing_gets_no_procedure(search, text, intent):
    assert identify(search, text, intent, 0.9).codes == []
