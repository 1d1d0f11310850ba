"""Multi-turn dialogue evaluation: scripted citizen turns through POST /api/v1/chat on the real
product (Rasa + app), scored only through the trace contract's `summary`
(GET /api/v1/conversations/{sender_id}), as an outside evaluator would.

    .venvs/app/bin/python -m tests.evaluation.dialogue_eval --set tests/data/form_dialogues.jsonl \
        --out reports/dialogue_eval.md [--base-url http://127.0.0.1:8000 --token BEARER]

Without --base-url a fresh stack is started on scratch ports with its own SQLite database.
A form conversation passes when the form reached confirmation (stage confirming or submitted)
and every expected field is right; a guide conversation passes when the expected guide was
shown with at least the expected number of steps.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import uuid
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import httpx

from core.text.normalize import fold

STRICT_FIELDS = re.compile(r"^(so_dinh_danh|so_dien_thoai|ngay_sinh|tam_tru_den_ngay|gioi_tinh|loai_phieu)")
REACHED = ("confirming", "submitted")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def loose(value: str) -> str:
    """Free text compared without case, diacritics, punctuation or spacing differences."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(value))).split())


def field_ok(name: str, expected: str, got: str | None) -> bool:
    if got is None:
        return False
    if STRICT_FIELDS.match(name):
        return re.sub(r"\s", "", str(got)) == re.sub(r"\s", "", expected)
    return loose(got) == loose(expected)


class Chat:
    """One citizen conversation over the public API (POST /api/v1/chat, X-Session-Token)."""

    def __init__(self, client: httpx.Client, sender_id: str) -> None:
        self.client, self.sender_id, self.token = client, sender_id, None

    def say(self, text: str) -> list[dict]:
        headers = {"X-Session-Token": self.token} if self.token else {}
        response = self.client.post("/api/v1/chat", json={"sender_id": self.sender_id, "text": text}, headers=headers)
        response.raise_for_status()
        data = response.json()
        self.sender_id, self.token = data["sender_id"], data["session_token"]
        return data["messages"]


def score(item: dict, summary: dict) -> tuple[bool, str]:
    expect = item["expect"]
    if item["kind"] == "guide":
        shown = [g for g in summary.get("account_guidance") or [] if g.get("guide") == expect["guide"]]
        ok = any(g.get("steps_shown", 0) >= expect.get("min_steps", 1) for g in shown)
        got = [g.get("guide") for g in summary.get("account_guidance") or []]
        return ok, "" if ok else f"guides shown {got}"
    forms = [f for f in summary.get("forms") or [] if f.get("procedure") == item["procedure"]]
    if not forms:
        return False, f"no form for {item['procedure']} (forms: {[f.get('procedure') for f in summary.get('forms') or []]})"
    form = forms[-1]
    problems = []
    if form.get("stage") not in REACHED:
        problems.append(f"stage {form.get('stage')}")
    fields = form.get("fields") or {}
    for name, value in expect["fields"].items():
        if not field_ok(name, value, fields.get(name)):
            problems.append(f"{name}: want {value!r} got {fields.get(name)!r}")
    return not problems, "; ".join(problems)


def run(items: list[dict], base_url: str, token: str) -> list[dict]:
    results = []
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for item in items:
            chat = Chat(client, f"eval-{uuid.uuid4().hex[:12]}")
            error = ""
            try:
                for text in item["turns"]:
                    chat.say(text)
                trace = client.get(f"/api/v1/conversations/{chat.sender_id}",
                                   headers={"Authorization": f"Bearer {token}"})
                trace.raise_for_status()
                ok, error = score(item, trace.json().get("summary") or {})
            except httpx.HTTPError as exc:
                ok, error = False, f"http error: {exc}"
            results.append({"id": item["id"], "kind": item["kind"], "procedure": item.get("procedure"),
                            "styles": item.get("styles") or [], "ok": ok, "error": error})
    return results


def report(results: list[dict], source: str, held_out: bool = False) -> str:
    def share(rows):
        return f"{sum(r['ok'] for r in rows)}/{len(rows)} ({100 * sum(r['ok'] for r in rows) / len(rows):.1f}%)" if rows else "-"

    lines = [f"# Dialogue evaluation: {source}", "",
             "Scored only through the trace summary (GET /api/v1/conversations/{sender_id}).", "",
             "| slice | passed |", "|---|---|",
             f"| forms reaching confirmation with every field right | {share([r for r in results if r['kind'] == 'form'])} |",
             f"| account guides reaching the right steps | {share([r for r in results if r['kind'] == 'guide'])} |"]
    by_key = defaultdict(list)
    for r in results:
        if r["procedure"]:
            by_key[f"procedure {r['procedure']}"].append(r)
        for style in r["styles"]:
            by_key[f"style {style}"].append(r)
    lines += [f"| {key} | {share(rows)} |" for key, rows in sorted(by_key.items())]
    if held_out:  # the engineers read its totals and slices only, never which dialogues failed
        lines += ["", "## Failures", "", "(held-out set: not listed)"]
    else:
        lines += ["", "## Failures", ""] + [f"- {r['id']}: {r['error']}" for r in results if not r["ok"]]
    return "\n".join(lines) + "\n"


def officer_token(database_url: str, hours: int = 6) -> str:
    """A bearer token of a new audit officer (unique name) on that database, for the trace API."""
    from api.console.accounts import create_officer, open_session
    from core.db import Database

    db = Database(database_url)
    db.migrate()
    with db.session() as session:
        officer = create_officer(session, f"audit-{uuid.uuid4().hex[:10]}", f"audit-{uuid.uuid4().hex}", "Audit")
        token, _ = open_session(session, officer, timedelta(hours=hours), kind="api")
    db.dispose()
    return token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=Path("tests/data/form_dialogues.jsonl"))
    parser.add_argument("--out", type=Path, default=Path("reports/dialogue_eval.md"))
    parser.add_argument("--base-url")
    parser.add_argument("--token", help="officer bearer token (python -m api.console create-token)")
    parser.add_argument("--held-out", action="store_true", help="do not list which dialogues failed")
    args = parser.parse_args()
    items = load(args.set)
    if args.base_url:
        results = run(items, args.base_url, args.token or "")
    else:
        from api.stack import Stack
        from core.settings import ROOT, Settings

        var = Path(tempfile.mkdtemp(prefix="dialogue-eval-"))
        app_port, rasa_port = os.environ.get("EVAL_APP_PORT", "8790"), os.environ.get("EVAL_RASA_PORT", "5790")
        env = {"APP_PORT": app_port, "RASA_URL": f"http://127.0.0.1:{rasa_port}",
               "DATABASE_URL": f"sqlite:///{var / 'app.db'}", "CACHE_DIR": str(ROOT / "var" / "cache")}
        settings = Settings(**{k.lower(): v for k, v in env.items()})
        token = officer_token(settings.database_url)
        stack = Stack(settings=settings, env=env, log_dir=var / "logs")
        stack.start()
        try:
            stack.wait_ready(timeout=600)
            results = run(items, f"http://127.0.0.1:{app_port}", token)
        finally:
            stack.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = report(results, str(args.set), held_out=args.held_out)
    args.out.write_text(text)
    print(text.split("## Failures")[0])


if __name__ == "__main__":
    main()
