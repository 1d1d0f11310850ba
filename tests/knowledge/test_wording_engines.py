"""The form engine's, the guide engine's and the procedure answers' sentences live in
knowledge/wording/vi.yml (sections forms:, guides:, answers:): every name the code uses exists,
each sentence has exactly the {placeholders} the code fills, and an edit of the file changes
the reply (and, for a button title, what is recognised when it is pressed)."""
from __future__ import annotations

import ast
import os
import string
from pathlib import Path

import pytest
import yaml

from bot.forms import wording as form_wording
from bot.forms.engine import FormEngine
from bot.forms.flow import Message, Outcome
from bot.guides import wording as guide_wording
from bot.guides.engine import GuideEngine
from knowledge import wording
from knowledge.answers import render_answer
from knowledge.answers import wording as answer_wording
from knowledge.flows.forms import load_forms
from knowledge.flows.guides import GUIDES_DIR, load_guide

ROOT = Path(__file__).resolve().parents[2]
# module imported as … -> the section it reads
MODULES = {"bot.forms.wording": ("forms", form_wording), "bot.guides.wording": ("guides", guide_wording),
           "knowledge.answers.wording": ("answers", answer_wording)}

# what the code fills in each sentence (str.format keywords); every other sentence has none
FILLS = {
    "forms.question": {"prompt", "left"},
    "forms.example": {"example"},
    "forms.current_value": {"value"},
    "forms.noted": {"items"},
    "forms.still_needed": {"label"},
    "forms.field_changed": {"label", "value"},
    "forms.field_noted": {"label", "value"},
    "forms.letter_meant_hint": {"letter", "digit"},
    "forms.field_not_changed": {"label", "error"},
    "forms.ask_field_again": {"label"},
    "forms.paused": {"done", "total"},
    "forms.resumed": {"title", "done", "total"},
    "forms.resume_offer": {"title", "prompt"},
    "forms.resume_offer_summary": {"title"},
    "forms.profile_offer": {"facts"},
    "forms.summary_head": {"title"},
    "forms.continue_draft": {"title"},
    "forms.already_filling": {"title"},
    "forms.saved": {"code"},
    "guides.step": {"index", "total", "title", "text"},
    "guides.branch_step": {"title", "index", "total", "text"},
    "guides.paused": {"index", "total"},
    "guides.resumed": {"index"},
    "guides.resume_offer": {"title", "index", "step"},
    "answers.online_yes": {"portal"},
    "answers.level_other": {"level"},
    "answers.money": {"amount"},
    "answers.days": {"days"},
    "answers.title": {"name", "code"},
    "answers.continued": {"title"},
    "answers.details_link": {"link"},
    "answers.by_template": {"template"},
    "answers.processing_time": {"time"},
    "answers.place": {"place"},
    "answers.methods": {"methods"},
    "answers.step": {"n", "step"},
}
# a remembered detail is named with its value or the last digits of it (bot/forms/offers.py)
PROFILE_FACT_FILLS = {"value", "tail"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _aliases(tree: ast.AST) -> dict[str, str]:
    """Local name -> wording module, for `from bot.forms import wording as w` and the like."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if f"{node.module}.{alias.name}" in MODULES:
                    found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return found


def uses() -> list[tuple[str, str, str, ast.AST]]:
    """(file, module, NAME, parent node) for every `w.NAME` in the code."""
    found = []
    for package in ("bot", "knowledge", "domain", "api", "connectors"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            aliases = _aliases(tree)
            if not aliases:
                continue
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    if (isinstance(child, ast.Attribute) and isinstance(child.value, ast.Name)
                            and child.value.id in aliases and child.attr.isupper()):
                        found.append((str(path.relative_to(ROOT)), aliases[child.value.id], child.attr, node))
    return found


USES = uses()


def key_of(module: str, name: str) -> str:
    return f"{MODULES[module][0]}.{name.lower()}"


def test_the_engines_and_answers_read_the_wording_file():
    names = {(module, name) for _, module, name, _ in USES}
    assert ("bot.forms.wording", "SAVED") in names and ("bot.guides.wording", "STEP") in names
    assert ("knowledge.answers.wording", "NO_STEPS") in names
    assert len(names) > 100


@pytest.mark.parametrize("module, name", sorted({(m, n) for _, m, n, _ in USES}))
def test_every_name_the_code_uses_exists(module, name):
    value = getattr(MODULES[module][1], name)
    if name.endswith("_BUTTON"):
        assert set(value) == {"title", "payload"} and value["title"].strip()
    elif isinstance(value, dict):
        assert value and all(isinstance(v, str) and v.strip() for v in value.values())
    else:
        assert isinstance(value, str) and value.strip()


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        form_wording.NO_SUCH_SENTENCE  # noqa: B018
    assert not hasattr(guide_wording, "lowercase_name")


@pytest.mark.parametrize("section", ["forms", "guides", "answers"])
def test_each_sentence_has_the_placeholders_the_code_fills(section):
    for key, text in wording.section(section).items():
        full = f"{section}.{key}"
        if full == "forms.profile_facts":
            for fact in text.values():
                assert placeholders(fact) <= PROFILE_FACT_FILLS, fact
        elif full == "answers.levels":
            assert all(not placeholders(sentence) for sentence in text.values())
        else:
            assert placeholders(text) == FILLS.get(full, set()), full


def test_the_fills_table_is_what_the_code_passes():
    """Where the code formats a sentence directly (w.NAME.format(...)), it passes the table's keywords."""
    tree_calls = []
    for package in ("bot", "knowledge"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            aliases = _aliases(tree)
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
                        and isinstance(node.func.value, ast.Attribute) and isinstance(node.func.value.value, ast.Name)
                        and node.func.value.value.id in aliases):
                    key = key_of(aliases[node.func.value.value.id], node.func.value.attr)
                    tree_calls.append((path.name, key, {k.arg for k in node.keywords}))
    for where, key, keywords in tree_calls:
        assert keywords == FILLS[key], (where, key)
    assert len(tree_calls) >= 15


def test_the_texts_are_shared_with_the_buttons_section():
    assert form_wording.OFFICER_BUTTON == guide_wording.OFFICER_BUTTON == wording.button("officer")
    assert form_wording.CONTINUE_BUTTON == {"title": "Tiếp tục điền", "payload": "/continue_flow"}
    assert guide_wording.CONTINUE_BUTTON == {"title": "Tiếp tục hướng dẫn", "payload": "/continue_flow"}
    form_wording.PROFILE_FACTS["phone"] = "changed by a caller"  # a copy: the file's data stays
    assert form_wording.PROFILE_FACTS["phone"] == "số điện thoại có 3 số cuối {tail}"


@pytest.fixture
def edited(tmp_path, monkeypatch):
    """Edit the wording file (a copy): edited({"forms.paused": "…"})."""
    data = yaml.safe_load((wording.WORDING_DIR / "vi.yml").read_text(encoding="utf-8"))
    monkeypatch.setattr(wording, "WORDING_DIR", tmp_path)
    edits = []

    def edit(changes: dict[str, object]) -> None:
        for key, value in changes.items():
            *parents, last = key.split(".")
            target = data
            for part in parents:
                target = target[part]
            target[last] = value
        (tmp_path / "vi.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        edits.append(changes)  # a new stamp for each edit, however fast they come
        os.utime(tmp_path / "vi.yml", ns=(len(edits), 10**18 + len(edits)))

    edit({})
    return edit


def test_an_edit_changes_the_form_engines_reply(edited):
    engine = FormEngine(load_forms()["1.004194"])
    state = engine.start().state
    edited({"forms.paused": "Đã dừng ở câu {done}/{total}.", "buttons.continue_form.title": "Điền tiếp"})
    turn = engine.handle(state, Message("dừng"))
    assert turn.outcome == Outcome.PAUSED
    assert turn.replies[0].text == "Đã dừng ở câu 0/5." and turn.replies[0].buttons[0]["title"] == "Điền tiếp"


def test_an_edit_changes_the_guide_engines_reply_and_what_a_pressed_button_means(edited):
    engine = GuideEngine(load_guide(GUIDES_DIR / "vneid.yml"))
    state = engine.start().state
    state = engine.handle(state, Message("chưa có")).state
    edited({"guides.step": "B{index}/{total} {title}: {text}", "guides.done": "Làm xong"})
    turn = engine.handle(state, Message("Làm xong"))  # the new title, pressed
    assert turn.replies[0].text.startswith("B2/") and turn.replies[0].buttons[0]["title"] == "Làm xong"


def test_an_edit_changes_a_procedure_answer(edited):
    record = {"code": "9.000001", "name": "Thủ tục thử", "submission_methods": [{"fee_amount": 0}]}
    assert "Danh mục chưa ghi rõ giấy tờ cần nộp." in render_answer(record, "ask_documents").text
    edited({"answers.no_document_list": "Chưa có danh mục giấy tờ.", "answers.free": "không mất tiền"})
    assert "Chưa có danh mục giấy tờ." in render_answer(record, "ask_documents").text
    assert "không mất tiền" in render_answer(record, "ask_fee").text
