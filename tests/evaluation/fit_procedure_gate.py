"""Fit the "does a procedure apply" gate (knowledge/answers/procedure_gate.py) on dev sets.

    .venvs/rasa/bin/python -m tests.evaluation.rasa_parse --out reports/parses <sets>   # NLU intents
    .venvs/app/bin/python -m tests.evaluation.fit_procedure_gate --parses reports/parses <sets>

Every labelled row the gate would see (identify.candidates: not sure out of scope, some topic
word, no life situation deciding) becomes an example: positive when a procedure applies and the
search's top 3 holds one of its codes (asserting helps), negative when its gold codes are empty
(asserting is an error); rows whose procedure the search misses teach nothing and are left out.
The intent is the NLU's reading of the row (parses from rasa_parse), ask_procedure without one.
Only DEV sets belong here (never a held-out set). Writes the coefficients, the thresholds and the
5-fold cross-validated trade-off per set into knowledge/answers/procedure_gate.json.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from knowledge.answers.procedure_gate import FEATURES, GATE_FILE, best_parts, expand, features

THRESHOLDS = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7)


def examples(services, path: Path, parses_dir: Path) -> list[dict]:
    from api.taxonomy import reported_intent
    from knowledge.answers.identify import candidates

    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    parses_file = parses_dir / f"{path.stem}.parses.json"
    parses = json.loads(parses_file.read_text()) if parses_file.exists() else [None] * len(items)
    search, rows = services.search(), []
    for item, parsed in zip(items, parses):
        gold = item.get("codes")
        if gold is None:
            continue
        intent = reported_intent(parsed["parse"]) if parsed else {"name": "ask_procedure", "confidence": 1.0}
        found = candidates(search, item["text"], intent["name"], intent["confidence"])
        if found is None or found[2] is not None or not found[0]:
            continue
        hits, topic, _, query = found
        if gold and not any(h["code"] in gold for h in hits[:3]):
            continue
        parts = best_parts(search, query, hits[0]["code"])
        rows.append({"set": path.stem, "label": int(bool(gold)), "story": len(item["text"].split()) >= 30,
                     "x": features(hits, parts, topic, len(item["text"].split()), intent["name"])})
    return rows


PAIRS = False


def design(raw: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return np.array([expand(list(r), list(mean), list(scale), PAIRS) for r in raw])


def fit(raw: np.ndarray, labels: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    mean, scale = raw.mean(axis=0), raw.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(design(raw, mean, scale), labels)
    return model, mean, scale


def cross_validated(raw: np.ndarray, labels: np.ndarray, c: float) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    predicted = np.zeros(len(labels))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(raw, labels):
        model, mean, scale = fit(raw[train], labels[train], c)
        predicted[test] = model.predict_proba(design(raw[test], mean, scale))[:, 1]
    return predicted


def trade_off(rows: list[dict], predicted: np.ndarray) -> dict:
    """Per set, message kind and threshold: positives kept and negatives asserted (cross-validated)."""
    table: dict = {}
    for name in sorted({r["set"] for r in rows}):
        for kind, story in (("messages", False), ("stories", True)):
            chosen = [(r["label"], p) for r, p in zip(rows, predicted) if r["set"] == name and r["story"] == story]
            if not chosen:
                continue
            positives = sum(label for label, _ in chosen)
            negatives = len(chosen) - positives
            table[f"{name} {kind}"] = {
                str(t): f"kept {sum(1 for label, p in chosen if label and p >= t)}/{positives}, "
                        f"asserted {sum(1 for label, p in chosen if not label and p >= t)}/{negatives}"
                for t in THRESHOLDS}
    return table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--parses", type=Path, default=Path("reports/parses"))
    parser.add_argument("--out", type=Path, default=GATE_FILE)
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument("--story-threshold", type=float, default=0.1)
    args = parser.parse_args()
    from tests.evaluation.understand_eval import HELD_OUT, EvalServices

    held_out = [p.name for p in args.sets if p.stem in HELD_OUT]
    if held_out:
        parser.error(f"held-out sets are never fitted on: {', '.join(held_out)}")
    services = EvalServices()
    rows = [row for path in args.sets for row in examples(services, path, args.parses)]
    raw = np.array([r["x"] for r in rows], dtype=float)
    labels = np.array([r["label"] for r in rows])
    table = trade_off(rows, cross_validated(raw, labels, args.c))
    model, mean, scale = fit(raw, labels, args.c)
    gate = {"features": list(FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6),
            "pairs": PAIRS, "threshold": args.threshold, "story_threshold": args.story_threshold, "C": args.c,
            "fitted_on": {name: sum(r["set"] == name for r in rows) for name in sorted({r["set"] for r in rows})},
            "cross_validated": table}
    args.out.write_text(json.dumps(gate, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(table, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
