"""Whether a message outside any flow should open a form, and which one.

A desk officer does not answer "cháu làm giúp bác đăng ký tạm trú với" or "bác tên Vũ Thị Hằng,
căn cước 0361…" (just after talking about tạm trú) with a leaflet: they take the form and start
filling it. This decision is pure (no search, no I/O besides the data files) so the Rasa
policy (bot/policies/form_intake.py) and the action (bot/actions/volunteered.py) make the
same one. Opening a form:
- the message names a form's procedure (its aliases) and says "do it with me" (wish phrases
  in knowledge/flows/intake.yml), and is not a question about one aspect (papers, fee...);
- or the message gives personal details the form's reader finds (a name, căn cước, phone, date)
  for the form named in it, or for the procedure in context (the slot, or the form a recent
  message named), and is not a question.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from bot.forms.choose import form_by_situation, match_form
from bot.forms.engine import FormEngine
from bot.forms.language import looks_like_question
from bot.forms.reading import has_receipt_code
from core.text.normalize import normalize_text
from knowledge.flows.forms import FormDefinition, load_forms

INTAKE_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "flows" / "intake.yml"
PERSONAL_DETAILS = frozenset({"name", "id_number", "phone", "date"})
RECENT_MESSAGES = 4


@lru_cache(maxsize=1)
def _data() -> dict:
    data = yaml.safe_load(INTAKE_FILE.read_text(encoding="utf-8")) or {}
    return {"now": tuple(normalize_text(p) for p in data.get("do_it_now") or []),
            "want": tuple(normalize_text(p) for p in data.get("want_it") or []),
            "answer_first": frozenset(data.get("answer_first_intents") or []),
            "go_on": tuple(normalize_text(p) for p in data.get("go_on") or []),
            "veto": tuple(normalize_text(p) for p in data.get("situation_veto") or [])}


def _has(text: str, phrases: tuple[str, ...]) -> bool:
    words = " " + normalize_text(text) + " "
    return any(f" {phrase} " in words for phrase in phrases)


def wants_it_done(text: str) -> bool:
    """'cháu làm giúp bác với', 'làm luôn ở đây được không', or (not asked) 'mình muốn đăng ký'."""
    return _has(text, _data()["now"]) or (_has(text, _data()["want"]) and not looks_like_question(text))


# an aspect question whose message still ends by asking the bot to do it ("… không biết xin ở đâu,
# nhờ em làm giúp"): the request is the dominant goal
_ASPECTS = frozenset({"ask_documents", "ask_fee", "ask_processing_time", "ask_where"})


def _ends_asking_to_do_it(text: str) -> bool:
    clauses = [c for c in re.split(r"[,.;!?\n]", text) if c.strip()]
    return bool(clauses) and _has(clauses[-1], _data()["now"]) and not looks_like_question(clauses[-1])


def situation_form(text: str, forms: dict[str, FormDefinition]) -> str | None:
    """The form the situation told needs, unless the message names another paper ("căn cước
    sắp hết hạn", "đi du học, làm hộ chiếu"): that question is about the paper."""
    return None if _has(text, _data()["veto"]) else form_by_situation(text, forms)


def says_go_on(text: str) -> bool:
    """'rồi, điền tiếp nhen. số điện thoại tui 09…': going back to a form, anywhere in the message."""
    return _has(text, _data()["go_on"])


def form_serving(code: str | None, forms: dict[str, FormDefinition]) -> str | None:
    """The form of this procedure, or of the procedure it is a variant of (liên thông)."""
    if not code:
        return None
    if code in forms:
        return code
    return next((c for c, form in forms.items() if any(v.procedure == code for v in form.variants)), None)


def gives_details(form: FormDefinition, text: str) -> bool:
    """Personal details (a name, căn cước, phone or date) the form's reader finds in the message,
    or a bare full name ("Nguyễn Thị Kim Oanh"); any value of the form when the message says to
    go on with it ("quay lại điền tiếp nghe. Địa chỉ: số 12 kiệt 40 …")."""
    values = FormEngine(form).start(None, text, bare_name=True).state["values"]
    kinds = None if says_go_on(text) else PERSONAL_DETAILS
    return any(f.name in values and f.asked and (kinds is None or f.type in kinds) for f in form.fields)


def _named_where_wished(text: str, forms: dict[str, FormDefinition]) -> str | None:
    """'…không có đăng ký kết hôn gì hết, giờ em muốn làm khai sinh cho con': the form named in
    the clause that asks for it, before one only mentioned elsewhere."""
    clauses = [c for c in re.split(r"[,.;!?]", text) if c.strip()]
    if len(clauses) < 2:
        return None
    wished = [c for c in clauses if _has(c, _data()["now"]) or _has(c, _data()["want"])]
    return next((code for code in (match_form(c, forms) for c in wished) if code), None)


def form_to_open(text: str, intent: str | None, context_code: str | None = None,
                 recent_texts: list[str] | tuple[str, ...] = (),
                 forms: dict[str, FormDefinition] | None = None) -> str | None:
    """The procedure code of the form this message should open, or None."""
    text = (text or "").strip()
    if not text or text.startswith("/") or has_receipt_code(text):
        return None
    forms = load_forms() if forms is None else forms
    answer_first = intent in _data()["answer_first"] and not (intent in _ASPECTS and _ends_asking_to_do_it(text))
    question = looks_like_question(text)
    named = _named_where_wished(text, forms) or match_form(text, forms)
    if named and says_go_on(text) and not question:  # "bà làm tiếp cái gia hạn tạm trú hôm qua nhé"
        return named
    if wants_it_done(text) and not answer_first:
        # "chủ trọ nói phải khai báo …, em làm giúp chị tờ khai": the form the situation needs
        named = named or situation_form(text, forms)
        if named:
            return named
    if question and not wants_it_done(text):
        return None
    if named and gives_details(forms[named], text) and intent != "request_human":
        return named
    if question or intent in ("request_human", "complain"):
        return None
    in_context = form_serving(context_code, forms)
    if in_context is None:
        in_context = next((code for code in (match_form(t, forms) for t in reversed(recent_texts)) if code), None)
    if in_context and gives_details(forms[in_context], text):
        return in_context
    return None


def values_before(recent_texts: list[str], code: str, forms: dict[str, FormDefinition]) -> tuple[str, ...]:
    """The messages after the last one that named this form, when they are no questions: values a
    citizen gave before the form opened ("lý lịch tư pháp" / "phiếu số 2" / "để đi xuất khẩu")."""
    named = [i for i, t in enumerate(recent_texts) if match_form(t, forms) == code]
    if not named:
        return _details_just_before(recent_texts, forms[code])
    after = recent_texts[named[-1]:]  # the naming message too: "dk khai sinh cho con trai mik nhe"
    return tuple(t for t in after if not looks_like_question(t) and not has_receipt_code(t))


def _details_just_before(recent_texts: list[str], form: FormDefinition, most: int = 2) -> tuple[str, ...]:
    """Details sent just before the message that named the form, with no procedure yet ("Ly Gia
    Huy - 0792… - 0931…", then "mình cần gia hạn tạm trú"): the last messages that give this
    form's personal details, back to the first one that does not."""
    taken: list[str] = []
    for text in reversed(recent_texts[-most:]):
        if looks_like_question(text) or has_receipt_code(text) or not gives_details(form, text):
            break
        taken.insert(0, text)
    return tuple(taken)


# words of an account problem: "0912… không nhận được OTP" is the guide's, not a form's
_ACCOUNT_WORDS = re.compile(r"\b(?:vneid|tai khoan|dang nhap|mat khau|otp|dinh danh dien tu|kich hoat|pass|app|ung dung|"
                            r"tin nhan|ma|sim|khieu nai|nop ho so|tra cuu|ho so|bhxh|bhyt)\b")


def details_without_procedure(text: str, forms: dict[str, FormDefinition], need_number: bool = True) -> bool:
    """'Vu Dinh Khoa, 027093006614, 0356…': a citizen's details with no procedure named, no
    question and no account problem; they are kept for the form chosen next."""
    if len(text) > 400 or sum(ch.isdigit() for ch in text) > 40:  # a story or a paste: not a list of details
        return False
    no_number = not re.search(r"\d{9}", re.sub(r"[\s.]", "", text))
    if no_number and need_number or _ACCOUNT_WORDS.search(normalize_text(text)):
        return False
    if looks_like_question(text) or has_receipt_code(text) or match_form(text, forms):
        return False
    # two details at least ("Vu Dinh Khoa, 0270…, 0356…"): a bare phone says nothing of a form
    return any(_detail_count(form, text) >= 2 for form in forms.values())


def _detail_count(form: FormDefinition, text: str) -> int:
    values = FormEngine(form).start(None, text, bare_name=True).state["values"]
    return sum(1 for f in form.fields if f.name in values and f.asked and f.type in PERSONAL_DETAILS)


def recent_user_texts(texts: list[str]) -> list[str]:
    """The last few earlier messages (buttons' payloads left out)."""
    return [t for t in texts if t and not re.match(r"\s*/", t)][-RECENT_MESSAGES:]
