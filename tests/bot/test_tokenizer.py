"""The Rasa tokenizer runs in the Rasa venv: exercised there through a subprocess."""
import json
import subprocess

import pytest

from core.settings import ROOT

RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"
SCRIPT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from bot.components.vi_tokenizer import VietnameseTokenizer
out = {}
for unit in ("syllable", "word"):
    tok = VietnameseTokenizer({**VietnameseTokenizer.get_default_config(), "token_unit": unit})
    out[unit] = {t: [[x.text, x.start, x.end, x.lemma] for x in tok.tokenize(Message({"text": t}), "text")]
                 for t in json.loads(sys.argv[1])}
print(json.dumps(out))
"""
TEXTS = [
    "Cho bác hỏi làm giấy khai sinh ở đâu, sđt 0912 345 678",
    "lam giay khai sinh o dau ko ad",
    "hồ sơ 000.00.15.H22-240918-0003 của Mai Thị Tuyết duyệt chưa",
]


@pytest.fixture(scope="module")
def tokens():
    if not RASA_PYTHON.exists():
        pytest.fail("Rasa venv missing: run make setup")
    done = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, json.dumps(TEXTS)], cwd=ROOT, capture_output=True,
                          text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("unit", ["syllable", "word"])
def test_offsets_are_exact(tokens, unit):
    for text in TEXTS:
        for token_text, start, end, _ in tokens[unit][text]:
            assert text[start:end] == token_text


def test_lemma_is_folded_segmented_word(tokens):
    lemmas = [t[3] for t in tokens["syllable"][TEXTS[0]]]
    assert "khai_sinh" in lemmas and "giay" in lemmas and "o" in lemmas
    assert "so_dien_thoai" in lemmas


def test_no_diacritics_and_teencode_meet_standard_forms(tokens):
    lemmas = {t[3] for t in tokens["syllable"][TEXTS[1]]}
    assert {"khai_sinh", "khong"} <= lemmas


def test_structured_entities_stay_single_tokens(tokens):
    texts = [t[0] for t in tokens["syllable"][TEXTS[0]]] + [t[0] for t in tokens["syllable"][TEXTS[2]]]
    assert "0912 345 678" in texts and "000.00.15.H22-240918-0003" in texts


def test_syllable_tokens_align_with_names(tokens):
    texts = [t[0] for t in tokens["syllable"][TEXTS[2]]]
    assert texts[-5:] == ["Mai", "Thị", "Tuyết", "duyệt", "chưa"]
