"""Build one procedure record (the YAML schema) from one raw catalogue record."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.importer.dossier import parse_dossier
from knowledge.importer.legal_basis import parse_legal_basis
from knowledge.importer.methods import parse_methods, several_amounts
from knowledge.importer.result import clean_result
from knowledge.importer.sections import split_sections
from knowledge.importer.steps import split_steps
from knowledge.importer.text import clean, clean_or_none

# Only the procedure's own name tells whether it is fully or partly online.
_FULL_ONLINE = re.compile(r"(?:dịch vụ công|trực tuyến)(?: trực tuyến)? toàn trình", re.IGNORECASE)
_PARTLY_ONLINE = re.compile(r"(?:dịch vụ công|trực tuyến)(?: trực tuyến)? một phần", re.IGNORECASE)


@dataclass(frozen=True)
class ImportedRecord:
    data: dict
    # Per field: ok | empty | partial | unparseable, plus field-specific reasons.
    statuses: dict[str, str]


def build_record(raw: dict, ministry: str) -> ImportedRecord:
    sections = split_sections(raw["raw_text"])
    name = clean(raw["ten_thu_tuc"])
    methods = parse_methods(sections.methods)
    dossier = parse_dossier(sections.dossier)
    legal = parse_legal_basis(sections.legal_basis)
    steps = split_steps(sections.steps)
    conditions = clean_or_none(sections.conditions)
    result = clean_result(sections.result)
    implementing = clean_or_none(sections.implementing_agency)
    full_online = _full_online(name)
    online_available = any(row["method"] == "online" for row in methods.rows) if methods.rows else None
    if full_online and online_available is None:
        online_available = True

    data = {
        "code": clean(raw["ma_thu_tuc"]),
        "name": name,
        "field": clean_or_none(raw["linh_vuc"]),
        "level": clean_or_none(raw["cap_thuc_hien"]),
        "kind": clean_or_none(raw["loai_thu_tuc"]),
        "decision": clean_or_none(raw["so_quyet_dinh"]),
        "ministry": ministry,
        "agencies": {
            "implementing": implementing,
            "competent": clean_or_none(raw["co_quan_co_tham_quyen"]),
            "authorized": clean_or_none(raw["co_quan_duoc_uy_quyen"]),
            "coordinating": clean_or_none(raw["co_quan_phoi_hop"]),
        },
        "submission_address": clean_or_none(raw["dia_chi_tiep_nhan"]),
        "applicants": clean_or_none(raw["doi_tuong_thuc_hien"]),
        "steps": steps,
        "submission_methods": methods.rows,
        "dossier_components": dossier.components,
        "dossier_note": dossier.note,
        "conditions": conditions,
        "result": result,
        "legal_basis": legal.documents,
        "related_procedures": clean_or_none(raw["thu_tuc_lien_quan"]),
        "source_url": clean_or_none(raw["detail_url"]),
        "online_available": online_available,
        "full_online": full_online,
    }
    statuses = {
        "steps": "ok" if steps else "empty",
        "submission_methods": methods.status,
        "processing_days": _processing_days_status(methods.rows),
        "fee_amount": _fee_status(methods.rows),
        "dossier_components": dossier.status,
        "legal_basis": legal.status,
        "conditions": "ok" if conditions else "empty",
        "result": "ok" if result else "empty",
        "implementing_agency": "ok" if implementing else "empty",
        "full_online": "stated" if full_online is not None else "not_stated",
    }
    return ImportedRecord(data, statuses)


def _full_online(name: str) -> bool | None:
    """True/False only where the name says 'toàn trình' / 'một phần'; never guessed."""
    if _FULL_ONLINE.search(name):
        return True
    if _PARTLY_ONLINE.search(name):
        return False
    return None


def _processing_days_status(rows: list[dict]) -> str:
    stated = [row for row in rows if row["processing_time"] is not None]
    if not stated:
        return "empty"
    if all(row["processing_days"] is not None for row in stated):
        return "ok"
    if any(re.match(r"\d", row["processing_time"]) for row in stated if row["processing_days"] is None):
        return "other_unit"  # hours or months, or "0": stated but not as days
    return "no_number"  # "Không quy định", "Không phải trả kết quả ..."


def _fee_status(rows: list[dict]) -> str:
    stated = [row for row in rows if row["fee"] is not None]
    if not stated:
        return "empty"
    unknown = [row for row in stated if row["fee_amount"] is None]
    if not unknown:
        return "ok"
    if all(row["fee_set_by_province"] for row in unknown):
        return "set_by_province"
    if all("USD" in row["fee"] or "EUR" in row["fee"] or row["fee_set_by_province"] for row in unknown):
        return "foreign_currency"
    if all(several_amounts(row["fee"]) or row["fee_set_by_province"] for row in unknown):
        return "several_amounts"  # one sum per case ("Dưới 5 tấn: 50.000 đồng; ...")
    return "unparseable"
