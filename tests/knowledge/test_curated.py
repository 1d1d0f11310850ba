"""The curated procedure layer passes its validator, and the validator catches broken files."""
import json

import pytest
import yaml

from knowledge import curated_check

SHORT_SUMMARY = "Câu thứ nhất ngắn gọn. Câu thứ hai cũng ngắn. Câu thứ ba để kết thúc."
EIGHT_ALIASES = [f"thủ tục mẫu {n}" for n in range(8)]


def make_catalogue(tmp_path, codes, raw_text=""):
    ministry = tmp_path / "catalogue" / "bo-tu-phap"
    ministry.mkdir(parents=True)
    for code in codes:
        record = {"ma_thu_tuc": code, "ten_thu_tuc": "mẫu", "raw_text": raw_text}
        (ministry / f"{code}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return ministry.parent


def write_entry(curated_dir, code, **fields):
    entry = {"code": code, "topic": "civil_status", "aliases": EIGHT_ALIASES,
             "summary": SHORT_SUMMARY, "popular": 1}
    entry.update(fields)
    entry = {key: value for key, value in entry.items() if value is not None}
    curated_dir.mkdir(exist_ok=True)
    (curated_dir / f"{code}.yml").write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")


def issues_for(tmp_path, catalogue_dir):
    _, issues = curated_check.run_checks(tmp_path / "curated", catalogue_dir)
    return [str(issue) for issue in issues]


def test_curated_layer_passes_the_validator():
    catalogue_dir = curated_check.resolve_catalogue_dir()
    if not catalogue_dir.is_dir():
        pytest.skip(f"raw catalogue not available at {catalogue_dir}")
    count, issues = curated_check.run_checks(curated_check.CURATED_DIR, catalogue_dir)
    assert count >= 60
    assert [str(issue) for issue in issues] == []


def test_every_curated_topic_has_a_default_procedure():
    entries, _ = curated_check.load_curated(curated_check.CURATED_DIR)
    topics = {entry["topic"] for entry in entries.values()}
    defaults = {entry["topic"] for entry in entries.values() if entry["popular"] == 1}
    assert topics and topics == defaults


def test_valid_entry_has_no_issues(tmp_path):
    catalogue = make_catalogue(tmp_path, ["1.000001"])
    write_entry(tmp_path / "curated", "1.000001")
    assert issues_for(tmp_path, catalogue) == []


def test_code_missing_from_catalogue_is_reported(tmp_path):
    catalogue = make_catalogue(tmp_path, ["1.000001"])
    write_entry(tmp_path / "curated", "9.999999")
    assert any("does not exist in the raw catalogue" in issue for issue in issues_for(tmp_path, catalogue))


def test_alias_collision_across_files_ignores_diacritics(tmp_path):
    catalogue = make_catalogue(tmp_path, ["1.000001", "1.000002"])
    write_entry(tmp_path / "curated", "1.000001", aliases=EIGHT_ALIASES[:7] + ["sang tên xe"])
    write_entry(tmp_path / "curated", "1.000002", aliases=[f"khác {n}" for n in range(7)] + ["Sang ten  xe"])
    collisions = [issue for issue in issues_for(tmp_path, catalogue) if "alias collision" in issue]
    assert collisions == ["1.000001.yml, 1.000002.yml: alias collision on 'sang ten xe'"]


def test_no_diacritics_twin_inside_one_file_is_allowed_but_exact_repeat_is_not(tmp_path):
    catalogue = make_catalogue(tmp_path, ["1.000001"])
    write_entry(tmp_path / "curated", "1.000001", aliases=EIGHT_ALIASES + ["làm sổ đỏ", "lam so do", "Làm sổ đỏ"])
    assert issues_for(tmp_path, catalogue) == ["1.000001.yml: alias 'Làm sổ đỏ' repeats 'làm sổ đỏ'"]


def test_alias_count_and_question_aliases_are_reported(tmp_path):
    catalogue = make_catalogue(tmp_path, ["1.000001"])
    write_entry(tmp_path / "curated", "1.000001", aliases=["làm khai sinh thế nào?"])
    issues = issues_for(tmp_path, catalogue)
    assert any("1 aliases, expected 8-20" in issue for issue in issues)
    assert any("is a question" in issue for issue in issues)


def test_summary_sentence_rules_are_enforced(tmp_path):
    catalogue = make_catalogue(tmp_path, ["1.000001", "1.000002"])
    long_sentence = " ".join(["chữ"] * (curated_check.MAX_SENTENCE_SYLLABLES + 1)) + "."
    write_entry(tmp_path / "curated", "1.000001", summary=f"Câu ngắn. {long_sentence} Câu cuối.")
    write_entry(tmp_path / "curated", "1.000002", summary="Chỉ một câu.",
                aliases=[f"khác {n}" for n in range(8)])
    issues = issues_for(tmp_path, catalogue)
    assert any(issue.startswith("1.000001.yml: sentence of 41 words") for issue in issues)
    assert "1.000002.yml: summary has 1 sentences, expected 3-6" in issues


def test_numbers_must_come_from_the_record(tmp_path):
    catalogue = make_catalogue(tmp_path, ["1.000001"], raw_text="Thời hạn 07 ngày làm việc.")
    write_entry(tmp_path / "curated", "1.000001",
                summary="Làm trong 7 ngày. Lệ phí 50000 đồng. Câu thứ ba.")
    assert issues_for(tmp_path, catalogue) == [
        "1.000001.yml: number 50000 in summary is not found in the catalogue record"]


def test_missing_extra_and_malformed_keys_are_reported(tmp_path):
    catalogue = make_catalogue(tmp_path, ["1.000001"])
    write_entry(tmp_path / "curated", "1.000001", summary=None, topic="weather", popular=5, note="x")
    issues = issues_for(tmp_path, catalogue)
    assert "1.000001.yml: missing key 'summary'" in issues
    assert "1.000001.yml: unexpected key 'note'" in issues
    assert "1.000001.yml: unknown topic 'weather'" in issues
    assert "1.000001.yml: popular must be 1, 2 or 3, got 5" in issues


def test_file_name_must_match_code(tmp_path):
    catalogue = make_catalogue(tmp_path, ["1.000001"])
    write_entry(tmp_path / "curated", "1.000001")
    (tmp_path / "curated" / "1.000001.yml").rename(tmp_path / "curated" / "khai_sinh.yml")
    assert issues_for(tmp_path, catalogue) == ["khai_sinh.yml: file name must be 1.000001.yml"]


def test_main_exit_code_reflects_issues(tmp_path, capsys):
    catalogue = make_catalogue(tmp_path, ["1.000001"])
    curated = tmp_path / "curated"
    write_entry(curated, "1.000001")
    assert curated_check.main(["--curated-dir", str(curated), "--catalogue-dir", str(catalogue)]) == 0
    write_entry(curated, "1.000002")
    assert curated_check.main(["--curated-dir", str(curated), "--catalogue-dir", str(catalogue)]) == 1
    assert "does not exist in the raw catalogue" in capsys.readouterr().out


def test_catalogue_dir_comes_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CATALOGUE_DIR", str(tmp_path))
    assert curated_check.resolve_catalogue_dir() == tmp_path
    monkeypatch.delenv("CATALOGUE_DIR")
    assert curated_check.resolve_catalogue_dir() == curated_check.DEFAULT_CATALOGUE_DIR
