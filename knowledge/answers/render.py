"""Render one aspect of a procedure record as short plain sentences.

Every answer names the procedure and its official code and links its portal page;
long lists are paged (the caller offers "Xem thêm" while `has_more`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.answers import wording
from knowledge.wording import say

ASPECTS = (
    "ask_procedure", "ask_documents", "ask_fee", "ask_processing_time", "ask_where", "ask_online",
)
PAGE_SIZE = {"ask_documents": 5, "ask_procedure": 4}


METHODS = ("in_person", "online", "postal")


def _method_label(method: str | None, other: str = "method_other") -> str:
    """'Nộp trực tuyến' / 'Nộp trực tiếp' / 'Gửi qua bưu điện' (knowledge/wording/vi.yml answers.method_*)."""
    return say(f"answers.method_{method}") if method in METHODS else say(f"answers.{other}")


@dataclass
class Answer:
    text: str
    has_more: bool = False
    next_page: int = 0
    links: list[str] = field(default_factory=list)


def _title(record: dict) -> str:
    name = re.sub(r"^Thủ tục\s+", "", record.get("name") or "").strip()
    return say("answers.title", name=f"{name[:1].upper()}{name[1:]}", code=record["code"])


def _methods(record: dict) -> list[dict]:
    return record.get("submission_methods") or []


def _page(items: list[str], page: int, size: int) -> tuple[list[str], bool]:
    start = page * size
    return items[start:start + size], len(items) > start + size


_CONDITIONAL_START = re.compile(r"^\W*(trường hợp|trong trường hợp|nếu|đối với|riêng)\b", re.IGNORECASE)
_FORM_START = re.compile(r"^\W*(tờ khai|đơn|phiếu|bản khai|giấy đề nghị)\b", re.IGNORECASE)
_NO_COPIES = re.compile(r"^\s*0\b")


def _document_rank(item: dict) -> int:
    """The catalogue lists papers in crawl order; show what everyone brings first: the
    application form, then the general papers, then those needed only in some cases, then notes."""
    name = item.get("name") or ""
    if _NO_COPIES.match(str(item.get("copies") or "")):
        return 3  # "0 bản chính": a note about the dossier, not a paper to bring
    if _CONDITIONAL_START.match(name):
        return 2
    return 0 if item.get("form_template") or _FORM_START.match(name) else 1


def _documents(record: dict, page: int) -> tuple[list[str], bool]:
    # the same paper is often listed once per case (group) of the record: show it once
    unique: dict[str, dict] = {}
    for item in record.get("dossier_components") or []:
        unique.setdefault(" ".join((item.get("name") or "").split()).lower(), item)
    components = sorted(unique.values(), key=_document_rank)
    if not components:
        return [wording.NO_DOCUMENT_LIST], False
    lines = []
    for item in components:
        shown_copies = item.get("copies") and not _NO_COPIES.match(str(item["copies"]))
        copies = f" ({item['copies']})" if shown_copies else ""
        form = say("answers.by_template", template=item["form_template"]) if item.get("form_template") else ""
        lines.append(f"• {wording.shorten(item['name'])}{copies}{form}")
    shown, more = _page(lines, page, PAGE_SIZE["ask_documents"])
    head = [wording.DOCUMENTS_HEAD] if page == 0 else []
    return head + shown, more


def _fee(record: dict) -> list[str]:
    methods = _methods(record)
    if not methods:
        return [wording.NO_FEE_INFO]
    if any(m.get("fee_set_by_province") for m in methods):
        return [wording.FEE_BY_PROVINCE]
    lines = []
    for m in methods:
        fee = wording.describe_fee(m)
        lines.append(f"• {_method_label(m.get('method'), 'method_other_fee')}: {fee}")
    return lines


def _time(record: dict) -> list[str]:
    methods = [m for m in _methods(record) if m.get("processing_time")]
    if not methods:
        return [wording.NO_TIME_INFO]
    times = {wording.describe_time(m) for m in methods}
    if len(times) == 1:
        return [say("answers.processing_time", time=times.pop())]
    return [f"• {_method_label(m.get('method'))}: {wording.describe_time(m)}" for m in methods]


def _where(record: dict) -> list[str]:
    lines = []
    agencies = record.get("agencies") or {}
    place = record.get("submission_address") or agencies.get("implementing") or agencies.get("competent")
    if place:
        lines.append(say("answers.place", place=wording.shorten(place, 300)))
    level = wording.describe_level(record.get("level"))
    if level:
        lines.append(level)
    kinds = {m.get("method") for m in _methods(record)}
    if kinds:
        lines.append(say("answers.methods", methods=", ".join(_method_label(k).lower() for k in METHODS if k in kinds)))
    return lines or [wording.NO_PLACE_INFO]


def _online(record: dict, portal_url: str) -> list[str]:
    online = record.get("online_available")
    full = record.get("full_online")
    if online is False:
        return [wording.NOT_ONLINE]
    if online is None:
        return [wording.ONLINE_UNKNOWN]
    lines = [wording.ONLINE_YES.format(portal=portal_url)]
    if full is True:
        lines.append(wording.FULL_ONLINE)
    elif full is False:
        lines.append(wording.PARTLY_ONLINE)
    return lines


def _overview(record: dict, curated: dict | None, page: int) -> tuple[list[str], bool]:
    if curated and curated.get("summary") and page == 0:
        return [curated["summary"].strip()], bool(record.get("steps"))
    steps = [wording.shorten(s, 400) for s in record.get("steps") or []]
    if not steps:
        return [wording.NO_STEPS], False
    offset = page - 1 if curated and curated.get("summary") else page
    shown, more = _page(steps, offset, PAGE_SIZE["ask_procedure"])
    start = offset * PAGE_SIZE["ask_procedure"]
    return [say("answers.step", n=start + i + 1, step=s) for i, s in enumerate(shown)], more


def render_answer(record: dict, aspect: str, *, page: int = 0, curated: dict | None = None,
                  portal_url: str = "https://dichvucong.gov.vn") -> Answer:
    more = False
    if aspect == "ask_documents":
        body, more = _documents(record, page)
    elif aspect == "ask_fee":
        body = _fee(record)
    elif aspect == "ask_processing_time":
        body = _time(record)
    elif aspect == "ask_where":
        body = _where(record)
    elif aspect == "ask_online":
        body = _online(record, portal_url)
    else:
        body, more = _overview(record, curated, page)
    head = _title(record) if page == 0 else say("answers.continued", title=_title(record))
    link = record.get("source_url")
    tail = [say("answers.details_link", link=link)] if link else []
    return Answer(text="\n".join([head + ":", *body, *tail]), has_more=more,
                  next_page=page + 1 if more else 0, links=[link] if link else [])
