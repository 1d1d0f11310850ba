"""Details sent before any procedure is named are kept for the form the next message opens."""
from bot.forms.intake import values_before
from knowledge.flows.forms import load_forms

TAM_TRU = "1.004194"


def test_details_sent_just_before_the_naming_message_are_kept():
    forms = load_forms()
    recent = ["Pham Van Long - 001095012345 - 0912345678"]
    assert values_before(recent, TAM_TRU, forms) == ("Pham Van Long - 001095012345 - 0912345678",)


def test_only_the_run_of_details_right_before_counts():
    forms = load_forms()
    recent = ["Đỗ Thị Mai 0987654321", "lệ phí làm hộ chiếu bao nhiêu?", "Phạm Văn Long 001095012345"]
    assert values_before(recent, TAM_TRU, forms) == ("Phạm Văn Long 001095012345",)
    assert values_before(["cảm ơn em nhé", "hồ sơ của tôi đến đâu rồi?"], TAM_TRU, forms) == ()


def test_a_pasted_list_before_the_procedure_fills_the_form(forms):
    from datetime import date

    from bot.forms.engine import FormEngine

    engine = FormEngine(forms["1.004194"], today=date(2026, 12, 5))
    turn = engine.start(None, "e can dk tam tru", bare_name=True,
                        earlier=("Pham Van Long\n001095012345\n0912 345 678",))
    assert turn.state["values"]["full_name"] == "Pham Van Long"
    assert turn.state["values"]["id_number"] == "001095012345"
    turn = FormEngine(forms["1.001193"], today=date(2026, 12, 5)).start(
        None, "bé Lê Minh Khang\nnam\n02/11/2026\nbệnh viện Nhi Đồng 2", bare_name=True)
    assert turn.state["values"]["child_name"] == "Lê Minh Khang"


def test_details_without_a_procedure_are_told_from_account_problems_and_questions():
    from bot.forms.intake import details_without_procedure

    forms = load_forms()
    assert details_without_procedure("Vu Dinh Khoa, 027093006614, 0356l82947", forms)
    assert details_without_procedure("Pham Van Long - 001095012345 - 0912345678", forms)
    assert not details_without_procedure("0912345678 không nhận được OTP", forms)
    assert not details_without_procedure("Nguyễn Văn A 0912345678 đăng ký tạm trú", forms)  # names its form
    assert not details_without_procedure("hồ sơ của tôi đâu 0912345678?", forms)
    assert not details_without_procedure("chào em", forms)
