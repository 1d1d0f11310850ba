"""Account and portal problems get no procedure (knowledge/answers/account_problems.py)."""
from __future__ import annotations

import pytest

from knowledge.answers.account_problems import reports_account_problem
from knowledge.answers.identify import identify


@pytest.mark.parametrize("text", [
    "tôi đăng nhập VNeID cứ báo lỗi hoài",
    "ko dang nhap dc cong dich vu cong bang tk dinh danh",
    "Bác quên mật khẩu tài khoản định danh rồi cháu ơi",
    "app vneid hổng hiện giấy phép lái xe của tui",
    "Cổng dịch vụ công không gửi mã OTP, tôi không nhận được mã",
    # restarting the app is no request to reopen the account
    "dang nhap vneid bao loi, tat app mo lai van khong vao duoc",
])
def test_problems_are_recognised_with_or_without_diacritics(text):
    assert reports_account_problem(text)


@pytest.mark.parametrize("text", [
    "muốn đăng ký tài khoản định danh điện tử mức 2",
    # a problem told, but the identification procedure asked for
    "tôi không nhận được tin nhắn, giờ muốn kích hoạt tài khoản định danh thì làm sao",
    "quên mật khẩu nên tài khoản bị khóa, mở khóa thế nào",
    # reopening a locked account is the unlock procedure, however it is said
    "tai khoan vneid nhap sai mat khau qua nhieu lan bi khoa roi, mo lai sao",
    "tk định danh của e bị khóa r, quên mk, mở lại ntn",
    # "lỗi" as a mistake on a paper is no portal problem
    "giấy khai sinh ghi sai tên thì sửa thế nào",
])
def test_procedure_requests_are_not_problems(text):
    assert not reports_account_problem(text)


def test_an_account_problem_gets_no_procedure_even_when_it_names_the_e_id_account(search):
    text = "Tài khoản định danh điện tử của tôi không đăng nhập được, báo lỗi xác thực"
    assert identify(search, text, "account_help", 0.9).codes == []
    # the same words asked as another goal keep the search's reading
    assert identify(search, "đăng ký tài khoản định danh điện tử mức 2 ở đâu", "ask_where", 0.9).codes
