"""knowledge.answers.policy_topics: policy questions that no catalogue procedure answers."""
from __future__ import annotations

import pytest

from knowledge.answers.policy_topics import load_topics, policy_topic


def test_policy_topics_file_loads():
    assert load_topics().firm is not None


@pytest.mark.parametrize("text", [
    "Con tôi có được giảm học phí không?",
    "con toi co duoc mien hoc phi khong",
    "không đăng ký tạm trú thì bị phạt như thế nào",
    "Xin hỏi cách tính lương hưu khi nghỉ hưu trước tuổi như thế nào?",
    "Tôi có đủ điều kiện nghỉ hưu sớm không?",
    # the Labour Code's own words for early retirement
    "Tôi có được nghỉ hưu ở tuổi thấp hơn tuổi nghỉ hưu trong điều kiện lao động bình thường không?",
    "Chi phí y tế cho người bị tai nạn lao động do đơn vị nào chi trả?",
    # labour relations: no catalogue procedure (the labour ministry's are not in it)
    "Công ty sa thải tôi không báo trước thì tôi có được trợ cấp thôi việc không?",
    "cty bắt thử việc 3 tháng có đúng luật k ad",
    # the amount of a fine is out of scope (contract)
    "Không đăng ký tạm trú thì mức phạt là bao nhiêu?",
    "di xe khong bang bi phat bn vay",
    # what a poor household is entitled to
    "Nhà tôi là hộ cận nghèo, hộ cận nghèo có được hỗ trợ tiền điện không?",
    "ho ngheo co duoc vay von uu dai de chan nuoi khong",
])
def test_policy_questions_are_recognised(text):
    assert policy_topic(text)


@pytest.mark.parametrize("text", [
    "Làm thẻ bảo hiểm y tế hộ gia đình cho bố mẹ thì đăng ký ở đâu, mức đóng bao nhiêu?",
    "muốn rút BHXH một lần thì cần giấy tờ gì",
    "làm hồ sơ hưởng lương hưu nộp ở đâu",
    "công ty đăng ký đóng bảo hiểm xã hội cho người lao động mới ký hợp đồng thì nộp hồ sơ gì",
    # whether one must do a procedure is asked about that procedure (contract)
    "mua xe cũ không sang tên có bị phạt không",
    # "phát" (deliver) is no "phạt" (fine) when diacritics are typed
    "làm hộ chiếu, nhận kết quả qua chuyển phát bao nhiêu tiền",
    "thẻ bhyt mới phát mấy ngày thì có",
    # becoming a poor household, or leaving it, is a procedure; a preferential loan for social housing too
    "nhà tôi khó khăn, muốn xin công nhận hộ nghèo thì làm đơn ở đâu",
    "Hộ nghèo có được xét công nhận hộ thoát nghèo không, thủ tục thế nào?",
    "Nhà tôi thuộc hộ nghèo, muốn đăng ký vay vốn ưu đãi mua nhà ở xã hội thì làm thủ tục gì?",
])
def test_procedure_questions_are_not_policy(text):
    assert policy_topic(text) is None


def test_only_the_question_of_a_long_story_is_read():
    story = ("Tôi đã nghỉ hưu trước tuổi từ năm 2020 do suy giảm khả năng lao động, đang hưởng lương hưu hằng "
             "tháng tại quê. Nay tôi chuyển vào thành phố sống cùng con cái. Xin hỏi, tôi phải làm thủ tục gì "
             "để chuyển nơi nhận lương hưu sang nơi ở mới?")
    assert policy_topic(story) is None
    assert policy_topic(story.replace("phải làm thủ tục gì để chuyển nơi nhận lương hưu sang nơi ở mới",
                                      "có được tính lại mức lương hưu không")) == "muc luong huu"


def test_identify_returns_no_procedure_for_a_policy_question():
    from knowledge.answers.identify import identify
    from knowledge.search.hybrid import ProcedureSearch

    search = ProcedureSearch()
    search.load()
    assert identify(search, "Bố tôi bị tai nạn lao động, tôi có được giảm học phí không?").codes == []


def test_labour_words_told_as_background_leave_a_clear_procedure():
    # "bị sa thải" is background to a one-off social-insurance withdrawal
    assert policy_topic("bị sa thải có được rút bhxh 1 lần không", clear_match=True) is None
    assert policy_topic("công ty sa thải tôi không báo trước có đúng luật không", clear_match=False)
