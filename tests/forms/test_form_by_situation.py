"""A form asked for without its name is chosen by the life situation told (knowledge/forms/*.yml
`situations:`), and a story that ends by asking the bot to do it opens that form."""
import pytest

from bot.forms.choose import form_by_situation
from bot.forms.intake import form_to_open


@pytest.mark.parametrize("story, code", [
    ("Chị thuê một phòng trọ gần khu công nghiệp, chủ trọ nói phải khai báo với công an phường.", "1.004194"),
    ("chu nha tro bao phai di khai bao o day khong thi cong an phuong nhac", "1.004194"),
    ("Vợ tôi vừa sinh cháu thứ hai ở trạm y tế xã, hai mẹ con đều khỏe.", "1.001193"),
    ("Phòng nhân sự yêu cầu nộp giấy chứng nhận không có tiền án tiền sự.", "3.000333"),
    ("Bố mẹ tôi mới mua nhà ở quận 7, muốn nhập hộ khẩu về đó.", "1.004222"),
    ("Tháng sau tụi em cưới, muốn làm giấy trước.", "1.000894"),
    ("Tạm trú của em sắp hết hạn mà em muốn ở thêm một năm.", "1.002755"),
])
def test_the_situation_told_names_its_form(forms, story, code):
    assert form_by_situation(story, forms) == code


def test_no_situation_or_a_tie_names_no_form(forms):
    assert form_by_situation("hôm nay trời đẹp quá", forms) is None
    assert form_by_situation("em đang ở trọ, tháng sau cưới", forms) is None   # one each: ask which


def test_a_story_ending_with_a_request_opens_the_form_whatever_else_it_asks(forms):
    story = ("Phòng giáo dục yêu cầu hồ sơ phải có giấy chứng nhận không có án tích. Tôi không biết xin ở đâu, "
             "nhờ em làm giúp.")
    assert form_to_open(story, "ask_where", None, [], forms) == "3.000333"
    assert form_to_open("Chủ nhà bảo phải đăng ký cho cháu ở đó với công an. Tôi là mẹ, khai hộ cháu có được không?",
                        "ask_procedure", None, [], forms) == "1.004194"
    # a plain aspect question is answered, not turned into a form
    assert form_to_open("đăng ký tạm trú nộp ở đâu?", "ask_where", None, [], forms) is None
    assert form_to_open("đăng ký tạm trú cần giấy tờ gì, làm giúp tôi được không?", "ask_documents", None, [], forms) is None


def test_living_together_is_marriage_and_filing_for_a_parent_is_a_request(forms):
    assert form_by_situation("giờ muốn về sống với nhau chính thức, đăng ký cho đúng pháp luật", forms) == "1.000894"
    story = ("Tôi đón mẹ vào Huế ở hẳn với gia đình tôi. Tôi muốn nhập khẩu cho bà vào nhà tôi. "
             "Tôi khai thay bà được không?")
    assert form_to_open(story, "ask_procedure", None, [], forms) == "1.004222"


@pytest.mark.parametrize("text", [
    "nhờ em hướng dẫn chị gia hạn hộ chiếu",
    "nhờ bạn xem giúp căn cước của mình sắp hết hạn",
    "giấy phép lái xe sắp hết hạn, nhờ em làm giúp",
    "con em đi du học, nhờ em làm hộ chiếu giúp",
    "mình đang ở trọ, muốn làm căn cước, nhờ bạn làm giúp",
])
def test_a_request_about_another_paper_opens_no_form(forms, text):
    assert form_to_open(text, "ask_procedure", None, [], forms) is None


def test_details_without_procedure_need_two_details_and_no_other_goal(forms):
    from bot.forms.intake import details_without_procedure

    assert not details_without_procedure("0912345678", forms)
    assert not details_without_procedure("0912345678 không nhận được tin nhắn", forms)
    assert not details_without_procedure("em là Lê Thị Hoa, sđt 0987654321, hôm qua em nộp hồ sơ mà chưa thấy gì", forms)
    assert not details_without_procedure("1" * 2000, forms)
    assert details_without_procedure("Vu Dinh Khoa, 027093006614, 0356182947", forms)


def test_renting_is_not_vetoed_as_tax():
    from bot.forms.intake import situation_form
    from knowledge.flows.forms import load_forms

    story = "Chị thuê một phòng trọ, chủ trọ nói phải khai báo với công an phường. Em làm giúp chị tờ khai được không?"
    assert situation_form(story, load_forms()) == "1.004194"
