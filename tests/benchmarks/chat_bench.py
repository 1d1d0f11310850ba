"""Load benchmark: the product and a bare Rasa peer, side by side, on this machine.

Starts the real stack on its own ports, measures start-up (model load) time, then drives
closed-loop conversations (no think time) through POST /api/v1/chat at each concurrency of
`--conversations` (default 1 and 50): messages/s, latency p50/p95, CPU milliseconds per message
of every process (utime+stime from /proc, over the timed messages only) and resident memory.
Then the same for a bare Rasa bot (`rasa init`, trained at bench time into var/bench/peer,
REST channel), so the ratio is measured, not remembered. Writes a Markdown report
(`make bench` -> reports/bench.md) and prints progress while it runs.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from api.stack import THREAD_DEFAULTS, Stack, wait_http
from core.settings import ROOT, Settings
from tests.benchmarks import targets
from tests.benchmarks.open_loop import OpenLoopResult, check_logs, drive_open_loop, quantile

CONVERSATIONS = [
    ["chào em", "làm giấy khai sinh cho con cần giấy tờ gì", "thế lệ phí bao nhiêu", "nộp ở đâu", "cảm ơn em"],
    ["lam lai can cuoc mat bao nhieu tien", "bao lau thi co", "co lam online dc ko", "ok thanks"],
    ["sổ đỏ nộp ở đâu", "cần những giấy tờ gì", "tôi muốn gặp cán bộ"],
    ["hồ sơ 000.00.15.H22-240918-0003 đến đâu rồi", "hôm nay trời có mưa không", "chào nhé"],
    ["đăng ký tạm trú làm thế nào", "xem thêm", "không đăng nhập được cổng dịch vụ công", "thôi chào"],
]
# the open loop checks that the bot answers every message: no handoff (an officer would answer)
OPEN_LOOP_CONVERSATIONS = [[text for text in script if text != "tôi muốn gặp cán bộ"] for script in CONVERSATIONS]
# the `rasa init` bot's own stories (moodbot)
PEER_CONVERSATIONS = [
    ["hello", "I am sad", "yes", "bye"],
    ["hi", "great", "goodbye"],
    ["hey there", "very sad", "no", "are you a bot?", "bye"],
]
# "unseen" runs: each conversation opens with a different realistic question (from a dev set), so
# the NLU and the search must embed it: no vector kept from an earlier identical text helps
UNSEEN_SOURCE = ROOT / "tests" / "data" / "nlu_realistic3.jsonl"
TICK = os.sysconf("SC_CLK_TCK")
RASA_BIN = ROOT / ".venvs" / "rasa" / "bin" / "rasa"


def _tree(pid: int) -> list[int]:
    """A process and its direct children (uvicorn workers, Rasa's helpers)."""
    pids = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids += [int(p) for p in (task / "children").read_text().split()]
    except OSError:
        pass
    return pids


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB), from /proc."""
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process and its children, seconds."""
    total = 0.0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
        except (OSError, IndexError):
            continue
    return total


@dataclass
class Run:
    side: str
    conversations: int
    messages: int
    errors: int
    seconds: float
    p50: float
    p95: float
    cpu_ms: dict[str, float]   # process name -> CPU ms per message

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0


_unseen_used = [0]


