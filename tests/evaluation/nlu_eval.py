"""NLU metrics on the held-out dev set: intent accuracy, macro-F1, entity F1, by style.

Runs in the Rasa venv (loads the trained model directly, no server needed):
    .venvs/rasa/bin/python -m tests.evaluation.nlu_eval --dev tests/data/nlu_dev.jsonl
Intents are mapped onto the fixed taxonomy exactly as POST /api/v1/understand does.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from api.taxonomy import reported_entities, reported_intent
from core.text.normalize import has_diacritics


def load_dev(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def intent_metrics(gold: list[str], predicted: list[str]) -> dict:
    labels = sorted(set(gold) | set(predicted))
    f1s, per_label = [], {}
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if label in gold:
            f1s.append(f1)
            per_label[label] = {"precision": precision, "recall": recall, "f1": f1, "support": gold.count(label)}
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0
    return {"n": len(gold), "accuracy": accuracy, "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
            "per_intent": per_label}


def entity_metrics(gold: list[list[dict]], predicted: list[list[dict]]) -> dict:
    """Exact-match F1 on (entity, start, end), overall and per entity."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for g_list, p_list in zip(gold, predicted):
        g = {(e["entity"], e["start"], e["end"]) for e in g_list}
        p = {(e["entity"], e["start"], e["end"]) for e in p_list}
        for key in g | p:
            kind = "tp" if key in g and key in p else ("fn" if key in g else "fp")
            counts[key[0]][kind] += 1
            counts["_all"][kind] += 1

    def f1(c: Counter) -> dict:
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": c["tp"] + c["fn"]}

    return {name: f1(c) for name, c in sorted(counts.items())}


async def predict(model: Path, texts: list[str]) -> tuple[list[dict], float]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    parses, started = [], time.perf_counter()
    for text in texts:
        parses.append(await agent.parse_message(text))
    return parses, (time.perf_counter() - started) / max(1, len(texts))


def evaluate(dev: list[dict], parses: list[dict]) -> dict:
    rows = []
    for item, parse in zip(dev, parses):
        rows.append({"text": item["text"], "style": item.get("style", ""), "gold": item["intent"],
                     "predicted": reported_intent(parse)["name"], "gold_entities": item.get("entities", []),
                     "predicted_entities": reported_entities(parse),
                     "no_diacritics": not has_diacritics(item["text"])})

    def block(selected: list[dict]) -> dict:
        return {**intent_metrics([r["gold"] for r in selected], [r["predicted"] for r in selected]),
                "entities": entity_metrics([r["gold_entities"] for r in selected],
                                           [r["predicted_entities"] for r in selected])}

    styles = sorted({r["style"] for r in rows})
    return {
        "overall": block(rows),
        "no_diacritics": block([r for r in rows if r["no_diacritics"]]),
        "by_style": {s: {k: v for k, v in block([r for r in rows if r["style"] == s]).items() if k in ("n", "accuracy")} for s in styles},
        "errors": [{k: r[k] for k in ("text", "gold", "predicted")} for r in rows if r["gold"] != r["predicted"]],
    }


def markdown(result: dict, latency_ms: float) -> str:
    o, n = result["overall"], result["no_diacritics"]
    lines = ["# NLU evaluation (held-out dev set)", "",
             "| slice | messages | intent accuracy | macro-F1 | entity F1 |", "|---|---|---|---|---|"]
    for name, block in (("all", o), ("no diacritics", n)):
        lines.append(f"| {name} | {block['n']} | {block['accuracy']:.1%} | {block['macro_f1']:.3f} | "
                     f"{block['entities'].get('_all', {}).get('f1', 0):.3f} |")
    lines += ["", f"Mean parse latency (in-process): {latency_ms:.1f} ms", "", "## By style", "",
              "| style | n | accuracy |", "|---|---|---|"]
    lines += [f"| {s} | {b['n']} | {b['accuracy']:.1%} |" for s, b in result["by_style"].items()]
    lines += ["", "## Entities", "", "| entity | support | precision | recall | F1 |", "|---|---|---|---|---|"]
    lines += [f"| {e} | {m['support']} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |"
              for e, m in o["entities"].items()]
    lines += ["", "## Intents", "", "| intent | support | precision | recall | F1 |", "|---|---|---|---|---|"]
    lines += [f"| {i} | {m['support']} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} |"
              for i, m in o["per_intent"].items()]
    lines += ["", f"## Errors ({len(result['errors'])})", ""]
    lines += [f"- `{e['text']}` — gold {e['gold']}, predicted {e['predicted']}" for e in result["errors"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", type=Path, default=Path("tests/data/nlu_dev.jsonl"))
    parser.add_argument("--model", type=Path, default=Path("models/current.tar.gz"))
    parser.add_argument("--out", type=Path, default=Path("reports"))
    args = parser.parse_args()
    dev = load_dev(args.dev)
    parses, latency = asyncio.run(predict(args.model, [d["text"] for d in dev]))
    result = evaluate(dev, parses)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "nlu_eval.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    report = markdown(result, latency * 1000)
    (args.out / "nlu_eval.md").write_text(report)
    print(report.split("## By style")[0])


if __name__ == "__main__":
    main()
