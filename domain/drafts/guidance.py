"""What to do with a filled declaration: papers to attach and where/how to submit.

Both come from the procedure's record in the knowledge base (knowledge/procedures);
the form file may narrow the papers to the dossier groups that fit the citizen's case.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.text.normalize import fold
from knowledge.answers.wording import describe_level, shorten
from knowledge.flows.forms import FormDefinition

_NOTES = ("luu y", "vi du")  # explanatory rows of the catalogue, not papers
_CASES = ("truong hop", "neu ", "doi voi")


@dataclass(frozen=True)
class Submission:
    online: bool
    online_url: str | None
    desk: str | None
    text: str


def _groups(form: FormDefinition, values: dict[str, str]) -> list[str] | None:
    spec = form.attachments
    by_choice = spec.get("by_choice")
    if by_choice and values.get(by_choice.get("field", "")) in (by_choice.get("groups") or {}):
        return list(by_choice["groups"][values[by_choice["field"]]])
    return list(spec["groups"]) if spec.get("groups") else None


def papers_to_attach(form: FormDefinition, record: dict | None, values: dict[str, str], limit: int = 8) -> list[str]:
    """The papers the catalogue lists for this case (the declaration itself excluded: it is the PDF)."""
    if not record:
        return []
    groups = _groups(form, values)
    excluded = [fold(x) for x in form.attachments.get("exclude") or ()]
    papers: list[str] = []
    for item in record.get("dossier_components") or []:
        name = " ".join(str(item.get("name") or "").split())
        folded = fold(name)
        if not name or str(item.get("copies") or "").startswith("0") or folded.startswith(_NOTES):
            continue
        if groups is not None and item.get("group") not in groups:
            continue
        if "to khai" in folded or any(x in folded for x in excluded):
            continue
        paper = shorten(name, 180)
        if paper not in papers:
            papers.append(paper)
    # papers everyone needs first, then those of particular cases ("Trường hợp ...")
    papers.sort(key=lambda p: fold(p).startswith(_CASES))
    return papers[:limit]


def where_to_submit(record: dict | None, portal_url: str) -> Submission:
    record = record or {}
    methods = {m.get("method") for m in record.get("submission_methods") or []}
    agencies = record.get("agencies") or {}
    desk = record.get("submission_address") or agencies.get("implementing") or agencies.get("competent")
    online = bool(record.get("online_available")) or "online" in methods
    online_url = (record.get("source_url") or portal_url) if online else None
    parts = []
    if online:
        parts.append(f"Nộp trực tuyến trên Cổng Dịch vụ công ({portal_url}), đăng nhập bằng VNeID: {online_url}")
    if desk and ("in_person" in methods or not methods):
        parts.append(f"Nộp trực tiếp tại: {shorten(desk, 200)}")
    elif "in_person" in methods and describe_level(record.get("level")):
        parts.append(f"Nộp trực tiếp: {describe_level(record.get('level'))}")
    if "postal" in methods:
        parts.append("Hoặc gửi qua bưu điện.")
    if not parts:
        parts.append("Anh/chị hỏi cán bộ nơi nộp hồ sơ về cách nộp.")
    return Submission(online, online_url, desk, "\n".join(parts))
