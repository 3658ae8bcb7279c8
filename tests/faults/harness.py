"""The pieces of the fault tests: a throwaway PostgreSQL cluster and bounded load.

The cluster is initdb'd into a temporary directory and listens on 127.0.0.1 on a
spare port with its own socket directory, so the machine's shared server is never
touched. As root, initdb and postgres run as the `postgres` user (they refuse root).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import requests

FAST = 5.0  # seconds: the longest any answer may take, also while the database is down
GUNICORN_TIMEOUT = 20
READ_PATHS = ("/", "/vormen/", "/api/v1/forms")
MAX_ROUNDS = 2000  # per load thread: the loops are bounded even if stop is never set


def pg_bindir() -> Path | None:
    candidates = []
    if found := shutil.which("initdb"):
        candidates.append(Path(found).resolve().parent)
    candidates.append(Path("/usr/local/bin"))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    return None


def as_cluster_owner() -> list[str]:
    """initdb and postgres refuse to run as root: as root, run them as `postgres`."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL cluster on 127.0.0.1:<spare port>, trust auth."""

    def __init__(self, bindir: Path, root: Path):
        self.bindir = bindir
        self.root = root
        self.data = root / "data"
        self.log = root / "postgres.log"
        self.port = free_port()
        assert self.port != 5432

    def url(self, db: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*as_cluster_owner(), str(self.bindir / program), *args],
            cwd=self.root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=60,
            check=False,
        )

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def init(self) -> None:
        args = ["-D", str(self.data), "-U", "postgres", "--auth=trust"]
        result = self._run("initdb", *args, "-E", "UTF8", "--no-locale", "--no-sync")
        assert result.returncode == 0, result.stdout

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        args = ["-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "30"]
        result = self._run("pg_ctl", *args, "start")
        assert result.returncode == 0, result.stdout + self._log_tail()

    def stop(self, mode: str = "fast") -> subprocess.CompletedProcess:
        return self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def accepts(self, db: str = "postgres") -> bool:
        try:
            with psycopg.connect(self.url(db), connect_timeout=1):
                return True
        except psycopg.Error:
            return False


@dataclass
class Hit:
    kind: str  # "read" or "write"
    path: str
    start: float
    end: float
    status: int | None  # None: no answer at all
    friendly: bool = False  # a 503 with the friendly page (or JSON detail on /api/)
    retry_after: bool = False
    error: str = ""

    @property
    def elapsed(self) -> float:
        return self.end - self.start


def is_friendly(path: str, response: requests.Response) -> bool:
    if response.status_code != 503:
        return False
    if path.startswith("/api/"):
        try:
            return bool(response.json().get("detail"))
        except ValueError:
            return False
    return "Even niet beschikbaar" in response.text


class Load:
    """Bounded background readers and admin writers; every request is recorded."""

    def __init__(self, base: str):
        self.base = base
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        self.edits_attempted: list[int] = []
        self.edits_acked: list[int] = []
        self.adds_acked: list[str] = []

    def request(self, session, method, path, kind, **kwargs) -> requests.Response | None:
        start = time.monotonic()
        try:
            response = session.request(
                method,
                self.base + path,
                timeout=(FAST, GUNICORN_TIMEOUT + 10),
                allow_redirects=False,
                **kwargs,
            )
        except requests.RequestException as exc:
            hit = Hit(kind, path, start, time.monotonic(), None, error=repr(exc))
            response = None
        else:
            hit = Hit(
                kind,
                path,
                start,
                time.monotonic(),
                response.status_code,
                friendly=is_friendly(path, response),
                retry_after=bool(response.headers.get("Retry-After")),
            )
        with self.lock:
            self.hits.append(hit)
        return response

    def spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self.threads.append(thread)
        thread.start()

    def reader(self, offset: int) -> None:
        session = requests.Session()
        for round_ in range(MAX_ROUNDS):
            if self.stop.is_set():
                break
            path = READ_PATHS[(round_ + offset) % len(READ_PATHS)]
            self.request(session, "GET", path, "read")
            time.sleep(0.02)

    def editor(self, session: requests.Session, pk: int, fields: dict) -> None:
        """Edits one row over and over: title_nl = edit-<n>. Stops only after an
        acknowledged edit, so the final value must be the last acknowledged one."""
        path = f"/beheer/handbook/externallink/{pk}/change/"
        last_acked = False
        for n in range(1, MAX_ROUNDS + 1):
            if self.stop.is_set() and last_acked:
                break
            data = {**fields, "title_nl": f"edit-{n}", "_save": "Opslaan"}
            self.edits_attempted.append(n)
            last_acked = self._post(session, path, data)
            if last_acked:
                self.edits_acked.append(n)
            time.sleep(0.05)

    def adder(self, session: requests.Session) -> None:
        """Adds new rows (key fault-<n>): every acknowledged one must exist afterwards."""
        for n in range(1, MAX_ROUNDS + 1):
            if self.stop.is_set():
                break
            key = f"fault-{n}"
            data = {
                "key": key,
                "position": "900",
                "url": f"https://example.org/{key}",
                "title_nl": f"Storingstest {n}",
                "title_en": f"Fault test {n}",
                "description_nl": "Toegevoegd tijdens de storingstest.",
                "description_en": "",
                "_save": "Opslaan",
            }
            if self._post(session, "/beheer/handbook/externallink/add/", data):
                self.adds_acked.append(key)
            time.sleep(0.05)

    def _post(self, session: requests.Session, path: str, data: dict) -> bool:
        data = {**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
        response = self.request(session, "POST", path, "write", data=data)
        # We do not follow the redirect, so nobody reads the "changed" message: drop it
        # before the messages cookie overflows into the session.
        session.cookies.set("messages", None)
        # Saved: a 302 back to the list. (A 302 to the login page would be no save.)
        return (
            response is not None
            and response.status_code == 302
            and "/login/" not in response.headers.get("Location", "")
        )

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=GUNICORN_TIMEOUT + 15)
        assert not any(t.is_alive() for t in self.threads), "a load thread did not finish"
