from core.text.normalize import fold, has_diacritics, normalize_text, normalize_word


def test_fold_removes_all_vietnamese_marks_and_d_bar():
    assert fold("Đăng ký khai sinh ở đâu") == "dang ky khai sinh o dau"
    assert fold("Ủy ban nhân dân phường") == "uy ban nhan dan phuong"


def test_has_diacritics():
    assert has_diacritics("đi") and has_diacritics("khai sinh ở đâu")
    assert not has_diacritics("lam giay khai sinh o dau")


def test_teencode_and_abbreviations_expand():
    assert normalize_text("ko dc j ntn") == "khong duoc gi nhu the nao"
    assert normalize_word("cccd") == "can cuoc cong dan"
    assert normalize_word("khai") == "khai"


def test_regional_words_only_with_their_diacritics():
    assert normalize_word("mô") == "dau"       # Central: mô = đâu
    assert normalize_word("mo") == "mo"         # could be "mở": left alone
    assert normalize_text("khai sanh ở mô") == "khai sinh o dau"


def test_central_mo_after_a_time_word_asks_when():
    # "chừng mô" is "bao giờ", not "where"; alone, "mô" stays "đâu"
    assert normalize_text("chừng mô mới có kết quả") == "chung nao moi co ket qua"
    assert normalize_text("Bữa mô thì lấy được") == "bua nao thi lay duoc"
    assert normalize_text("nộp ở mô rứa") == "nop o dau vay"
    assert normalize_text("chung mo co") == "chung mo co"   # folded "mo" may be "mở"
    assert normalize_text("chừ mô làm được") == "gio dau lam duoc"   # "chừ" is "now": where
