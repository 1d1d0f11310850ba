"""The chat actions' sentences live in knowledge/wording/vi.yml: every key the actions ask for
exists, and an edit of the file changes the reply without a restart."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge import wording

ACTIONS = Path(__file__).resolve().parents[2] / "bot" / "actions"
# say("…") or wording.say("…"); the status check's flow.say(…) reads its own definition
CALL = re.compile(r"""(?:(?<![\w.])|\bwording\.)(say|button|section)\(\s*["']([\w.]+)["']""")


def used_keys() -> set[tuple[str, str]]:
    return {m.groups() for path in ACTIONS.glob("*.py") for m in CALL.finditer(path.read_text(encoding="utf-8"))}


def test_the_actions_use_the_wording_file():
    assert ("say", "procedures.not_found") in used_keys()


@pytest.mark.parametrize("kind, key", sorted(used_keys()))
def test_every_key_the_actions_use_exists(kind, key):
    if kind == "button":
        assert set(wording.button(key)) == {"title", "payload"}
    elif kind == "say":
        assert wording.say(key).strip()
    else:
        assert wording.section(key)


def test_an_edit_of_the_file_is_read_again(tmp_path, monkeypatch):
    (tmp_path / "vi.yml").write_text('procedures:\n  ask_which: "Thủ tục nào ạ?"\n', encoding="utf-8")
    monkeypatch.setattr(wording, "WORDING_DIR", tmp_path)
    assert wording.say("procedures.ask_which") == "Thủ tục nào ạ?"
    (tmp_path / "vi.yml").write_text('procedures:\n  ask_which: "Dạ, {who} hỏi thủ tục nào ạ?"\n', encoding="utf-8")
    import os
    os.utime(tmp_path / "vi.yml", ns=(1, 10**18))
    assert wording.say("procedures.ask_which", who="bác") == "Dạ, bác hỏi thủ tục nào ạ?"
    with pytest.raises(KeyError):
        wording.say("procedures.nope")