def unseen_questions() -> list[str]:
    """Distinct realistic questions (shuffled the same way every run), for the unseen runs."""
    import json

    texts = [json.loads(line)["text"] for line in UNSEEN_SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = list(dict.fromkeys(t for t in texts if len(t) <= 300))
    random.Random(13).shuffle(texts)
    return texts


async def _product_conversation(client: httpx.AsyncClient, index: int, latencies: list[float], errors: list[str],
                                opening: str | None = None) -> None:
    script = CONVERSATIONS[index % len(CONVERSATIONS)]
    if opening is not None:      # an unseen first question, then the script's follow-ups
        script = [opening, *script[1:]]
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


async def _peer_conversation(client: httpx.AsyncClient, index: int, latencies: list[float], errors: list[str]) -> None:
    sender = f"peer-{index}-{random.randint(0, 1 << 30)}"
    for text in PEER_CONVERSATIONS[index % len(PEER_CONVERSATIONS)]:
        started = time.perf_counter()
        try:
            response = await client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
            response.raise_for_status()
            latencies.append(time.perf_counter() - started)
        except httpx.HTTPError as error:
            errors.append(f"{text}: {error}")


def drive(side: str, base_url: str, n: int, processes: dict[str, int], messages: int) -> Run:
    """`n` concurrent conversations, closed loop, each running scripts one after another until
    about `messages` messages are sent in all."""
    one = _peer_conversation if side == "peer" else _product_conversation
    repeat = max(1, -(-messages // (4 * n)))
    openings = unseen_questions() if side == "product-unseen" else []
    first = _unseen_used[0]               # each run opens with questions no earlier run sent
    if openings:
        _unseen_used[0] += n * repeat

    async def conversation(client: httpx.AsyncClient, index: int, latencies: list[float], errors: list[str]) -> None:
        if openings and index >= 0:
            await one(client, index, latencies, errors, openings[(first + index) % len(openings)])
        else:
            await one(client, index, latencies, errors)

    async def run() -> tuple[list[float], list[str], float, dict[str, float]]:
        latencies: list[float] = []
        errors: list[str] = []
        async with httpx.AsyncClient(base_url=base_url, timeout=120,
                                     limits=httpx.Limits(max_connections=max(n, 10))) as client:
            await conversation(client, -1, [], [])   # warm-up, not timed
            before = {name: cpu_seconds(pid) for name, pid in processes.items()}
            started = time.perf_counter()

            async def repeated(i: int) -> None:
                for r in range(repeat):
                    await conversation(client, i + r * n, latencies, errors)

            await asyncio.gather(*(repeated(i) for i in range(n)))
            elapsed = time.perf_counter() - started
            used = {name: cpu_seconds(pid) - before[name] for name, pid in processes.items()}
        return latencies, errors, elapsed, used

    latencies, errors, elapsed, used = asyncio.run(run())
    count = max(len(latencies), 1)
    result = Run(side, n, len(latencies), len(errors), elapsed, quantile(latencies, 50), quantile(latencies, 95),
                 {name: seconds * 1000 / count for name, seconds in used.items()})
    print(f"==> {side}, {n} conversation(s): {result.messages} messages, {result.rate:.1f}/s, "
          f"p50 {result.p50 * 1000:.0f} ms, p95 {result.p95 * 1000:.0f} ms, CPU/message "
          + ", ".join(f"{k} {v:.0f} ms" for k, v in result.cpu_ms.items()) + f", errors {result.errors}", flush=True)
    for error in errors[:5]:
        print("    error:", error, flush=True)
    return result


def bench_peer(folder: Path, port: int, sizes: list[int], messages: int) -> tuple[list[Run], dict[str, float], float]:
    """A `rasa init` bot (created and trained once into `folder`), REST channel, same machine."""
    env = {**THREAD_DEFAULTS, **os.environ}
    if not any(folder.glob("models/*.tar.gz")):
        print(f"==> peer: rasa init + training into {folder} (once)", flush=True)
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(RASA_BIN), "init", "--no-prompt", "--init-dir", str(folder)], cwd=folder, env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    model = max(folder.glob("models/*.tar.gz"), key=lambda m: m.stat().st_mtime)
    log = open(folder / "server.log", "ab")
    process = subprocess.Popen([str(RASA_BIN), "run", "--enable-api", "--model", str(model), "--interface", "127.0.0.1",
                                "--port", str(port)], cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        ready = wait_http(f"http://127.0.0.1:{port}/status", [process], 600)
        print(f"==> peer ready in {ready:.0f}s", flush=True)
        runs = [drive("peer", f"http://127.0.0.1:{port}", n, {"rasa": process.pid}, messages) for n in sizes]
        memory = {"rasa": rss_mb(process.pid)}
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
    return runs, memory, ready


def open_loop(base_url: str, database_url: str, processes: dict[str, int], conversations: int, duration: float,
              interval: float) -> OpenLoopResult:
    """`conversations` citizens each writing every ~`interval` s for `duration` s (open_loop.py),
    then their message logs checked: every message once, in order, answered."""
    print(f"==> product, open loop: {conversations} conversations, one message each ~{interval:.0f} s "
          f"(±30%) for {duration:.0f} s", flush=True)
    before = {name: cpu_seconds(pid) for name, pid in processes.items()}
    result, sent_by = asyncio.run(drive_open_loop(base_url, conversations, duration, OPEN_LOOP_CONVERSATIONS, interval,
                                                  progress=lambda line: print(line, flush=True)))
    used = {name: cpu_seconds(pid) - before[name] for name, pid in processes.items()}
    result.cpu_ms = {name: seconds * 1000 / max(result.answered + result.queued, 1) for name, seconds in used.items()}
    print("==> checking every conversation's message log", flush=True)
    result.check = check_logs(database_url, sent_by)
    print("==> " + result.line(), flush=True)
    for error in result.errors[:5]:
        print("    error:", error, flush=True)
    return result


def bench_product(app_port: int, rasa_port: int, sizes: list[int], messages: int,
                  open_args: tuple[int, float, float] | None = None
                  ) -> tuple[list[Run], dict[str, float], float, OpenLoopResult | None]:
    var = ROOT / "var" / "bench"
    database = var / "app.db"
    for stale in (database, var / "rasa_tracker.db"):   # every bench starts from empty conversations
        for file in (stale, stale.with_name(stale.name + "-wal"), stale.with_name(stale.name + "-shm")):
            file.unlink(missing_ok=True)
    # all the load comes from one address: no cap on new web sessions per address
    env = {"APP_PORT": str(app_port), "RASA_URL": f"http://127.0.0.1:{rasa_port}",
           "DATABASE_URL": f"sqlite:///{database}", "CHAT_NEW_SESSIONS_PER_MINUTE": "0"}
    stack = Stack(Settings(**{k.lower(): v for k, v in env.items()}), env=env, log_dir=var / "logs")
    print("==> product: starting the stack", flush=True)
    stack.start()
    try:
        ready = stack.wait_ready(timeout=600)
        print(f"==> product healthy in {ready:.0f}s", flush=True)
        pids = {"rasa": stack.processes[0].pid, "app": stack.processes[-1].pid}
        runs = [drive(side, f"http://127.0.0.1:{app_port}", n, pids, messages)
                for side in ("product", "product-unseen") for n in sizes]
        opened = open_loop(f"http://127.0.0.1:{app_port}", env["DATABASE_URL"], pids, *open_args) if open_args else None
        memory = {name: rss_mb(pid) for name, pid in pids.items()}
    finally:
        stack.stop()
    return runs, memory, ready, opened


def open_loop_report(result: OpenLoopResult, interval: float) -> list[str]:
    c = result.check
    cpu = " + ".join(f"{name} {ms:.0f}" for name, ms in result.cpu_ms.items())
    return [
        "## Open loop", "",
        f"{result.conversations} conversations at once, each sending its next message every ~{interval:.0f} s "
        f"(±30%) whether or not the previous one was answered (the first reply is awaited: it carries the "
        f"session token), through POST /api/v1/chat; then each conversation's message log in the app's "
        f"database checked against what was sent.", "",
        "| conversations | sent | answered (200) | queued (202) | errors | messages/s | p50 | p95 | "
        "CPU ms/message | lost | duplicated | reordered | unanswered |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {result.conversations} | {result.sent} | {result.answered} | {result.queued} | {len(result.errors)} | "
        f"{result.sent / result.seconds if result.seconds else 0:.1f} | {result.quantile(50) * 1000:.0f} ms | "
        f"{result.quantile(95) * 1000:.0f} ms | {sum(result.cpu_ms.values()):.0f} ({cpu}) | {c.lost} | "
        f"{c.duplicated} | {c.reordered} | {c.unanswered} |", "",
    ]


def report(product: tuple, peer: tuple | None, interval: float = 30.0) -> str:
    rows = []
    opened = product[3] if len(product) > 3 else None
    for side, label in ((product, "product"), (peer, "bare Rasa (`rasa init`, REST)")):
        if side is None:
            continue
        runs, memory, ready = side[:3]
        for run in runs:
            cpu = " + ".join(f"{name} {ms:.0f}" for name, ms in run.cpu_ms.items())
            total = sum(run.cpu_ms.values())
            name = f"{label}, unseen first questions" if run.side == "product-unseen" else label
            rows.append(f"| {name} | {run.conversations} | {run.messages} | {run.rate:.1f} | {run.p50 * 1000:.0f} ms | "
                        f"{run.p95 * 1000:.0f} ms | {total:.0f} ({cpu}) | {run.errors} |")
        rss = " + ".join(f"{name} {mb:.0f}" for name, mb in memory.items())
        rows.append(f"| {label}: RSS {sum(memory.values()):.0f} MB ({rss}); start to healthy {ready:.0f} s | | | | | | | |")
    train = ROOT / "models" / ".train_time"
    return "\n".join([
        "# Chat benchmark", "",
        "Closed loop (no think time), 2-core shared machine, real servers over HTTP: the product through "
        "POST /api/v1/chat (Rasa server + app), the peer through Rasa's REST channel. CPU is utime+stime "
        "from /proc over the timed messages, divided by their number. The product's scripts repeat "
        "(5 scripts, 20 texts), so after the first round every text's sentence vector is kept in memory; "
        "the \"unseen first questions\" rows open each conversation with a different realistic question "
        f"({UNSEEN_SOURCE.name}) instead, which must be embedded.", "",
        "| side | conversations | messages | messages/s | p50 | p95 | CPU ms/message | errors |",
        "|---|---|---|---|---|---|---|---|",
        *rows, "",
        *(open_loop_report(opened, interval) if opened else []),
        *targets.section(product[0], product[1], product[2], opened),
        f"Last training: {train.read_text().strip() if train.exists() else 'n/a'}.", "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, nargs="*", default=[1, 50])
    parser.add_argument("--messages", type=int, default=120, help="about this many messages per run (at least "
                        "one script per conversation)")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench.md")
    parser.add_argument("--app-port", type=int, default=8790)
    parser.add_argument("--rasa-port", type=int, default=5790)
    parser.add_argument("--peer-port", type=int, default=5795)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--open-loop", type=int, default=0, metavar="N",
                        help="after the closed-loop runs: N conversations, open loop (0 = none)")
    parser.add_argument("--duration", type=float, default=180.0, help="open loop: seconds of sending")
    parser.add_argument("--interval", type=float, default=30.0, help="open loop: seconds between a "
                        "conversation's messages (±30%%)")
    args = parser.parse_args()
    # the open loop holds a connection per conversation in flight, on both sides
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    open_args = (args.open_loop, args.duration, args.interval) if args.open_loop else None
    product = bench_product(args.app_port, args.rasa_port, args.conversations, args.messages, open_args)
    peer = None if args.no_peer else bench_peer(ROOT / "var" / "bench" / "peer", args.peer_port, args.conversations,
                                                args.messages)
    text = report(product, peer, args.interval)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
