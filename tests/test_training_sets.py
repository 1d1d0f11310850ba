"""Labelled sets by other authors used as NLU training data (bot/data/nlu/citizen_messages).

The held-out sets must stay unseen: none of their messages may be a training example. The
generated files must be what scripts/training_from_sets.py writes from the sets named in
understand_eval.TRAINED_ON (edit the sets, then regenerate; never hand-edit the output).
"""
import os
import subprocess
import sys
from pathlib import Path

from domain.feedback.export import existing_examples, plain_example
from tests.evaluation.understand_eval import HELD_OUT, TRAINED_ON, load_set

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT / "tests" / "data"
OUT = REPO_ROOT / "bot" / "data" / "nlu" / "citizen_messages"


def test_no_held_out_message_is_a_generated_training_example():
    """(The hand-written files were written before and apart from the sets; a few short messages,
    "Thế lệ phí bao nhiêu?", are in both by chance.)"""
    examples = existing_examples(OUT)
    leaked = [row["text"] for name in sorted(HELD_OUT) if (DATA / f"{name}.jsonl").exists()
              for row in load_set(DATA / f"{name}.jsonl") if plain_example(row["text"]) in examples]
    assert not leaked, leaked[:5]


def test_training_sets_are_not_held_out():
    assert not TRAINED_ON & HELD_OUT


def test_generated_files_match_the_sets(tmp_path):
    subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "training_from_sets.py"), "--out", str(tmp_path)],
                   check=True, cwd=REPO_ROOT, capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    generated = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.yml")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in OUT.glob("*.yml")}
    assert generated == committed


def test_every_example_keeps_its_entities():
    """A set's labelled entity is marked up in its example, so the entity extractor learns it."""
    text = "".join(p.read_text(encoding="utf-8") for p in OUT.glob("*.yml"))
    assert text.count("](receipt_code)") > 50 and text.count("](person_name)") > 20
