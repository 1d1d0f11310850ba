"""Evaluate procedure search on a labelled dev set.

    python -m knowledge.search.evaluate --dev tests/data/procedure_dev.jsonl

Dev lines: {"text": ..., "codes": [acceptable codes], "style": "standard|no_diacritics|..."}.
Lines with no codes are messages that match no procedure; they measure "no match".
Reports top-1, top-3 and MRR@10 (overall, per style, and for the ranking
variants), query latency, index build time; writes reports/search_eval.md + .json.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from .confidence import assess
from .fusion import rrf_fusion, score_fusion
from .hybrid import ProcedureSearch
from .settings import REPO_ROOT, SearchSettings

MRR_DEPTH = 10
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
# Messages that name no procedure, one per kind of off-topic message in the
# intent taxonomy (greeting, thanks, yes/no, account, status, payment, human,
# complaint, chit-chat). Used only to measure "no match", never to train.
OFF_TOPIC_PROBES = (
    "chào em", "thôi chào nhé", "cảm ơn cháu nhiều", "đúng rồi", "không phải", "ừ",
    "tôi không đăng nhập được cổng dịch vụ công", "quên mật khẩu tài khoản",
    "hồ sơ của tôi đến đâu rồi", "thanh toán lệ phí trên cổng bằng cách nào",
    "cho tôi nói chuyện với cán bộ", "hỏi mãi không trả lời được, chán quá",
    "hôm nay trời có mưa không", "giá vàng hôm nay bao nhiêu", "cách nấu phở bò", "ok",
)


def _rankers(engine: ProcedureSearch):
    prior = engine.prior
    rankers = {
        "hybrid_score": lambda e: score_fusion(e, prior),
        "hybrid_rrf": lambda e: rrf_fusion(e, prior),
        "lexical_only": lambda e: score_fusion(replace(e, dense=None), prior),
    }
    if engine.dense_enabled:
        rankers["dense_only"] = lambda e: e.dense
    return rankers


def _metrics(ranks: list[int | None]) -> dict:
    n = len(ranks)
    if not n:
        return {"n": 0}
    return {
        "n": n,
        "top1": sum(r == 1 for r in ranks if r) / n,
        "top3": sum(r <= 3 for r in ranks if r) / n,
        "mrr": sum(1 / r for r in ranks if r and r <= MRR_DEPTH) / n,
    }


def _first_correct(order: np.ndarray, codes: list[str], engine: ProcedureSearch) -> int | None:
    wanted = set(codes)
    for position, index in enumerate(order[:MRR_DEPTH], start=1):
        if engine.documents[index].code in wanted:
            return position
    return None


def load_dev(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(engine: ProcedureSearch, rows: list[dict]) -> dict:
    started = time.perf_counter()
    engine.load()
    load_seconds = time.perf_counter() - started
    rankers = _rankers(engine)
    known = {d.code for d in engine.documents}
    ranks: dict[str, dict[str, list]] = {name: defaultdict(list) for name in rankers}
    latencies, misses, no_match, unknown_codes = [], [], [], set()
    in_scope_top: list[tuple[float, bool]] = []
    verdicts: dict[str, list[bool]] = defaultdict(list)

    engine.search("khởi động")  # warm-up: first call pays one-off model costs
    for line, row in enumerate(rows):
        tick = time.perf_counter()
        hits = engine.search(row["text"], limit=MRR_DEPTH)
        latencies.append((time.perf_counter() - tick) * 1000)
        assessment = assess(hits)
        if not row["codes"]:
            no_match.append(assessment.status == "no_match")
            continue
        unknown_codes |= set(row["codes"]) - known
        in_scope_top.append((hits[0]["score"], hits[0]["code"] in row["codes"]))
        offered = {c["code"] for c in assessment.candidates}
        verdicts[assessment.status].append(bool(offered & set(row["codes"])))
        evidence = engine.evidence(row["text"])
        for name, ranker in rankers.items():
            rank = _first_correct(np.argsort(-ranker(evidence), kind="stable"), row["codes"], engine)
            ranks[name]["overall"].append(rank)
            ranks[name][row.get("style", "unknown")].append(rank)
            # Odd/even dev lines: a change is kept only if it helps both halves (guards against overfitting).
            ranks[name]["half_odd" if line % 2 else "half_even"].append(rank)
        if ranks["hybrid_score"]["overall"][-1] != 1:
            misses.append({"text": row["text"], "expected": row["codes"], "got": [h["code"] for h in hits[:3]],
                           "got_names": [h["name"][:80] for h in hits[:3]]})

    probe_top = [engine.search(text, limit=3)[0]["score"] for text in OFF_TOPIC_PROBES]
    in_scope = len(in_scope_top)
    return {
        "dev_rows": len(rows),
        "documents": len(engine.documents),
        "curated_documents": sum(d.curated for d in engine.documents),
        "dense_enabled": engine.dense_enabled,
        "fusion_default": engine.settings.fusion,
        "embedding_model": _display_path(engine.settings.embedding_model),
        "load_seconds": round(load_seconds, 2),
        "passage_embeddings_from_cache": engine.dense_cache_hit,
        "query_engine": engine.query_engine,
        "machine_load_1min": round(os.getloadavg()[0], 2),  # latency depends on other work on the box
        "cpu_count": os.cpu_count(),
        "latency_ms": {
            "p50": round(statistics.median(latencies), 1),
            "p95": round(float(np.percentile(latencies, 95)), 1),
        },
        "rankers": {name: {slice_: _metrics(r) for slice_, r in slices.items()} for name, slices in ranks.items()},
        "no_match": {
            "out_of_scope_rows": len(no_match),
            "correctly_flagged": sum(no_match) / len(no_match) if no_match else None,
            "in_scope_wrongly_flagged": len(verdicts["no_match"]) / in_scope if in_scope else None,
        },
        "verdicts": {
            status: {"share": len(v) / in_scope, "right_code_offered": sum(v) / len(v) if v else None}
            for status, v in verdicts.items()
        },
        "threshold_tradeoff": [
            {
                "threshold": t,
                "in_scope_flagged": sum(s < t for s, _ in in_scope_top) / in_scope if in_scope else None,
                "top1_of_unflagged": _share([ok for s, ok in in_scope_top if s >= t]),
                "probes_passing": sum(s >= t for s in probe_top) / len(probe_top),
            }
            for t in THRESHOLDS
        ],
        "unknown_codes_in_dev": sorted(unknown_codes),
        "misses_hybrid_score": misses,
    }


def _display_path(value: str) -> str:
    path = Path(value)
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else value


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _fmt(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def to_markdown(result: dict, dev_path: Path) -> str:
    lines = [
        "# Procedure search evaluation",
        "",
        f"Dev set: `{dev_path}` ({result['dev_rows']} rows). Catalogue: {result['documents']} procedures, "
        f"{result['curated_documents']} curated. Embedding model: `{result['embedding_model']}` "
        f"(dense {'on' if result['dense_enabled'] else 'OFF'}; queries embedded by {result['query_engine']}). "
        f"Default fusion: `{result['fusion_default']}`.",
        "",
        f"Index load (catalogue + BM25 + model + passage embeddings "
        f"{'from cache' if result['passage_embeddings_from_cache'] else 'computed'}): {result['load_seconds']} s. "
        f"Query latency: p50 {result['latency_ms']['p50']} ms, p95 {result['latency_ms']['p95']} ms "
        f"({result['cpu_count']} CPUs, 1-min load average {result['machine_load_1min']} at the end of the run).",
        "",
        "| ranker | slice | n | top-1 | top-3 | MRR@10 |",
        "|---|---|---|---|---|---|",
    ]
    for name, slices in result["rankers"].items():
        for slice_ in ["overall", *sorted(s for s in slices if s != "overall")]:
            m = slices[slice_]
            lines.append(f"| {name} | {slice_} | {m['n']} | {_fmt(m['top1'])} | {_fmt(m['top3'])} | {_fmt(m['mrr'])} |")
    nm = result["no_match"]
    if nm["out_of_scope_rows"]:
        lines += ["", f"Dev rows naming no procedure: {nm['out_of_scope_rows']}, "
                      f"flagged no-match: {_fmt(nm['correctly_flagged'])}."]
    lines += ["", "Verdicts of `assess()` on in-scope rows (share of rows; whether the right code was "
              "the confident answer / among the offered choices):", "", "| verdict | share | right code offered |",
              "|---|---|---|"]
    for status, v in sorted(result["verdicts"].items()):
        lines.append(f"| {status} | {_fmt(v['share'])} | {_fmt(v['right_code_offered'])} |")
    lines += ["", f"No-match threshold trade-off ({len(OFF_TOPIC_PROBES)} off-topic probe messages):", "",
              "| threshold | in-scope flagged | top-1 of the rest | probes passing |", "|---|---|---|---|"]
    for row in result["threshold_tradeoff"]:
        lines.append(f"| {row['threshold']} | {_fmt(row['in_scope_flagged'])} | {_fmt(row['top1_of_unflagged'])} | "
                     f"{_fmt(row['probes_passing'])} |")
    if result["unknown_codes_in_dev"]:
        lines += ["", f"Codes in the dev set missing from the catalogue: {', '.join(result['unknown_codes_in_dev'])}"]
    if result["misses_hybrid_score"]:
        lines += ["", "## Top-1 misses (hybrid_score)", "", "| query | expected | got (top 3) |", "|---|---|---|"]
        for miss in result["misses_hybrid_score"]:
            lines.append(f"| {miss['text']} | {', '.join(miss['expected'])} | {', '.join(miss['got'])} |")
    return "\n".join(lines) + "\n"


def _loader(spec: str | None):
    if not spec:
        return None
    module, _, function = spec.partition(":")
    return getattr(importlib.import_module(module), function or "load_catalogue")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate procedure search on a dev set.")
    parser.add_argument("--dev", type=Path, default=REPO_ROOT / "tests" / "data" / "procedure_dev.jsonl")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "reports" / "search_eval.md")
    parser.add_argument("--catalogue-loader", help="module:function returning {code: record} (default: knowledge.catalogue)")
    parser.add_argument("--no-dense", action="store_true", help="lexical search only")
    args = parser.parse_args(argv)

    engine = ProcedureSearch(_loader(args.catalogue_loader), SearchSettings.from_env(), use_dense=not args.no_dense)
    result = evaluate(engine, load_dev(args.dev))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(to_markdown(result, args.dev), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    overall = result["rankers"]["hybrid_score"]["overall"]
    print(f"top1 {_fmt(overall['top1'])}  top3 {_fmt(overall['top3'])}  MRR {_fmt(overall['mrr'])}  "
          f"p50 {result['latency_ms']['p50']} ms  p95 {result['latency_ms']['p95']} ms  -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
