"""A long story is tokenized only in its question (the Rasa tokenizer, in the Rasa venv)."""
import json
import subprocess

import pytest

from core.settings import ROOT
from knowledge.answers.question_focus import focus_span

RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"
SCRIPT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from bot.components.vi_tokenizer import VietnameseTokenizer
tok = VietnameseTokenizer({**VietnameseTokenizer.get_default_config(), "focus_long_messages": True})
print(json.dumps({t: [[x.text, x.start, x.end] for x in tok.tokenize(Message({"text": t}), "text")]
                  for t in json.loads(sys.argv[1])}))
"""
STORY = ("Tôi nộp hồ sơ từ tháng trước, mã 000.00.15.H22-240918-0003, đến giờ vẫn chưa thấy ai gọi điện. "
         "Tôi đã lên xã hai lần mà cán bộ nói chờ thêm. Gia đình tôi cần giấy này gấp để làm thủ tục cho con đi học. "
         "Xin hỏi hồ sơ đăng ký thường trú thường mất bao nhiêu ngày thì có kết quả?")
SHORT = "hồ sơ 000.00.15.H22-240918-0003 của tôi duyệt chưa"


@pytest.fixture(scope="module")
def tokens():
    if not RASA_PYTHON.exists():
        pytest.fail("Rasa venv missing: run make setup")
    done = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, json.dumps([STORY, SHORT])], cwd=ROOT, capture_output=True,
                          text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_story_keeps_only_its_question_with_exact_offsets(tokens):
    start, end = focus_span(STORY)
    assert start > 0
    story = tokens[STORY]
    assert story and all(start <= s and e <= end and STORY[s:e] == t for t, s, e in story)
    assert [t for t, _, _ in story][:3] == ["Xin", "hỏi", "hồ"]
    assert "000.00.15.H22-240918-0003" not in [t for t, _, _ in story]  # outside the question


def test_a_short_message_is_tokenized_whole(tokens):
    texts = [t for t, _, _ in tokens[SHORT]]
    assert texts[0] == "hồ" and "000.00.15.H22-240918-0003" in texts and texts[-1] == "chưa"
