"""Taking what a message gives: every labelled or typed value, corrections included, validated.

A mixin of FormEngine: `_take` reads the message with bot/forms/reading.py, checks each value
(knowledge.flows.checks), stores the good ones (a later value replaces an earlier one: that is
how corrections work) and explains the first wrong one. Non-answers (confirmations, commands,
questions) never reach it.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.forms import wording as w
from bot.forms.answers import Correction, extract, find_correction
from bot.forms.derive import relative_date
from bot.forms.flow import Message, Reply, Turn
from bot.forms.language import SELF_WORDS, capitalised_runs, has_correction_marker, matches_phrase
from bot.forms.places import continued_address
from bot.forms.reading import (
    Found,
    _strip_value,
    after_place_word,
    free_text,
    is_bare_name,
    name_in,
    read_message,
    typed_values,
)
from bot.forms.restate import by_phrase_swap, by_reversed_phrase, find_restatement
from bot.forms.sides import in_writer_terms, introduced_names, to_the_right_side
from bot.forms.slips import lettered_number, letters_meant, read_as_meant
from core.text.normalize import fold
from core.text.surnames import starts_with_surname
from knowledge.flows.checks import check_answer
from knowledge.flows.forms import Field, FormDefinition

# the kind of value a typed number or date is -> the field type it corrects
_TYPED_FIELDS = {"date": "date", "phone_number": "phone", "id_number": "id_number"}
# Words that are never an answer to a question (they confirm, refuse or ask for something).
NON_ANSWERS = ("đúng rồi", "đúng", "ok", "oke", "okay", "xác nhận", "nộp đi", "nộp", "gửi đi", "lưu", "lưu lại",
               "đồng ý", "vâng", "dạ", "ừ", "rồi", "có", "không", "chưa", "xong", "xong rồi", "chuẩn", "chuẩn rồi",
               "ok nộp đi", "đúng hết rồi", "nộp luôn", "được rồi", "được", "cảm ơn", "cám ơn", "thanks", "hả", "gì")


def is_non_answer(text: str) -> bool:
    return bool(matches_phrase(text, NON_ANSWERS, max_extra_words=1))


def _self_name_answers(found: list[Found], current: Field | None) -> list[Found]:
    """'Em tên Lâm Thị Diễm' while the mother's name is asked: the writer's own name (a field
    never asked) answers the question asked too."""
    if current is None or current.type != "name" or any(x.field.name == current.name for x in found):
        return found
    if any(x.field.type == "name" and x.field.ask for x in found):
        return found
    own = next((x for x in found if x.field.type == "name" and not x.field.ask and x.labelled and x.raw), None)
    return found if own is None else [*found, Found(current, own.raw, True, True)]


_SAME_AS = re.compile(r"(?i)\b(?:giống|giong|như|nhu)\s+(?:\w+\s+){0,6}?(?:trên|tren|cũ|cu|lúc nãy|luc nay)\b")


def _same_as_before(form: FormDefinition, values: dict[str, str], f: Field, raw: str) -> str:
    """'ghi giống địa chỉ mình nói ở trên': the address already given (this field's or another's)."""
    if f.type != "address" or not _SAME_AS.search(raw) or any(ch.isdigit() for ch in raw):
        return raw
    return values.get(f.name) or next((values[g.name] for g in form.fields if g.type == "address" and values.get(g.name)), raw)


_SPLIT_TYPES = ("phone", "id_number")


def _digits(raw: str) -> str:
    """The digits of a number typed alone ("0985 612", "087.097"), else ''."""
    digits = re.sub(r"[\s.\-]", "", raw)
    return digits if digits.isdigit() else ""


def _near(old: str, new: str) -> bool:
    a, b = re.sub(r"\D", "", old), re.sub(r"\D", "", new)
    return len(a) == len(b) > 0 and 0 < sum(x != y for x, y in zip(a, b)) <= 2


def _joined(state: dict[str, Any], f: Field, raw: str) -> str:
    """A number sent in two messages: the digits kept from the last refused part, then these."""
    head = (state.get("partial") or {}).get(f.name, "")
    runs = re.findall(r"\d[\d .\-]*\d|\d", raw)  # "309 nữa nhé, bị gửi thiếu mấy số cuối"
    tail = _digits(runs[0]) if len(runs) == 1 else ""
    return head + tail if head and tail else ""


# the writer introducing themself right before a name: 'tui là Châu Văn Tâm'
_SELF_INTRO = re.compile(rf"(?i)\b(?:{SELF_WORDS})\s+(?:là|la|tên|ten)\s+$")


class TakeValues:
    def _bare_name_segment(self, state: dict[str, Any], text: str, f: Field) -> Turn | None:
        """'ok lm lun: Cao Thành Đạt, ns 28/12/1999, …': a full name alone between commas or numbers
        ('0335 671 208 Vũ Đức Anh 035200014873')."""
        parts = [run.strip() for s in re.split(r"[:,;\n]|\s-\s|\d[\d .]*\d", text) for run in capitalised_runs(s)]
        name = next((p for p in parts if is_bare_name(p) and not after_place_word(text, p)), None)  # not "phố Nguyễn Khánh Toàn"
        if name and f.group and not self.form.groups[f.group].sex and _SELF_INTRO.search(text[:text.find(name)]):
            return None  # "tui là Châu Văn Tâm, … khai sanh cho thằng con": the writer, not the baby
        if not name:
            return None
        # the whole message read with the name's field asked: its numbers go to that person
        whole = self._take(state, Message(text), f)
        if whole is not None and whole.state["values"].get(f.name) == name:
            return whole
        return self._take(state, Message(name), f)

    def _take(self, state: dict[str, Any], message: Message, current: Field | None,
              whole_for_current: bool = True) -> Turn | None:
        """Store every value the message gives; None when it gives nothing usable."""
        values = state["values"]
        restated = self._address_continued(state, message.text, current) or self._reversed(state, message.text, current)
        if restated is not None:
            return restated
        text = in_writer_terms(self.form, state, message.text)
        found = _self_name_answers(read_message(self.form, values, current, text), current)
        if current is not None and whole_for_current and current.name not in {f.field.name for f in found}:
            rest = free_text(text, self.form, values)
            if found and any(ch.isalnum() for ch in fold(rest)) and not is_non_answer(rest):
                rest = name_in(rest) if current.type == "name" else _strip_value(rest)
                plausible = current.type != "name" or starts_with_surname(rest)  # "Cơ quan họ bảo lấy…"
                if len(rest) > 2 and plausible and not has_correction_marker(rest) and not is_non_answer(rest):
                    found.append(Found(current, extract(self.form, current, rest, values), False, False))
            elif not found and not is_non_answer(text):
                found.append(Found(current, extract(self.form, current, text, values), True, True))
        found = to_the_right_side(self.form, found, values)  # "Em là Nguyễn Thị …" asked the groom's name
        found += introduced_names(self.form, found, text, values)  # "…; em là Lục Thị Mai, cccd …"
        if not found:
            return None
        noted, errors = [], []
        for item in found:
            f = item.field
            if item.raw == "" and f.none_words:
                values[f.name] = ""
                noted.append(f)
                continue
            raw = item.raw
            raw = _same_as_before(self.form, values, f, raw)
            if f.type == "date" and f.options.get("future_only"):  # "hết năm sau", "6 tháng"
                raw = relative_date(raw, self.today or date.today()) or raw
            result = check_answer(self.form, f, raw, values, self.today)
            swap = find_restatement(values, text) if not result.ok and f.name in values else None
            if swap is not None and swap.field_name == f.name:  # "nham ngay sinh, 12/5 chu khong phai 21/5"
                result = check_answer(self.form, f, swap.value, values, self.today)
            joined = _joined(state, f, raw) if not result.ok else None
            if joined:  # "0985 612", then "309 nữa, gửi thiếu mấy số cuối"
                joined_result = check_answer(self.form, f, joined, values, self.today)
                result = joined_result if joined_result.ok else result
            partial = state.setdefault("partial", {})
            partial.pop(f.name, None)
            if result.ok:
                changed = values.get(f.name) not in (None, result.value)
                values[f.name] = result.value or ""
                state["failures"].pop(f.name, None)
                state.get("lettered", {}).pop(f.name, None)
                if f.name in state["history"]:
                    state["history"].remove(f.name)
                state["history"].append(f.name)
                noted.append(f)
                if changed:
                    state.setdefault("changed", []).append(f.name)
            elif item.attempt or (current is not None and f.name == current.name and item.labelled):
                errors.append((f, (result.error or "") + self._keep_lettered(state, f, raw)))
                if f.type in _SPLIT_TYPES and _digits(raw):
                    partial[f.name] = _digits(raw)  # the rest may come in the next message
                if f.type == "id_number" and len(_digits(raw)) == 12 and self._fits_but_for_dates(state, f, raw):
                    state.setdefault("held", {})[f.name] = _digits(raw)  # it may fit once the birth date is fixed
        self._drop_inapplicable(state)
        noted += self._retry_held(state) if noted else []
        errors += self._unread_slip(state, text, found, current) if not errors else []
        if not noted and not errors:
            return None
        if errors:
            f, error = errors[0]
            lead = [self._noted_line(state, noted)] if noted else []
            return self._failure(state, f, error, lead)
        lead = [self._noted_line(state, noted)] if len(noted) > 1 or (current and noted[0].name != current.name) else []
        if state["stage"] == "summary" or state.get("reviewing"):
            return Turn(state, self._ask_next(state, lead))
        return Turn(state, self._ask_next(state, lead))

    def _unread_slip(self, state: dict[str, Any], text: str, found: list[Found], current: Field | None) -> list:
        """'Vu Dinh Khoa, 0270…, 0356l82947': a number with a letter among unlabelled values, refused
        for the field its length says (10 characters from 0: a phone; 12: a căn cước)."""
        slip = lettered_number(text)
        if not slip or any(slip in item.raw for item in found):
            return []
        size = len(re.sub(r"[\s.\-]", "", slip))
        kind = "phone" if size == 10 and slip.startswith("0") else "id_number" if size == 12 else ""
        empty = [f for f in self.form.to_ask(state["values"]) if f.type == kind and f.name not in state["values"]]
        f = current if current in empty else empty[0] if empty else None
        if f is None:
            return []
        result = check_answer(self.form, f, slip, state["values"], self.today)
        return [] if result.ok else [(f, (result.error or "") + self._keep_lettered(state, f, slip))]

    def _keep_lettered(self, state: dict[str, Any], f: Field, raw: str) -> str:
        """Keeps a number typed with a letter in it; the hint for saying what the letter meant."""
        number = lettered_number(raw) if f.type in ("phone", "id_number") else ""
        if not number:
            return ""
        state.setdefault("lettered", {})[f.name] = number
        letter = next(ch for ch in number if not ch.isdigit() and ch not in " .-").lower()
        return " " + w.LETTER_MEANT_HINT.format(letter=letter, digit="0" if letter == "o" else "1")

    def _letters_meant(self, state: dict[str, Any], text: str) -> Turn | None:
        """'chữ o là số 0': the number kept with that letter, read as the citizen says."""
        meant = letters_meant(text) if state.get("lettered") else {}
        for name, number in list(state.get("lettered", {}).items()) if meant else []:
            read = read_as_meant(number, meant)
            # the number read may be of another kind: "o937 204 581" typed when the căn cước was asked
            kinds = [self.form.field(name)] + [g for g in self.form.fields if g.asked and g.name != name
                                               and g.type in ("phone", "id_number") and g.name not in state["values"]]
            checked = [(g, check_answer(self.form, g, read, state["values"], self.today)) for g in kinds] if read else []
            f, result = next(((g, r) for g, r in checked if r.ok), (None, None))
            if f is None or result is None or f.name in state["values"]:
                continue
            del state["lettered"][name]
            name = f.name
            current = self._current_field(state)
            if current is not None and current.name == name:
                return self._accept(state, f, result.value or "")
            state["values"][name] = result.value or ""
            lead = [w.FIELD_NOTED.format(label=f.label, value=result.value)]
            return Turn(state, self._resume_where_we_were(state, current, lead))
        return None

    def _address_continued(self, state: dict[str, Any], text: str, current: Field | None) -> Turn | None:
        """'số 17 ngõ 198 phố Xã Đàn,' then 'phường Kim Liên, Hà Nội …': the last answer goes on."""
        last = self.form.field(state["history"][-1]) if state["history"] else None
        if last is None or last.type != "address" or not state["values"].get(last.name) or current == last:
            return None
        return self._changed_to(state, last, continued_address(state["values"][last.name], text), current)

    def _reversed(self, state: dict[str, Any], text: str, current: Field | None) -> Turn | None:
        """'không phải xin việc mà là bổ sung hồ sơ …' while another question is asked."""
        found = by_reversed_phrase(state["values"], text)
        if found is None or not self.form.has_field(found.field_name):
            return None
        return self._changed_to(state, self.form.field(found.field_name), found.value, current)

    def _changed_to(self, state: dict[str, Any], f: Field, value: str | None, current: Field | None) -> Turn | None:
        result = check_answer(self.form, f, value, state["values"], self.today) if value else None
        if result is None or not result.ok:
            return None
        if current is not None and current.name == f.name:
            return self._accept(state, f, result.value or "")
        state["values"][f.name] = result.value or ""
        lead = [w.FIELD_CHANGED.format(label=f.label, value=result.value)]
        return Turn(state, self._ask_current_or_next(state, lead))

    def _noted_line(self, state: dict[str, Any], noted: list[Field]) -> str:
        parts = [f"{f.label}: {state['values'].get(f.name) or w.EMPTY_VALUE}" for f in noted]
        return w.NOTED.format(items="; ".join(parts))

    def _drop_inapplicable(self, state: dict[str, Any]) -> None:
        for f in self.form.fields:
            # only once the field it depends on is answered: a father's căn cước given before his
            # name is kept, one given with "không có bố" is not
            if (f.asked and f.name in state["values"] and f.when is not None and f.when.field in state["values"]
                    and not f.applies(state["values"])):
                state["values"].pop(f.name, None)

    # --- corrections in free words -------------------------------------------------------------

    def _correction(self, state: dict[str, Any], message: Message) -> Turn | None:
        """'à nhầm, số điện thoại là 0912 345 678': change that field, then go on where we were."""
        current = self._current_field(state) if state["stage"] == "asking" else None
        found = find_correction(self.form, state["values"], current, in_writer_terms(self.form, state, message.text))
        if found is None:
            found = self._restatement(state, message.text)
        if found is None:
            return None
        if found == "back":
            return self._back(state)  # "à nhầm rồi": the previous answer was wrong
        swapped = by_phrase_swap(state["values"], message.text)  # "ấp Long Thới chớ hổng phải ấp Long Bình"
        if swapped is not None and swapped.field_name == found.field.name:
            found = Correction(found.field, swapped.value)
        target = found.field
        found = Correction(target, _same_as_before(self.form, state["values"], target, found.value))
        if not found.value.strip():
            return Turn(state, self._ask(state, target, [w.ASK_FIELD_AGAIN.format(label=target.label)]))
        result = check_answer(self.form, target, found.value, state["values"], self.today)
        token = find_restatement(state["values"], message.text) if not result.ok else None
        if token is not None and token.field_name == target.name:  # "12/5 chứ không phải 21/5": the year kept
            result = check_answer(self.form, target, token.value, state["values"], self.today)
        if not result.ok:
            lead = [w.FIELD_NOT_CHANGED.format(label=target.label, error=result.error)]
            return Turn(state, self._resume_where_we_were(state, current, lead))
        if current is not None and target.name == current.name:
            return self._accept(state, target, result.value or "")  # it answers the question asked
        changed = target.name in state["values"]
        state["values"][target.name] = result.value or ""
        if target.name not in state["history"]:
            state["history"].append(target.name)
        template = w.FIELD_CHANGED if changed else w.FIELD_NOTED
        lead = [template.format(label=target.label, value=result.value)]
        retried = self._retry_held(state)
        if retried:
            lead.append(self._noted_line(state, retried))
        return Turn(state, self._resume_where_we_were(state, current, lead))

    def _fits_but_for_dates(self, state: dict[str, Any], f: Field, raw: str) -> bool:
        """The number is refused only for not fitting a date given (the birth year it encodes)."""
        undated = {k: v for k, v in state["values"].items() if self.form.field(k).type != "date"}
        return check_answer(self.form, f, _digits(raw), undated, self.today).ok

    def _retry_held(self, state: dict[str, Any]) -> list[Field]:
        """A căn cước refused only for not fitting another answer ("the card says born 2001, the
        birth date says 2000") is taken when that answer is corrected."""
        taken = []
        for name, digits in list((state.get("held") or {}).items()):
            f = self.form.field(name)
            if name in state["values"]:
                del state["held"][name]
                continue
            result = check_answer(self.form, f, digits, state["values"], self.today)
            if result.ok:
                state["values"][name] = result.value or ""
                state["failures"].pop(name, None)
                state["history"].append(name)
                del state["held"][name]
                taken.append(f)
        return taken

    def _restatement(self, state: dict[str, Any], text: str) -> Correction | None:
        """'số nhà là 29 chứ không phải 27: 29 kiệt 5 …': the field found by its value."""
        restated = find_restatement(state["values"], text)
        if restated is None or restated.field_name not in {f.name for f in self.form.fields}:
            return self._retyped(state, text)
        return Correction(self.form.field(restated.field_name), restated.value)

    def _retyped(self, state: dict[str, Any], text: str) -> Correction | None:
        """'ê khoan, đổi ngày thành 31/08/2028': one date (phone, căn cước) and one filled field of its kind."""
        if not has_correction_marker(text):
            return None
        typed = [t for t in typed_values(text) if t.entity in _TYPED_FIELDS]
        if len(typed) != 1:
            return None
        kind = _TYPED_FIELDS[typed[0].entity]
        filled = [f for f in self.form.fields if f.type == kind and state["values"].get(f.name)
                  and f.applies(state["values"])]
        if len(filled) > 1:  # "sai 1 số, đúng là 0793…21": the one it differs from by a digit or two
            filled = [f for f in filled if _near(state["values"][f.name], typed[0].value)]
        return Correction(filled[0], typed[0].value) if len(filled) == 1 else None

    def _resume_where_we_were(self, state: dict[str, Any], current: Field | None, lead: list[str]) -> list[Reply]:
        if current is not None and current.applies(state["values"]):
            return self._ask(state, current, lead)
        return self._ask_next(state, lead)  # from the summary: new questions first, else the summary
