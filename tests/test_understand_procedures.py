"""Which procedures /api/v1/understand reports, given what the NLU understood
(knowledge.answers.identify, shared with the chat)."""
from knowledge.answers.identify import CLEAR_MATCH, NO_MATCH_BELOW, min_score


def test_sure_small_talk_and_service_goals_report_only_clear_matches():
    assert min_score("thank", 0.97) == CLEAR_MATCH
    assert min_score("account_help", 0.99) == CLEAR_MATCH
    assert min_score("payment_help", 0.4) == CLEAR_MATCH
    assert min_score("check_status", 0.9) == CLEAR_MATCH
    assert CLEAR_MATCH > NO_MATCH_BELOW


def test_questions_and_unsure_small_talk_keep_the_no_match_threshold():
    assert min_score("ask_fee", 0.99) == NO_MATCH_BELOW
    assert min_score("ask_procedure", 0.3) == NO_MATCH_BELOW
    assert min_score("greet", 0.4) == NO_MATCH_BELOW


def test_a_lost_wallet_with_several_papers_reports_no_single_procedure():
    from api.routers.understand import understand_parse
    from tests.evaluation.understand_eval import EvalServices

    services = EvalServices()   # the real search and catalogue
    parse = {"intent": {"name": "ask_procedure", "confidence": 0.9}, "entities": []}
    several = understand_parse(services, "Tôi bị mất ví, trong đó có căn cước, bằng lái và thẻ bảo hiểm y tế.", parse)
    assert several.procedures == []
    one = understand_parse(services, "Tôi bị mất ví, mất luôn căn cước, làm lại thế nào?", parse)
    assert one.procedures and one.procedures[0].code == "1.014064"
