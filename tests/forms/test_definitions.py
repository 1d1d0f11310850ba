"""The shipped form files follow the schema and match the knowledge base; broken files are refused."""
import re
from pathlib import Path

import pytest

from knowledge.catalogue import load_catalogue
from knowledge.flows.forms import FORMS_DIR, FormDefinitionError, load_form, load_forms, parse_form

SHIPPED = {"1.004194": "CT01", "1.002755": "CT01", "1.004222": "CT01", "1.001193": "khai sinh", "3.000333": "03/2013/TT-LLTP",
           "1.000894": "kết hôn", "2.000635": "Trích lục hộ tịch"}


@pytest.mark.parametrize("code,marker", SHIPPED.items())
def test_each_shipped_form_loads_strictly_and_names_its_official_form(code, marker):
    form = load_form(FORMS_DIR / f"{code}.yml")
    assert form.procedure_code == code and marker in form.title
    record = load_catalogue()[code]
    groups = {item.get("group") for item in record["dossier_components"]}
    spec = form.attachments
    named = list(spec.get("groups") or []) + [g for gs in (spec.get("by_choice") or {}).get("groups", {}).values() for g in gs]
    assert set(named) <= groups, "attachment groups must exist in the catalogue record"
    for field in form.questions({}):
        assert field.prompt.endswith(("?", ".", "ạ", "\"")), field.name
    assert "phone" in {f.from_profile for f in form.profile_fields()}
    traced = [f.trace for f in form.fields if f.asked]
    assert len(traced) == len(set(traced)) and all(re.fullmatch(r"[a-z][a-z0-9_]*", t) for t in traced)
    assert form.to_ask({}), "a form asks for something"
    assert all(f.optional or f.ask or f.default or f.derive for f in form.fields if f.asked) or True


CONTRACT = {  # ../shared/contract/trace.md, section "Form fields"
    "1.004194": {"ho_ten", "so_dinh_danh", "so_dien_thoai", "dia_chi_tam_tru", "tam_tru_den_ngay"},
    "1.002755": {"ho_ten", "so_dinh_danh", "so_dien_thoai", "dia_chi_tam_tru", "tam_tru_den_ngay"},
    "1.001193": {"ho_ten_tre", "ngay_sinh_tre", "gioi_tinh_tre", "noi_sinh_tre", "ho_ten_me", "so_dinh_danh_me",
                 "ho_ten_cha", "so_dinh_danh_cha", "so_dien_thoai"},
    "3.000333": {"ho_ten", "ngay_sinh", "so_dinh_danh", "so_dien_thoai", "noi_thuong_tru", "loai_phieu", "muc_dich"},
}
# forms the contract lists under "any other form": the names their definition gives (asked, for a relative's record)
ASKED_OWN_NAMES = {
    "2.000635": {"ho_ten_nguoi_yeu_cau", "so_dinh_danh_nguoi_yeu_cau", "so_dien_thoai", "loai_giay_to",
                 "quan_he_voi_nguoi_duoc_cap", "ho_ten_nguoi_duoc_cap", "ngay_sinh_nguoi_duoc_cap", "noi_dang_ky"},
}


@pytest.mark.parametrize("code", CONTRACT)
def test_the_contract_fields_are_exactly_what_is_asked(code):
    form = load_form(FORMS_DIR / f"{code}.yml")
    asked = {f.trace for f in form.to_ask({"father_name": "Nguyễn Văn An"})}
    assert asked == CONTRACT[code]


@pytest.mark.parametrize("code", ASKED_OWN_NAMES)
def test_other_forms_ask_their_listed_snake_case_fields(code):
    form = load_form(FORMS_DIR / f"{code}.yml")
    assert {f.trace for f in form.to_ask({"relation": "Cha, mẹ"})} == ASKED_OWN_NAMES[code]
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", f.trace) and f.trace.isascii() for f in form.fields if f.asked)


def test_civil_status_copy_form_has_the_official_fields_and_asks_no_name_twice():
    form = load_form(FORMS_DIR / "2.000635.yml")
    labels = [f.label for f in form.fields]
    for label in ("Họ, chữ đệm, tên người yêu cầu", "Nơi cư trú", "Số định danh cá nhân",
                  "Quan hệ với người được cấp bản sao", "Họ, chữ đệm, tên người được cấp bản sao",
                  "Ngày, tháng, năm sinh", "Đã đăng ký tại", "Số lượng bản sao đề nghị cấp", "Kính gửi"):
        assert label in labels
    # the requester's own record: the person on it is the requester, not asked again
    assert "ho_ten_nguoi_duoc_cap" not in {f.trace for f in form.to_ask({"relation": "Bản thân"})}
    assert [c.title for c in form.field("relation").choices][0] == "Bản thân"
    assert form.field("agency").default and not form.field("agency").ask


