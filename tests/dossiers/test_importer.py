"""The import command: every row validated, nothing half-imported, upsert with history."""
import json

import pytest
from sqlalchemy import func, select

from domain.dossiers import service
from domain.dossiers.adapter import OneStopAdapter, SourceRow
from domain.dossiers.importer import FileAdapter, UnreadableFile, sync
from domain.dossiers.models import Dossier, DossierStatusChange
from tests.dossiers.conftest import OWNER_ID, OWNER_PHONE

ROWS = [
    {"receipt_code": "000.00.15.H22-240918-0003", "procedure_code": "1.001193", "status": "received",
     "owner_id_number": OWNER_ID, "appointment_date": "2099-01-15", "agency": "UBND phường 1"},
    {"receipt_code": "G03.77-240719-0043", "procedure_code": "2.000986", "status": "supplement_required",
     "owner_phone": OWNER_PHONE, "missing_items": ["Bản sao khai sinh", "Ảnh 4x6"]},
    {"receipt_code": "H10.75.03-250513-0215", "procedure_code": "1.004227", "status": "result_ready",
     "owner_phone": "0987 654 321", "delivery_method": "postal"},
]
CSV = (
    "receipt_code,procedure_code,status,owner_id_number,owner_phone,appointment_date,missing_items\n"
    "000.00.15.H22-240918-0003,1.001193,received,074161004292,,15/01/2099,\n"
    'G03.77-240719-0043,2.000986,supplement_required,,0912345678,,"Bản sao khai sinh; Ảnh 4x6"\n'
)


