"""The dialogue scorer reads only the trace summary and is strict where the contract is exact."""
from tests.evaluation.dialogue_eval import score

FORM = {"id": "x", "kind": "form", "procedure": "1.004194",
        "expect": {"stage": "submitted", "fields": {"ho_ten": "Nguyễn Văn An", "so_dien_thoai": "0912345678",
                                                     "dia_chi_tam_tru": "phòng 12, số 5 ngõ 3 Láng Hạ"}}}


def _summary(stage: str, **fields) -> dict:
    return {"forms": [{"procedure": "1.004194", "stage": stage, "fields": fields}]}


def test_a_confirmed_form_with_every_field_passes_and_free_text_is_compared_loosely():
    ok, _ = score(FORM, _summary("submitted", ho_ten="Nguyễn Văn An", so_dien_thoai="0912 345 678",
                                 dia_chi_tam_tru="Phòng 12, số 5, ngõ 3 Láng Hạ"))
    assert ok


def test_a_wrong_digit_an_unconfirmed_form_or_a_missing_form_fails():
    assert not score(FORM, _summary("submitted", ho_ten="Nguyễn Văn An", so_dien_thoai="0912345679",
                                    dia_chi_tam_tru="phòng 12, số 5 ngõ 3 Láng Hạ"))[0]
    assert not score(FORM, _summary("filling", ho_ten="Nguyễn Văn An", so_dien_thoai="0912345678",
                                    dia_chi_tam_tru="phòng 12, số 5 ngõ 3 Láng Hạ"))[0]
    assert not score(FORM, {"forms": []})[0]


def test_guides_need_the_expected_guide_with_steps():
    guide = {"id": "g", "kind": "guide", "expect": {"guide": "vneid_recover", "min_steps": 1}}
    assert score(guide, {"account_guidance": [{"turn": 2, "guide": "vneid_recover", "steps_shown": 3}]})[0]
    assert not score(guide, {"account_guidance": [{"turn": 2, "guide": "vneid_login", "steps_shown": 3}]})[0]


def test_a_held_out_report_gives_totals_but_never_which_dialogues_failed():
    from tests.evaluation.dialogue_eval import report

    results = [{"id": "t2_007", "kind": "form", "procedure": "1.004194", "styles": ["elderly"], "ok": False,
                "error": "ho_ten: want 'A' got 'B'"},
               {"id": "t2_008", "kind": "form", "procedure": "1.004194", "styles": [], "ok": True, "error": ""}]
    held = report(results, "test2", held_out=True)
    assert "1/2 (50.0%)" in held and "t2_007" not in held and "want" not in held
    assert "t2_007" in report(results, "dev")