def test_ct01_has_the_official_fields():
    form = load_form(FORMS_DIR / "1.004194.yml")
    labels = [f.label for f in form.fields]
    for label in ("Họ, chữ đệm và tên", "Ngày, tháng, năm sinh", "Giới tính", "Số định danh cá nhân",
                  "Số điện thoại liên hệ", "Email", "Họ, chữ đệm và tên chủ hộ", "Mối quan hệ với chủ hộ",
                  "Số định danh cá nhân của chủ hộ", "Nội dung đề nghị",
                  "Những thành viên trong hộ gia đình cùng thay đổi"):
        assert label in labels


def test_adding_a_form_is_adding_a_file(tmp_path):
    source = (FORMS_DIR / "1.004194.yml").read_text(encoding="utf-8")
    (tmp_path / "1.004194.yml").write_text(source, encoding="utf-8")
    assert list(load_forms(tmp_path)) == ["1.004194"]
    (tmp_path / "1.004222.yml").write_text(source.replace('"1.004194"', '"1.004222"'), encoding="utf-8")
    assert sorted(load_forms(tmp_path)) == ["1.004194", "1.004222"]
    (tmp_path / "9.000001.yml").write_text("procedure_code: [broken", encoding="utf-8")
    assert sorted(load_forms(tmp_path)) == ["1.004194", "1.004222"]  # a broken file is skipped
    assert load_forms(Path("/nonexistent")) == {}


@pytest.mark.parametrize("change,problem", [
    (lambda d: d["fields"][0].update(type="colour"), "unknown type"),
    (lambda d: d["fields"][1].pop("example"), "example"),
    (lambda d: d["fields"][0].update(when={"field": "later"}), "earlier field"),
    (lambda d: d["fields"].append(dict(d["fields"][0])), "duplicate"),
    (lambda d: d["fields"][1].update(from_profile="religion"), "from_profile"),
    (lambda d: d["fields"].append({"name": "x", "label": "X", "type": "computed", "template": "{nope}"}), "unknown"),
    (lambda d: d.update(procedure_code="abc"), "procedure_code"),
])
def test_schema_errors_are_explained(change, problem):
    import yaml

    data = yaml.safe_load((FORMS_DIR / "1.004194.yml").read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(FormDefinitionError, match=problem):
        parse_form(data, "test.yml")


@pytest.mark.parametrize("text,code", [
    ("giúp tôi điền tờ khai đăng ký tạm trú", "1.004194"),
    ("giup toi dien to khai dang ky tam tru", "1.004194"),
    ("tôi muốn đăng ký thường trú cho con ngay", "1.004222"),
    ("điền hộ tôi mẫu tờ khai khai sinh cho bé", "1.001193"),
    ("làm giúp tôi tờ khai lý lịch tư pháp", "3.000333"),
    ("lam giup toi to khai ly lich tu phap", "3.000333"),
    ("tôi muốn xin bản sao giấy khai sinh", "2.000635"),
    ("xin trích lục khai sinh bản sao cho con", "2.000635"),
    ("xin ban sao giay khai sinh", "2.000635"),
    ("cấp lại giấy khai sinh bản sao", "2.000635"),
    ("làm khai sinh cho bé", "1.001193"),  # registering a birth is not a copy
    ("tôi muốn nộp hồ sơ luôn", None),
    ("bắt đầu làm hồ sơ cấp hộ chiếu cho tôi", None),
])
def test_the_form_is_recognised_in_free_words(forms, text, code):
    from bot.forms.choose import match_form

    assert match_form(text, forms) == code


def test_the_search_is_asked_only_without_an_alias_and_only_for_known_forms(forms):
    from bot.forms.choose import match_form

    asked = []
    assert match_form("xin cấp giấy", forms, resolve=lambda t: asked.append(t) or "1.004194") == "1.004194"
    assert match_form("xin cấp hộ chiếu", forms, resolve=lambda t: "1.000001") is None
    assert match_form("đăng ký tạm trú", forms, resolve=lambda t: asked.append(t)) == "1.004194" and len(asked) == 1
