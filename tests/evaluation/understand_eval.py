"""Score labelled sets through the code of POST /api/v1/understand (app venv).

Run tests/evaluation/rasa_parse.py first (Rasa venv) for the parses; this script turns each
parse into the endpoint's response with api.routers.understand.understand_parse and scores:
intent accuracy and macro-F1 (rows with a gold `intent`), procedure top-1 / top-3 (rows with
non-empty gold `codes`), and "asserted on empty": the share of rows whose gold `codes` is
empty but a procedure was returned. Every number is given for the whole set and per style
slice (the row's `style`, plus `no_diacritics` and `long` computed from the text).

    .venvs/app/bin/python -m tests.evaluation.understand_eval --parses reports/parses \
        --out reports/understand_eval.md tests/data/nlu_dev.jsonl ...
"""
from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from pathlib import Path

from tests.evaluation.nlu_eval import intent_metrics

LONG_WORDS = 30
# Held-out sets: scored, never tuned on. Their failing rows are not written to the report's JSON,
# so nobody tuning the NLU reads them by accident.
HELD_OUT = frozenset({"real_questions_test", "nlu_realistic4", "nlu_realistic6", "nlu_realistic7", "nlu_realistic8",
                      "nlu_realistic10", "nlu_realistic20", "procedure_test3"})
# Sets whose messages are NLU training data (bot/data/nlu/citizen_messages, written by
# scripts/training_from_sets.py): their intent numbers are in-sample, not a measure.
TRAINED_ON = frozenset({"nlu_realistic3", "nlu_realistic5", "nlu_realistic9", "nlu_realistic11", "nlu_realistic12",
                        "nlu_realistic13", "nlu_realistic14", "nlu_realistic15", "nlu_realistic16",
                        # written as training data by six helpers blind to every set and to bot/data
                        "nlu_training1", "nlu_training2", "nlu_training3", "nlu_training4",
                        "nlu_training5", "nlu_training6"})


class EvalServices:
    """What understand_parse needs of the app's services: the search and the catalogue."""

    def __init__(self):
        from knowledge.search.hybrid import ProcedureSearch

        self._search = ProcedureSearch()
        self._search.load()

    def search(self):
        return self._search

    def catalogue(self):
        from knowledge.catalogue import load_catalogue

        return load_catalogue()


def load_set(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def slices_of(item: dict) -> list[str]:
    from core.text.normalize import has_diacritics

    names = ["all"]
    if item.get("style"):
        names.append(f"style:{item['style']}")
    if not has_diacritics(item["text"]):
        names.append("no_diacritics")
    if len(item["text"].split()) >= LONG_WORDS:
        names.append("long (30+ words)")
    return list(dict.fromkeys(names))


def score_rows(rows: list[dict]) -> dict:
    with_intent = [r for r in rows if r.get("gold_intent")]
    with_codes = [r for r in rows if r.get("gold_codes")]
    empty = [r for r in rows if r.get("gold_codes") == []]
    result = {"n": len(rows)}
    if with_intent:
        m = intent_metrics([r["gold_intent"] for r in with_intent], [r["intent"] for r in with_intent])
        result.update(intent_n=m["n"], intent_accuracy=m["accuracy"], macro_f1=m["macro_f1"])
    if with_codes:
        result.update(codes_n=len(with_codes),
                      top1=sum(bool(r["codes"][:1]) and r["codes"][0] in r["gold_codes"] for r in with_codes) / len(with_codes),
                      top3=sum(any(c in r["gold_codes"] for c in r["codes"][:3]) for r in with_codes) / len(with_codes))
    if empty:
        result.update(empty_n=len(empty), asserted_on_empty=sum(bool(r["codes"]) for r in empty) / len(empty))
    return result


def evaluate(services, items: list[dict], parses: list[dict]) -> dict:
    from api.routers.understand import understand_parse

    rows = []
    for item, parsed in zip(items, parses):
        response = understand_parse(services, item["text"], parsed["parse"])
        rows.append({"text": item["text"], "gold_intent": item.get("intent"), "gold_codes": item.get("codes"),
                     "intent": response.intent.name, "codes": [p.code for p in response.procedures],
                     "slices": slices_of(item), "ms": parsed["ms"]})
    by_slice: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        for name in row["slices"]:
            by_slice[name].append(row)
    latencies = sorted(r["ms"] for r in rows)
    return {"slices": {name: score_rows(selected) for name, selected in sorted(by_slice.items())},
            "nlu_ms_p50": statistics.median(latencies) if latencies else 0.0,
            "nlu_ms_p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
            "errors": [r for r in rows if (r["gold_intent"] and r["gold_intent"] != r["intent"])
                       or (r["gold_codes"] and not any(c in r["gold_codes"] for c in r["codes"][:3]))
                       or (r["gold_codes"] == [] and r["codes"])]}


def _pct(block: dict, key: str, n_key: str) -> str:
    return f"{block[key]:.1%} ({block[n_key]})" if key in block else "–"


def markdown(results: dict[str, dict]) -> str:
    lines = ["# Understanding evaluation (scored through POST /api/v1/understand's code)", "",
             "Intent accuracy and macro-F1 on rows with a gold intent; top-1/top-3 on rows with gold codes;",
             "asserted-on-empty = share of rows whose gold codes are empty but a procedure was returned.",
             "Numbers in brackets: rows counted.", ""]
    for name, result in results.items():
        role = ("held out: scored, never tuned on" if name in HELD_OUT
                else "training data: intent in-sample" if name in TRAINED_ON else "dev: tuned on")
        lines += [f"## {name} ({role})", "",
                  f"Rasa parse latency in-process: p50 {result['nlu_ms_p50']:.0f} ms, p95 {result['nlu_ms_p95']:.0f} ms", "",
                  "| slice | n | intent accuracy | macro-F1 | top-1 | top-3 | asserted on empty |",
                  "|---|---|---|---|---|---|---|"]
        for slice_name, b in result["slices"].items():
            f1 = f"{b['macro_f1']:.3f}" if "macro_f1" in b else "–"
            lines.append(f"| {slice_name} | {b['n']} | {_pct(b, 'intent_accuracy', 'intent_n')} | {f1} | "
                         f"{_pct(b, 'top1', 'codes_n')} | {_pct(b, 'top3', 'codes_n')} | "
                         f"{_pct(b, 'asserted_on_empty', 'empty_n')} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--parses", type=Path, default=Path("reports/parses"))
    parser.add_argument("--out", type=Path, default=Path("reports/understand_eval.md"))
    args = parser.parse_args()
    services = EvalServices()
    results = {}
    for path in args.sets:
        parses_file = args.parses / f"{path.stem}.parses.json"
        if not path.exists() or not parses_file.exists():
            continue
        results[path.stem] = evaluate(services, load_set(path), json.loads(parses_file.read_text()))
        if path.stem in HELD_OUT:
            results[path.stem]["errors"] = f"{len(results[path.stem]['errors'])} rows (held out: not listed)"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(results))
    args.out.with_suffix(".json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(markdown(results))


if __name__ == "__main__":
    main()
