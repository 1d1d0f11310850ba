"""Generated name variants: heads of long names and citizen-worded copies."""
from __future__ import annotations

from pathlib import Path

from knowledge.search import ProcedureSearch
from knowledge.search.settings import SearchSettings
from knowledge.search.text import fold
from knowledge.search.variants import Rewrite, citizen_wording, load_rewrites, name_head, name_variants

PERMIT_RENEWAL = ("Gia hạn giấy phép xây dựng đối với công trình cấp III, cấp IV (công trình không theo tuyến) "
                  "và nhà ở riêng lẻ")


def rewrite(official: str, citizen: str) -> Rewrite:
    return Rewrite(tuple(fold(official).split()), tuple(citizen.split()))


def test_head_is_the_name_before_its_qualifiers():
    assert name_head(PERMIT_RENEWAL) == "gia hạn giấy phép xây dựng"
    assert name_head("Thủ tục đăng ký khai sinh có yếu tố nước ngoài") == "đăng ký khai sinh có yếu tố nước ngoài"
    assert name_head("Cấp lại thẻ căn cước (cấp tỉnh)") == "cấp lại thẻ căn cước"


def test_short_or_unqualified_names_have_no_head():
    assert name_head("Đổi giấy phép lái xe") == ""
    assert name_head("Miễn thuế (trường hợp khác)") == ""  # a two-word head says too little


def test_citizen_wording_keeps_diacritics_and_the_rest_of_the_name():
    rewrites = (rewrite("biện pháp bảo đảm", "thế chấp"),)
    assert citizen_wording("Xóa đăng ký biện pháp bảo đảm bằng quyền sử dụng đất", rewrites) == [
        "xóa đăng ký thế chấp bằng quyền sử dụng đất"
    ]
    assert citizen_wording("Đăng ký kết hôn", rewrites) == []


def test_each_citizen_phrase_gives_a_copy_and_longest_official_phrase_wins():
    rewrites = tuple(sorted(
        [rewrite("nước dưới đất", "nước ngầm"), rewrite("khai thác nước dưới đất", "khoan giếng"),
         rewrite("khai thác nước dưới đất", "đào giếng")],
        key=lambda r: -len(r.official),
    ))
    copies = citizen_wording("Đăng ký khai thác nước dưới đất", rewrites)
    assert copies == ["đăng ký khoan giếng", "đăng ký đào giếng"]


def test_shipped_citizen_words_load_and_apply():
    rewrites = load_rewrites()
    assert rewrites and all(r.official and r.citizen for r in rewrites)
    variants = name_variants("Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất", rewrites)
    assert any("thế chấp" in v and "sổ đỏ" in v for v in variants), variants


def test_citizen_words_find_an_uncurated_procedure(tmp_path: Path):
    catalogue = {
        "1.000001": {"code": "1.000001", "name": "Xóa đăng ký biện pháp bảo đảm bằng quyền sử dụng đất",
                     "field": "Đăng ký biện pháp bảo đảm", "level": "Cấp tỉnh"},
        "1.000002": {"code": "1.000002", "name": "Xóa đăng ký thường trú", "field": "Cư trú", "level": "Cấp xã"},
        "1.000003": {"code": "1.000003", "name": "Đăng ký đất đai lần đầu", "field": "Đất đai", "level": "Cấp xã"},
    }
    settings = SearchSettings(embedding_model=str(tmp_path / "none"), curated_dir=tmp_path / "curated",
                              cache_dir=tmp_path / "cache")
    engine = ProcedureSearch(lambda: catalogue, settings, use_dense=False)
    assert engine.search("xoá thế chấp sổ đỏ", limit=1)[0]["code"] == "1.000001"
    assert engine.search("xoa the chap so do", limit=1)[0]["code"] == "1.000001"
    assert engine.search("cắt hộ khẩu", limit=1)[0]["code"] == "1.000002"


def test_long_name_head_beats_a_short_name_sharing_only_the_action(tmp_path: Path):
    catalogue = {
        "1.000010": {"code": "1.000010", "name": PERMIT_RENEWAL, "field": "Xây dựng", "level": "Cấp xã"},
        "1.000011": {"code": "1.000011", "name": "Gia hạn tạm trú", "field": "Cư trú", "level": "Cấp xã"},
    }
    settings = SearchSettings(embedding_model=str(tmp_path / "none"), curated_dir=tmp_path / "curated",
                              cache_dir=tmp_path / "cache")
    engine = ProcedureSearch(lambda: catalogue, settings, use_dense=False)
    hits = engine.search("giay phep xay dung sap het han thi gia han the nao", limit=2)
    assert hits[0]["code"] == "1.000010"
    # Naming exactly the head is a confident match, not a weak one diluted by the qualifiers.
    hits = engine.search("gia hạn giấy phép xây dựng", limit=2)
    assert hits[0]["code"] == "1.000010" and hits[0]["score"] >= 0.8 > hits[1]["score"] + 0.4


def test_english_phrases_are_read_as_catalogue_words(tmp_path: Path):
    from knowledge.search.text import query_words

    assert " ".join(query_words("đăng ký birth certificate cho baby")).startswith("dang ky giay khai sinh")
    assert "thi thuc dien tu" in " ".join(query_words("apply e-visa online"))
    # Vietnamese words that look like nothing English are left alone
    assert query_words("làm sổ đỏ") == ["lam", "so", "do"]
    catalogue = {
        "1.000020": {"code": "1.000020", "name": "Cấp hộ chiếu phổ thông", "field": "Xuất nhập cảnh", "level": "Cấp tỉnh"},
        "1.000021": {"code": "1.000021", "name": "Cấp thị thực cho người nước ngoài", "field": "Xuất nhập cảnh",
                     "level": "Cấp tỉnh"},
    }
    settings = SearchSettings(embedding_model=str(tmp_path / "none"), curated_dir=tmp_path / "curated",
                              cache_dir=tmp_path / "cache")
    engine = ProcedureSearch(lambda: catalogue, settings, use_dense=False)
    assert engine.search("where can I get a passport", limit=1)[0]["code"] == "1.000020"
    assert engine.search("visa for my husband", limit=1)[0]["code"] == "1.000021"


def test_english_function_words_are_dropped_but_vietnamese_homographs_kept():
    from knowledge.search.text import query_words

    assert query_words("What documents do I need to register my baby's birth?") == [
        "dang", "ky", "tre", "em", "khai", "sinh"]
    assert " ".join(query_words("where can I get a red book for my land")) == "so do dat"
    # without English around them, "do", "the", "can" are Vietnamese: đỏ, thẻ, căn
    assert query_words("the can cuoc bi mat, lam so do o dau") == [
        "the", "can", "cuoc", "bi", "mat", "lam", "so", "do", "o", "dau"]
