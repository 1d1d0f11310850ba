"""Tests of the national-catalogue importer (knowledge/importer) and the catalogue loader.

The table strings below are copied from, or shaped exactly like, real records of the raw
catalogue (the record each comes from is named where it matters).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from knowledge.catalogue import load_catalogue, procedures_dir
from knowledge.importer import build_record, import_catalogue
from knowledge.importer.dossier import parse_dossier, split_template
from knowledge.importer.legal_basis import parse_legal_basis
from knowledge.importer.methods import parse_methods
from knowledge.importer.output import dump_record, write_records
from knowledge.importer.result import clean_result
from knowledge.importer.sections import split_sections

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parents[2]
RAW_DIR = Path(os.environ.get("CATALOGUE_DIR") or REPO_ROOT.parent / "shared/data/national-catalogue/raw")


def _fixture_record() -> dict:
    return json.loads((FIXTURES / "raw_record.json").read_text(encoding="utf-8"))


# --- submission methods -------------------------------------------------------------------


def test_multi_row_fee_table_keeps_each_row_with_its_own_time_and_fee():
    # bo-cong-an/1.003358: the same method on several rows, one per card validity.
    table = (
        "Trực tiếp5 Ngày làm việc145 USD(Thẻ tạm trú có thời hạn không quá 02 năm: 145 USD/thẻ.)"
        "Trực tiếp5 Ngày làm việc155 USD(Thẻ tạm trú có thời hạn từ trên 02 năm đến 05 năm: 155 USD/thẻ.)"
        "Dịch vụ bưu chính7 Ngày2,000,000 Việt Nam Đồng"
        "Trực tuyến10 NgàyMiễn phí"
    )
    rows = parse_methods(table).rows
    assert [row["method"] for row in rows] == ["in_person", "in_person", "postal", "online"]
    assert [row["processing_days"] for row in rows] == [5, 5, 7, 10]
    assert rows[0]["fee"] == "145 USD (Thẻ tạm trú có thời hạn không quá 02 năm: 145 USD/thẻ.)"
    assert rows[0]["fee_amount"] is None  # not in đồng
    assert rows[1]["fee"].startswith("155 USD")
    assert rows[2]["fee_amount"] == 2_000_000
    assert rows[3]["fee"] == "Miễn phí" and rows[3]["fee_amount"] == 0


def test_free_fee_bare_time_and_no_information():
    # bo-tu-phap/1.001193 writes the time without a unit; "Không có thông tin" means empty.
    rows = parse_methods("Trực tuyến1Miễn phíDịch vụ bưu chínhKhông có thông tinKhông có thông tin").rows
    assert rows[0] == {
        "method": "online",
        "processing_time": "1",
        "processing_days": 1,
        "fee": "Miễn phí",
        "fee_amount": 0,
        "fee_set_by_province": False,
        "description": None,
    }
    assert rows[1]["processing_time"] is None and rows[1]["processing_days"] is None
    assert rows[1]["fee"] is None and rows[1]["fee_amount"] is None


@pytest.mark.parametrize(
    "table",
    [
        # bo-tu-phap/1.000080
        "Trực tuyến7Miễn phí(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương "
        "quyết định. Miễn lệ phí cho người thuộc hộ nghèo.)",
        # bo-tai-chinh/1.001266
        "Trực tuyến1Miễn phí(Mức lệ phí (nếu có) theo quy định của Hội đồng nhân dân cấp tỉnh.)",
        # bo-nong-nghiep-mt: set by the provincial People's Committee
        "Trực tiếp15 Ngày làm việcMiễn phí(do Ủy ban nhân dân cấp tỉnh quy định.)",
        # only the description says so, the fee cell is empty
        "Trực tiếp5 NgàyKhông có thông tinPhí, lệ phí (nếu có): Hội đồng nhân dân cấp tỉnh quyết định đối với "
        "hoạt động đăng ký do cơ quan địa phương thực hiện.",
    ],
)
def test_fee_set_by_each_province_is_flagged_and_has_no_amount(table):
    row = parse_methods(table).rows[0]
    assert row["fee_set_by_province"] is True
    assert row["fee_amount"] is None


def test_fee_not_set_by_province_is_not_flagged():
    row = parse_methods("Trực tuyến2 Ngày làm việc70,000 VNĐ(70.000 đồng/Giấy chứng nhận)").rows[0]
    assert row["fee_set_by_province"] is False
    assert row["fee_amount"] == 70_000


def test_bare_time_glued_to_fee_amount_is_split_using_the_note():
    # bo-tai-chinh/1.000014: time "1" glued to the fee "20 VNĐ", the note spells out 20.000 đồng.
    rows = parse_methods("Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp1100 VNĐ(100.000 đồng/lần)").rows
    assert [row["processing_time"] for row in rows] == ["1", "1"]
    assert rows[0]["fee"] == "20 VNĐ (20.000 vnđ /tờ khai)"
    assert rows[0]["fee_amount"] == 20_000
    assert rows[1]["fee_amount"] == 100_000


def test_free_head_with_sums_in_note():
    one_sum = parse_methods("Trực tiếp7 Ngày làm việcMiễn phí(150.000 đồng/giấy)").rows[0]
    per_case = parse_methods(
        "Trực tiếp7 Ngày làm việcMiễn phí(- Dưới 5 tấn: 50.000 đồng/giấy; - Từ 5 tấn đến 15 tấn: 100.000 đồng/giấy)"
    ).rows[0]
    assert one_sum["fee_amount"] == 150_000
    assert per_case["fee_amount"] is None


def test_hours_are_kept_as_text_but_not_converted_to_days():
    row = parse_methods("Trực tuyến8 GiờMiễn phí").rows[0]
    assert row["processing_time"] == "8 Giờ"
    assert row["processing_days"] is None


def test_method_words_inside_a_description_do_not_start_a_row():
    table = (
        "Trực tuyến7 Ngày làm việcMiễn phí- Trực tiếp: nộp hồ sơ trực tiếp tại Bộ phận Một cửa."
        "Dịch vụ bưu chính7 Ngày làm việcMiễn phí"
    )
    rows = parse_methods(table).rows
    assert [row["method"] for row in rows] == ["online", "postal"]
    assert rows[0]["description"] == "- Trực tiếp: nộp hồ sơ trực tiếp tại Bộ phận Một cửa."


# --- dossier ------------------------------------------------------------------------------


def test_glued_dossier_counts_split_rows():
    section = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượngGiấy khai sinh1 bản chính"
        "Ảnh chụp hiện trạng cây xanh0 bản chính,1 bản sao"
        "Biên bản xác minh2 bản chính"
    )
    result = parse_dossier(section)
    assert result.status == "ok"
    assert [(row["name"], row["copies"]) for row in result.components] == [
        ("Giấy khai sinh", "1 bản chính"),
        ("Ảnh chụp hiện trạng cây xanh", "0 bản chính, 1 bản sao"),
        ("Biên bản xác minh", "2 bản chính"),
    ]
    assert result.note is None


def test_count_quoted_inside_a_sentence_is_not_a_cell():
    section = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượng"
        "Số lượng01 bản sao có chứng thực giấy tờ do cơ quan có thẩm quyền cấp1 bản chính"
    )
    components = parse_dossier(section).components
    assert len(components) == 1
    assert components[0]["copies"] == "1 bản chính"
    assert "01 bản sao có chứng thực" in components[0]["name"]


@pytest.mark.parametrize(
    ("cell", "name", "template"),
    [
        (
            "Tờ khai đề nghị cấp thị thực (mẫu NA5) ban hành kèm theo Thông tư số 22/2023/TT-BCA ngày "
            "30/6/2023 của Bộ Công an.NA5.doc",
            "Tờ khai đề nghị cấp thị thực (mẫu NA5) ban hành kèm theo Thông tư số 22/2023/TT-BCA ngày "
            "30/6/2023 của Bộ Công an.",
            "NA5.doc",
        ),
        (
            "Văn bản đề nghị theo Mẫu số 01 Phụ lục I của Nghị định số 258/2025/NĐ-CPMẫu số 01.docx",
            "Văn bản đề nghị theo Mẫu số 01 Phụ lục I của Nghị định số 258/2025/NĐ-CP",
            "Mẫu số 01.docx",
        ),
        ("Tờ khai xóa đăng ký theo mẫuMuTkhaixaK.docx", "Tờ khai xóa đăng ký theo mẫu", "MuTkhaixaK.docx"),
        ("Giấy miễn thị thực.", "Giấy miễn thị thực.", None),
    ],
)
def test_form_template_is_cut_from_the_component_name(cell, name, template):
    assert split_template(cell) == (name, template)


def test_group_headings_go_to_components_and_note():
    section = (
        "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai đăng ký khai sinh1 bản chính"
        "* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượngHộ chiếu hoặc thẻ căn cước1 bản chính"
    )
    result = parse_dossier(section)
    assert [row["group"] for row in result.components] == ["Giấy tờ phải nộp", "Giấy tờ phải xuất trình"]
    assert result.note == "* Giấy tờ phải nộp:\n* Giấy tờ phải xuất trình:"


@pytest.mark.parametrize("section", ["", "--", "----", "Không có thông tin"])
def test_missing_dossier_is_empty(section):
    result = parse_dossier(section)
    assert result.status == "empty"
    assert result.components == [] and result.note is None


# --- legal basis --------------------------------------------------------------------------


def test_legal_basis_numbers_follow_titles():
    # bo-tu-phap/1.000080, shortened.
    section = (
        "Tên văn bản pháp lýMã văn bản"
        "Thông tư Hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh85/2019/TT-BTC"
        "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của  Chính phủ quy định chi tiết Luật Hộ tịch123/2015/NĐ-CP"
        "Thông tư số 08/2025/TT-BTP ngày 12/6/2025 của Bộ trưởng Bộ Tư pháp08/2025/TT-BTP "
        "Nghị quyết số 66.7/2025/NQ-CP của Chính phủ66.7/2025/NQ-CP"
        "Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư phápThông tư số 03/2023/TT-BTP"
        "Nghị định 42/2020/NĐ-CP42/2020/NĐ-CP"
        "Luật 60/2014/QH1360/2014/QH13"
    )
    result = parse_legal_basis(section)
    assert result.status == "ok"
    assert [doc["number"] for doc in result.documents] == [
        "85/2019/TT-BTC",
        "123/2015/NĐ-CP",
        "08/2025/TT-BTP",
        "66.7/2025/NQ-CP",
        "03/2023/TT-BTP",
        "42/2020/NĐ-CP",
        "60/2014/QH13",
    ]
    titles = [doc["title"] for doc in result.documents]
    assert titles[1] == (
        "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch"
    )
    assert titles[4] == "Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp"
    assert titles[6] == "Luật 60/2014/QH13"


def test_legal_number_glued_to_a_lowercase_or_capitalised_next_title():
    section = (
        "Tên văn bản pháp lýMã văn bảnQuy định về hàng không dân dụng15/2024/NĐ-CP"
        "về kinh doanh vận chuyển hàng không92/2016/NĐ-CPQUY ĐỊNH MỨC THU PHÍ25/2021/TT-BTC"
    )
    documents = parse_legal_basis(section).documents
    assert [doc["number"] for doc in documents] == ["15/2024/NĐ-CP", "92/2016/NĐ-CP", "25/2021/TT-BTC"]
    assert documents[2]["title"] == "QUY ĐỊNH MỨC THU PHÍ"


def test_legal_basis_without_information_is_empty():
    result = parse_legal_basis("Không có thông tin")
    assert result.status == "empty" and result.documents == []


# --- result, sections, whole record -------------------------------------------------------


def test_result_cleanup_drops_codes_and_page_chrome():
    raw = _fixture_record()["raw_text"]
    assert clean_result(split_sections(raw).result) == "Giấy khai sinh\nTrích lục đăng ký khai sinh"
    assert clean_result("Gia hạn tạm trú (không quá 06 tháng)Mã: KQ.G01.000074") == (
        "Gia hạn tạm trú (không quá 06 tháng)"
    )
    assert clean_result("Không có thông tin") is None
    assert clean_result(None) is None


def test_sections_follow_the_page_layout_not_quoted_headings():
    raw = _fixture_record()
    sections = split_sections(raw["raw_text"])
    # The crawler's field stopped at "theo quy định tại mục Thành phần hồ sơ"; the steps go on.
    assert "Bước 3: Nhận kết quả." in sections.steps
    assert len(raw["trinh_tu_thuc_hien"]) < len(sections.steps)
    assert "Chọn cơ quan thực hiện" not in (sections.result or "")


def test_fixture_record_builds_the_documented_schema():
    imported = build_record(_fixture_record(), "bo-tu-phap")
    data = imported.data
    assert list(data) == [
        "code", "name", "field", "level", "kind", "decision", "ministry", "agencies",
        "submission_address", "applicants", "steps", "submission_methods", "dossier_components",
        "dossier_note", "conditions", "result", "legal_basis", "related_procedures", "source_url",
        "online_available", "full_online",
    ]  # fmt: skip
    assert data["code"] == "9.000001" and data["ministry"] == "bo-tu-phap"
    assert data["agencies"] == {
        "implementing": "Ủy ban nhân dân cấp xã", "competent": None, "authorized": None, "coordinating": None,
    }  # fmt: skip
    assert data["steps"] == [
        "Bước 1: Chuẩn bị hồ sơ theo quy định tại mục Thành phần hồ sơ.",
        "Bước 2: Nộp hồ sơ trực tuyến hoặc trực tiếp.",
        "Bước 3: Nhận kết quả.",
    ]
    assert [row["method"] for row in data["submission_methods"]] == ["online", "postal", "in_person"]
    assert data["submission_methods"][0]["fee_set_by_province"] is True
    assert data["submission_methods"][1]["fee_amount"] == 50_000
    assert data["dossier_components"][0]["form_template"] == "Mẫu số 01.docx"
    assert data["dossier_components"][1]["copies"] == "1 bản chính, 1 bản sao"
    assert [doc["number"] for doc in data["legal_basis"]] == ["123/2015/NĐ-CP", "60/2014/QH13"]
    assert data["conditions"] is None  # "Không có thông tin"
    assert data["related_procedures"] is None
    assert data["result"] == "Giấy khai sinh\nTrích lục đăng ký khai sinh"
    assert data["online_available"] is True
    assert data["full_online"] is None
    assert imported.statuses["conditions"] == "empty"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Đăng ký xe tạm thời thực hiện bằng dịch vụ công  trực  tuyến toàn trình", True),
        ("Đăng ký xe lần đầu trực tuyến toàn trình đối với xe nhập khẩu", True),
        ("Đăng ký xe tạm thời thực hiện bằng dịch vụ công trực tuyến một phần hoặc trực tiếp", False),
        ("Cho phép chuyển nhượng toàn bộ hoặc một phần dự án bất động sản", None),
        ("Thủ tục đăng ký khai sinh", None),
    ],
)
def test_full_online_comes_only_from_the_name(name, expected):
    raw = _fixture_record()
    raw["raw_text"] = raw["raw_text"].replace(raw["ten_thu_tuc"], name)
    raw["ten_thu_tuc"] = name
    # Steps that mention "toàn trình" in passing must not make it up.
    raw["raw_text"] = raw["raw_text"].replace(
        "Bước 3:", "Hồ sơ đủ điều kiện dịch vụ công trực tuyến toàn trình. Bước 3:"
    )
    assert build_record(raw, "bo-cong-an").data["full_online"] is expected


# --- output and loader --------------------------------------------------------------------


def test_yaml_output_is_deterministic_and_loads_back(tmp_path):
    data = build_record(_fixture_record(), "bo-tu-phap").data
    assert dump_record(data) == dump_record(json.loads(json.dumps(data)))
    write_records({data["code"]: data}, tmp_path)
    first = (tmp_path / "9.000001.yml").read_text(encoding="utf-8")
    assert "Thủ tục đăng ký khai sinh" in first  # unicode kept, not escaped
    write_records({data["code"]: data}, tmp_path)
    assert (tmp_path / "9.000001.yml").read_text(encoding="utf-8") == first
    loaded = load_catalogue(tmp_path)
    assert loaded["9.000001"] == data
    assert load_catalogue(tmp_path) is loaded  # cached


def test_stale_procedure_files_are_removed(tmp_path):
    (tmp_path / "1.000000.yml").write_text("code: '1.000000'\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("kept\n", encoding="utf-8")
    data = build_record(_fixture_record(), "bo-tu-phap").data
    write_records({data["code"]: data}, tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["9.000001.yml", "README.md"]


# --- the real catalogue -------------------------------------------------------------------

needs_catalogue = pytest.mark.skipif(not RAW_DIR.is_dir(), reason=f"raw catalogue not found at {RAW_DIR}")

# Fields whose records may be 'partial' or 'unparseable' because of defects of the source itself
# (rows without a number cell, count cells without a name, a fee cell "Phí : Đồng" with no sum).
# Measured on the July 2026 crawl: legal_basis 22 partial, dossier 8 partial, fee 3 unparseable,
# 0 elsewhere. 1.5% of the catalogue (39 records) leaves room for such defects in a new crawl while a
# parser regression (it breaks hundreds of records at once) still fails.
MAX_UNPARSED_SHARE = 0.015


@pytest.fixture(scope="module")
def catalogue_import():
    return import_catalogue(RAW_DIR, None)


@needs_catalogue
def test_whole_catalogue_imports(catalogue_import):
    records, report = catalogue_import
    assert report.records_read == len(list(RAW_DIR.glob("*/*.json"))) > 0
    assert report.failures == {}
    assert len(records) == report.records_read
    limit = MAX_UNPARSED_SHARE * report.records_read
    for field_name in ("submission_methods", "dossier_components", "legal_basis", "fee_amount", "steps"):
        bad = report.count(field_name, "partial") + report.count(field_name, "unparseable")
        assert bad <= limit, f"{field_name}: {bad} records not parsed (limit {limit:.0f})"


@needs_catalogue
def test_whole_catalogue_never_invents_full_online(catalogue_import):
    records, _ = catalogue_import
    for record in records.values():
        if record["full_online"] is not None:
            assert "toàn trình" in record["name"] or "một phần" in record["name"]


@needs_catalogue
def test_committed_procedure_files_match_the_importer(catalogue_import):
    records, _ = catalogue_import
    folder = procedures_dir()
    assert sorted(path.stem for path in folder.glob("*.yml")) == sorted(records)
    for code in sorted(records)[::100]:
        assert (folder / f"{code}.yml").read_text(encoding="utf-8") == dump_record(records[code]), code


def test_committed_catalogue_loads():
    catalogue = load_catalogue()
    if not catalogue:
        pytest.skip("knowledge/procedures not generated")
    record = next(iter(catalogue.values()))
    assert set(record) >= {"code", "name", "submission_methods", "dossier_components", "legal_basis"}
    assert all(code == data["code"] for code, data in catalogue.items())
    assert yaml.safe_load(dump_record(record)) == record
