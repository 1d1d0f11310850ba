"""Corrections found by the value they restate or swap, not by a label."""
from bot.forms.restate import find_restatement

VALUES = {"full_name": "Hồ Văn Lực", "temporary_address": "27 kiệt 5 Chi Lăng, phường Phú Xuân, thành phố Huế",
          "stay_until": "31/03/2028", "phone": "0905 318 274"}


def test_a_restated_address_after_a_colon_replaces_the_address():
    found = find_restatement(VALUES, "à mà khoan, số nhà là 29 chứ không phải 27, em sửa lại giùm tui: "
                                     "29 kiệt 5 Chi Lăng, phường Phú Xuân, thành phố Huế")
    assert found is not None and found.field_name == "temporary_address"
    assert found.value == "29 kiệt 5 Chi Lăng, phường Phú Xuân, thành phố Huế"


def test_a_swapped_word_is_replaced_in_the_one_value_holding_it():
    found = find_restatement(VALUES, "à nhầm, 29 chứ không phải 27")
    assert found is not None and (found.field_name, found.value) == (
        "temporary_address", "29 kiệt 5 Chi Lăng, phường Phú Xuân, thành phố Huế")
    reversed_found = find_restatement(VALUES, "không phải 2028 mà là 2027 nhé")
    assert reversed_found is not None and (reversed_found.field_name, reversed_found.value) == ("stay_until", "31/03/2027")


def test_no_correction_word_or_an_ambiguous_swap_changes_nothing():
    assert find_restatement(VALUES, "29 kiệt 5 Chi Lăng, phường Phú Xuân") is None
    assert find_restatement({"a": "số 5 ngõ 5"}, "nhầm, 6 chứ không phải 5") is None
    assert find_restatement(VALUES, "sửa lại: Hà Nội") is None


def test_words_are_swapped_only_with_a_correction_word():
    values = {"relation": "con", "owner_name": "Lê Văn Chủ Hộ"}
    assert find_restatement(values, "tôi không phải chủ hộ") is None
    assert find_restatement({"relation": "con ruột"}, "nhầm, cháu chứ không phải con").value == "cháu ruột"


def test_a_word_written_with_other_diacritics_is_no_label():
    from bot.forms.reading import read_message
    from knowledge.flows.forms import load_forms

    form = load_forms()["1.004194"]
    story = ("bác lên Hà Nội ở với con trai để trông cháu nội. Công an phường bảo bác phải đăng ký tạm trú, "
             "cháu làm giúp bác với")
    assert not [x for x in read_message(form, {}, None, story) if x.field.type == "address"]  # "Nội ở" ≠ "nơi ở"
    unaccented = read_message(form, {}, None, "noi o: so 5 ngo 7 Lang Ha, phuong Lang, Ha Noi")
    assert [x.raw for x in unaccented if x.field.type == "address"] == ["so 5 ngo 7 Lang Ha, phuong Lang, Ha Noi"]
