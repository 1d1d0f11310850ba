"""How citizens write to a form: regional kin words, waiting asked mid-message, a correction naming
only the kind of value, a number of the wrong length after its label, sentences after an address."""
from bot.forms.language import asks_to_wait
from tests.forms.conftest import say, text_of

KHAI_SINH, TAM_TRU, GIA_HAN = "1.001193", "1.004194", "1.002755"


def test_central_kin_words_name_the_baby_and_the_mother(engine_for):
    engine = engine_for(KHAI_SINH)
    state = engine.start(None, "Cho tui làm khai sinh cho đứa con gái mới đẻ với, sinh ngày 10/11/2024").state
    turn = say(engine, state, "Tên hắn là Lê Ngọc Bảo Trâm, đẻ ở Bệnh viện Trung ương Huế")
    assert turn.state["values"]["child_name"] == "Lê Ngọc Bảo Trâm"
    turn = say(engine, turn.state, "Mạ hắn là Hồ Thị Diệu")
    assert turn.state["values"]["mother_name"] == "Hồ Thị Diệu"


def test_be_la_before_a_full_name_is_the_babys_name_not_its_sex(engine_for):
    engine = engine_for(KHAI_SINH)
    state = engine.start(None, "Mình cần làm giấy khai sinh cho con").state
    values = say(engine, state, "Bé là Tạ Quỳnh Chi, bé gái").state["values"]
    assert (values["child_name"], values["child_sex"]) == ("Tạ Quỳnh Chi", "Nữ")


def test_a_number_of_the_wrong_length_after_its_label_is_refused_with_the_reason(engine_for):
    engine = engine_for(TAM_TRU)
    state = engine.start(None, "đăng ký tạm trú").state
    turn = say(engine, state, "tên Lê Văn An, căn cước 00109001234")
    assert turn.state["values"] == {"full_name": "Lê Văn An"}
    assert "12 chữ số" in text_of(turn) and "11 chữ số" in text_of(turn)
    turn = say(engine, engine.start(None, "đăng ký tạm trú").state, "tên Lê Văn An, sđt 091234567, cccd 001090012345")
    assert turn.state["values"]["id_number"] == "001090012345" and "phone" not in turn.state["values"]
    assert "9 chữ số" in text_of(turn)


def test_a_correction_naming_only_the_kind_of_value_changes_the_one_field_of_that_kind(engine_for):
    engine = engine_for(GIA_HAN)
    state = engine.start(None, "gia hạn tạm trú").state
    state = say(engine, state, "e tên Mai Tuấn Kiệt, cc 079203008815, sdt 0762 418 339", "gh đến 31/08/2026 nha").state
    assert state["current"] == "temporary_address" and state["values"]["stay_until"] == "31/08/2026"
    turn = say(engine, state, "ê khoan, đổi ngày thành 30/09/2026 nha, e ở thêm 1 tháng nữa")
    assert turn.state["values"]["stay_until"] == "30/09/2026"
    assert "temporary_address" not in turn.state["values"] and turn.state["current"] == "temporary_address"


def test_an_address_ends_at_its_sentence_and_a_room_number_starts_one(engine_for, forms):
    from bot.forms.reading import read_message

    form = forms[GIA_HAN]
    found = {x.field.name: x.raw for x in read_message(
        form, {}, form.field("temporary_address"),
        "Nhà con trai bác ở số 6 ngõ 140 Nguyễn Xiển, phường Khương Đình, Hà Nội. Bác muốn ở đến ngày 31 tháng 12 năm 2025.")}
    assert found["temporary_address"] == "số 6 ngõ 140 Nguyễn Xiển, phường Khương Đình, Hà Nội"
    found = {x.field.name: x.raw for x in read_message(
        form, {}, None, "e tên Mai Tuấn Kiệt, ở p.1208 toà S2.05 Vinhomes Grand Park, phường Long Bình, TP HCM")}
    assert found["temporary_address"] == "p.1208 toà S2.05 Vinhomes Grand Park, phường Long Bình, TP HCM"


def test_waiting_asked_anywhere_in_the_message():
    assert asks_to_wait("Thế thì được. Căn cước thì để bác bảo thằng con lấy trong tủ đã, cháu đợi bác tí nhé.")
    assert asks_to_wait("để tôi tìm cái căn cước đã") and asks_to_wait("doi minh xiu nhe")
    assert not asks_to_wait("cho chút thông tin") and not asks_to_wait("tên tôi là Lê Văn Tí")


def test_each_spouse_keeps_the_number_said_after_their_name(forms):
    from bot.forms.reading import read_message

    text = ("Đăng ký kết hôn cho vợ chồng em ạ. Anh ấy là Vương Quốc Khải, số định danh 024094003671; "
            "em là Lục Thị Mai, số định danh 020196008814; sđt 0399 572 061")
    found = {x.field.name: x.raw for x in read_message(forms["1.000894"], {}, None, text)}
    assert (found["groom_name"], found["groom_id"]) == ("Vương Quốc Khải", "024094003671")
    assert found["bride_id"] == "020196008814"


def test_a_southern_not_this_but_that_correction_of_a_number(engine_for):
    engine = engine_for("1.000894")
    state = engine.start(None, "đăng ký kết hôn dùm tui").state
    state = say(engine, state, "vợ: Huỳnh Thị Bé Ngoan, căn cước 095300006128",
                "chồng: Tăng Văn Lộc, căn cước 095098011437", "sđt 0344 108 752").state
    turn = say(engine, state, "ủa căn cước chồng là 095098011473 chớ hổng phải 095098011437, tui ghi lộn")
    assert turn.state["values"]["groom_id"] == "095098011473"


def test_the_writer_introducing_herself_fills_her_side_and_ong_can_be_a_family_name(engine_for):
    engine = engine_for("1.000894")
    values = engine.start(None, "Em đăng ký kết hôn online được không ạ? Chồng em tên Ông Thế Vinh, cccd 068092005574, "
                                "em là Nông Thị Hồng, cccd 068194012330, sđt 0817 332 469").state["values"]
    assert (values["groom_name"], values["groom_id"]) == ("Ông Thế Vinh", "068092005574")
    assert (values["bride_name"], values["bride_id"]) == ("Nông Thị Hồng", "068194012330")
    values = engine.start(None, "đăng ký kết hôn, chồng là ông Nguyễn Văn Ba, cccd 001095012345").state["values"]
    assert values["groom_name"] == "Nguyễn Văn Ba"  # "ông" before a family name is only the title


def test_a_name_restated_for_the_other_side_corrects_that_side(engine_for):
    engine = engine_for("1.000894")
    state = engine.start(None, "Đăng ký kết hôn cho vợ chồng em ạ. Anh ấy là Vương Quốc Khải, số định danh 024094003671; "
                               "em là Lục Thị Mai, số định danh 020196008814; sđt 0399 572 061").state
    values = say(engine, state, "À chị ơi tên em là Lục Thị Mai Anh, em gõ thiếu chữ Anh ạ.").state["values"]
    assert (values["groom_name"], values["bride_name"]) == ("Vương Quốc Khải", "Lục Thị Mai Anh")
