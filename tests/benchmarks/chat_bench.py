"""Load benchmark: N concurrent simulated conversations through POST /api/v1/chat.

Starts the real stack on its own ports, measures start-up (model load) time, per-message
latency p50/p95, throughput and the resident memory of every process, then writes a
Markdown report.  `make bench` runs it with 50 conversations.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from pathlib import Path

import httpx

from api.stack import Stack
from core.settings import ROOT, Settings

CONVERSATIONS = [
    ["chào em", "làm giấy khai sinh cho con cần giấy tờ gì", "thế lệ phí bao nhiêu", "nộp ở đâu", "cảm ơn em"],
    ["lam lai can cuoc mat bao nhieu tien", "bao lau thi co", "co lam online dc ko", "ok thanks"],
    ["sổ đỏ nộp ở đâu", "cần những giấy tờ gì", "tôi muốn gặp cán bộ"],
    ["hồ sơ 000.00.15.H22-240918-0003 đến đâu rồi", "hôm nay trời có mưa không", "chào nhé"],
    ["đăng ký tạm trú làm thế nào", "xem thêm", "không đăng nhập được cổng dịch vụ công", "thôi chào"],
]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB), from /proc."""
    total = 0
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()] \
        if Path(f"/proc/{pid}").exists() else []
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


async def conversation(client: httpx.AsyncClient, index: int, latencies: list[float], errors: list[str]) -> None:
    script = CONVERSATIONS[index % len(CONVERSATIONS)]
    sender = f"bench-{index}-{random.randint(0, 1 << 30)}"
    headers: dict[str, str] = {}   # the session token POST /api/v1/chat returns on the first message
    for text in script:
        started = time.perf_counter()
        try:
            response = await client.post("/api/v1/chat", json={"sender_id": sender, "text": text}, headers=headers)
            response.raise_for_status()
            headers = {"X-Session-Token": response.json()["session_token"]}
            latencies.append(time.perf_counter() - started)
        except httpx.HTTPError as error:
            errors.append(f"{text}: {error}")


async def drive(base_url: str, n: int) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        # warm-up: first search loads the embedding model and index
        await client.post("/api/v1/chat", json={"text": "làm căn cước ở đâu"})
        started = time.perf_counter()
        await asyncio.gather(*(conversation(client, i, latencies, errors) for i in range(n)))
        return latencies, errors, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench.md")
    parser.add_argument("--app-port", type=int, default=8790)
    parser.add_argument("--rasa-port", type=int, default=5790)
    args = parser.parse_args()
    var = ROOT / "var" / "bench"
    env = {"APP_PORT": str(args.app_port), "RASA_URL": f"http://127.0.0.1:{args.rasa_port}",
           "DATABASE_URL": f"sqlite:///{var / 'app.db'}"}
    stack = Stack(Settings(**{k.lower(): v for k, v in env.items()}), env=env, log_dir=var / "logs")
    stack.start()
    try:
        ready = stack.wait_ready(timeout=600)
        latencies, errors, elapsed = asyncio.run(drive(f"http://127.0.0.1:{args.app_port}", args.conversations))
        memory = {name: rss_mb(p.pid) for name, p in zip(("rasa", "app"), stack.processes)}
    finally:
        stack.stop()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    train = (ROOT / "models" / ".train_time").read_text().strip() if (ROOT / "models" / ".train_time").exists() else "n/a"
    report = "\n".join([
        "# Chat benchmark", "",
        f"{args.conversations} concurrent conversations, {len(latencies)} messages through POST /api/v1/chat "
        f"(real Rasa server + app, 2-core machine).", "",
        "| measure | value |", "|---|---|",
        f"| start-up until /health is 200 (model load) | {ready:.1f} s |",
        f"| latency p50 | {q[49] * 1000:.0f} ms |",
        f"| latency p95 | {q[94] * 1000:.0f} ms |",
        f"| throughput | {len(latencies) / elapsed:.1f} messages/s |",
        f"| errors | {len(errors)} |",
        *[f"| RSS {name} | {mb:.0f} MB |" for name, mb in memory.items()],
        f"| last training | {train} |", "",
    ])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    print(report)
    for error in errors[:10]:
        print("error:", error)


if __name__ == "__main__":
    main()