def count(database, model=Dossier) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def write_json(tmp_path, rows, name="dossiers.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def row_lines(path) -> list[int]:
    """Line numbers where the rows of a JSON file written by write_json start."""
    return [n for n, line in enumerate(path.read_text().splitlines(), start=1) if line.strip() == "{"]


def test_a_json_file_is_imported_with_history(database, hasher, tmp_path):
    report = sync(database, hasher, FileAdapter(write_json(tmp_path, ROWS)))
    assert report.ok and report.committed and report.counts == {"created": 3}
    with database.session() as s:
        dossier = service.get(s, "G03.77-240719-0043")
        assert dossier.missing_items == ["Bản sao khai sinh", "Ảnh 4x6"]
        assert dossier.history[0].source == "import:dossiers.json"
        assert service.get(s, "H10.75.03-250513-0215").delivery_method == "postal"


def test_a_csv_file_is_imported(database, hasher, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(CSV, encoding="utf-8")
    report = sync(database, hasher, FileAdapter(path))
    assert report.ok and report.counts == {"created": 2}
    with database.session() as s:
        assert service.get(s, "G03.77-240719-0043").missing_items == ["Bản sao khai sinh", "Ảnh 4x6"]


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_imported(database, hasher, tmp_path):
    rows = [ROWS[0], {**ROWS[1], "status": "finished"}, ROWS[2], {**ROWS[2], "receipt_code": "not-a-code"}]
    path = write_json(tmp_path, rows)
    report = sync(database, hasher, FileAdapter(path))
    assert not report.committed and not report.ok
    lines = path.read_text().splitlines()
    for location, problem in report.errors:
        number = int(location.removeprefix("line "))
        assert lines[number - 1].strip() == "{", (location, problem)  # each error points at its row
    assert [p.split(" ")[0] for _, p in report.errors] == ["status", "receipt_code"]
    assert count(database) == 0 and count(database, DossierStatusChange) == 0


def test_csv_errors_point_at_the_csv_line(database, hasher, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(CSV + "X1.2-250101-0001,1.1,received,,,\n" + "G01.22-250101-0002,1.1,received,12,,\n")
    report = sync(database, hasher, FileAdapter(path))
    assert [location for location, _ in report.errors] == ["line 4", "line 5"]
    assert "owner_id_number or owner_phone is required" in report.errors[0][1]
    assert "12-digit" in report.errors[1][1]
    assert count(database) == 0


def test_a_change_the_dossier_cannot_take_refuses_the_whole_file(database, hasher, tmp_path):
    sync(database, hasher, FileAdapter(write_json(tmp_path, ROWS)))
    back = [{**ROWS[0], "status": "processing"}, {**ROWS[2], "status": "received"}]  # result_ready -> received
    path = write_json(tmp_path, back, "update.json")
    report = sync(database, hasher, FileAdapter(path))
    assert not report.committed
    assert report.errors == [(f"line {row_lines(path)[1]}", "status cannot change from result_ready to received")]
    with database.session() as s:
        assert service.get(s, ROWS[0]["receipt_code"]).status == "received"  # the good row was not applied


def test_skip_bad_imports_the_good_rows_only_when_asked(database, hasher, tmp_path):
    rows = [ROWS[0], {**ROWS[1], "procedure_code": ""}, ROWS[2]]
    report = sync(database, hasher, FileAdapter(write_json(tmp_path, rows)), skip_bad=True)
    assert report.committed and report.counts == {"created": 2} and len(report.errors) == 1
    assert count(database) == 2


def test_reimport_is_an_upsert_that_appends_history(database, hasher, tmp_path):
    sync(database, hasher, FileAdapter(write_json(tmp_path, ROWS)))
    again = sync(database, hasher, FileAdapter(write_json(tmp_path, ROWS)))
    assert again.counts == {"unchanged": 3}
    moved = [{**ROWS[1], "status": "processing", "missing_items": []}]
    assert sync(database, hasher, FileAdapter(write_json(tmp_path, moved))).counts == {"updated": 1}
    with database.session() as s:
        dossier = service.get(s, ROWS[1]["receipt_code"])
        assert [h.status for h in dossier.history] == ["supplement_required", "processing"]
        assert dossier.missing_items == []


def test_duplicate_receipts_in_one_file_are_bad_rows(database, hasher, tmp_path):
    report = sync(database, hasher, FileAdapter(write_json(tmp_path, [ROWS[0], ROWS[0]])))
    assert not report.committed and "already appears at line 2" in report.errors[0][1]


def test_unreadable_files_are_refused_as_a_whole(database, hasher, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"receipt_code": ')
    with pytest.raises(UnreadableFile, match="not valid JSON"):
        sync(database, hasher, FileAdapter(broken))
    with pytest.raises(UnreadableFile, match="unknown format"):
        sync(database, hasher, FileAdapter(tmp_path / "x.xlsx"))


def test_any_adapter_feeds_the_same_pipeline(database, hasher):
    class OneStopStub:
        name = "sync:stub"

        def fetch_updates(self, since):
            return [SourceRow(f"record {i}", row) for i, row in enumerate(ROWS, start=1)]

    assert isinstance(OneStopStub(), OneStopAdapter)
    report = sync(database, hasher, OneStopStub())
    assert report.counts == {"created": 3}
    with database.session() as s:
        assert service.get(s, ROWS[0]["receipt_code"]).history[0].source == "sync:stub"


def test_the_command_line(database, tmp_path, monkeypatch, capsys):
    from core.settings import get_settings
    from domain.dossiers.__main__ import main
    from tests.dossiers.conftest import SECRET

    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("DOSSIER_SECRET", SECRET)
    get_settings.cache_clear()
    try:
        bad = write_json(tmp_path, [ROWS[0], {**ROWS[1], "status": "?"}])
        assert main(["import", str(bad)]) == 1
        captured = capsys.readouterr()
        assert f"{bad}:{row_lines(bad)[1]}: status '?'" in captured.err and "nothing imported" in captured.out
        assert OWNER_ID not in captured.err + captured.out
        assert main(["import", str(write_json(tmp_path, ROWS))]) == 0
        assert "imported: 3 created" in capsys.readouterr().out
        monkeypatch.setenv("DOSSIER_SECRET", "too-short")  # empty means a local key
        get_settings.cache_clear()
        assert main(["import", str(bad)]) == 2
        assert "DOSSIER_SECRET" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()
    assert count(database) == 3
