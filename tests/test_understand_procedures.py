"""Which search hits /api/v1/understand reports, given what the NLU understood."""
from api.routers.understand import CLEAR_MATCH, min_procedure_score
from knowledge.search.confidence import NO_MATCH_BELOW


def test_sure_small_talk_reports_only_clear_matches():
    assert min_procedure_score({"name": "thank", "confidence": 0.97}) == CLEAR_MATCH
    assert min_procedure_score({"name": "out_of_scope", "confidence": 0.9}) == CLEAR_MATCH
    assert CLEAR_MATCH > NO_MATCH_BELOW


def test_questions_and_unsure_small_talk_keep_the_no_match_threshold():
    assert min_procedure_score({"name": "ask_fee", "confidence": 0.99}) == NO_MATCH_BELOW
    assert min_procedure_score({"name": "account_help", "confidence": 0.99}) == NO_MATCH_BELOW
    assert min_procedure_score({"name": "greet", "confidence": 0.5}) == NO_MATCH_BELOW
