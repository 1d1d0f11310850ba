"""Run in the Rasa venv: the intent a model gives each text (one JSON line per text).

    .venvs/rasa/bin/python tests/benchmarks/rasa_parse_intents.py MODEL.tar.gz "text" ...
"""
from __future__ import annotations

import asyncio
import json
import sys

from rasa.core.agent import Agent


async def main(model: str, texts: list[str]) -> None:
    agent = Agent.load(model)
    for text in texts:
        result = await agent.parse_message(text)
        print(json.dumps({"text": text, "intent": result["intent"]["name"]}, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2:]))
