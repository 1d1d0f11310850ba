"""Parse every message of some JSONL sets with the trained Rasa model (runs in the Rasa venv).

    .venvs/rasa/bin/python -m tests.evaluation.rasa_parse --model models/current.tar.gz \
        --out reports/parses tests/data/nlu_dev.jsonl tests/data/procedure_dev.jsonl

Writes one <set>.parses.json per set (the raw Rasa parse of each message plus the in-process
parse time); tests/evaluation/understand_eval.py then scores them through the same code as
POST /api/v1/understand (app venv).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path


def load_set(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


async def parse_all(model: Path, sets: list[Path], out: Path) -> None:
    import logging

    import structlog
    from rasa.core.agent import Agent

    logging.disable(logging.INFO)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    agent = Agent.load(str(model))
    out.mkdir(parents=True, exist_ok=True)
    for path in sets:
        rows = []
        for item in load_set(path):
            started = time.perf_counter()
            parse = await agent.parse_message(item["text"])
            rows.append({"parse": parse, "ms": (time.perf_counter() - started) * 1000})
        (out / f"{path.stem}.parses.json").write_text(json.dumps(rows, ensure_ascii=False, default=str))
        print(f"parsed {len(rows)} messages of {path}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--model", type=Path, default=Path("models/current.tar.gz"))
    parser.add_argument("--out", type=Path, default=Path("reports/parses"))
    args = parser.parse_args()
    asyncio.run(parse_all(args.model, [p for p in args.sets if p.exists()], args.out))


if __name__ == "__main__":
    main()
