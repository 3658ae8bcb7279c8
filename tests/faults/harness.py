"""The pieces of the fault tests: a throwaway PostgreSQL cluster, the app's database
prepared in it, and bounded load.

The cluster is initdb'd into a temporary directory and listens on 127.0.0.1 on a
spare port with its own socket directory, so the machine's shared server is never
touched. As root, initdb and postgres run as the `postgres` user (they refuse root).
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests

from tests.appserver import app_env, free_port, prepare, require_make

FAST = 5.0  # seconds: the longest any answer may take, also while the database is down
# How long a request waits for its answer: one that takes longer is recorded as
# unanswered (and any past FAST fails the test anyway).
READ_TIMEOUT = 30
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
class Prepared:
    cluster: Cluster
    db: str
    env: dict[str, str]  # the app's environment, DATABASE_URL pointing at the cluster

    @property
    def url(self) -> str:
        return self.cluster.url(self.db)


@contextlib.contextmanager
def prepared_database(db: str, superuser: tuple[str, str] | None = None) -> Iterator[Prepared]:
    """A cluster with the app's database ``db`` migrated and loaded (with a staff
    account ``superuser``: username, password), static files collected: what `make run`
    does before serving. Skips (does not fail) where PostgreSQL's server binaries are
    not installed."""
    bindir = pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL's initdb/pg_ctl not found (PATH, /usr/lib/postgresql/*/bin)")
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run initdb as")
    require_make()
    pg_root = Path(tempfile.mkdtemp(prefix="sw-pg-"))
    app_root = Path(tempfile.mkdtemp(prefix="sw-app-"))
    if owner is not None:
        os.chown(pg_root, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(bindir, pg_root)
    started = False

    def start_cluster() -> None:  # while collectstatic runs
        nonlocal started
        cluster.init()
        cluster.start()
        started = True
        with psycopg.connect(cluster.url(), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"CREATE DATABASE {db}")

    try:
        env = app_env(app_root, cluster.url(db))
        t = time.monotonic()
        prepare(env, superuser=superuser, meanwhile=start_cluster, timeout=150)
        print(
            f"\n[setup] cluster, migrate, load_handbook, collectstatic {time.monotonic() - t:.1f}s"
        )
        yield Prepared(cluster, db, env)
    finally:
        if started:
            cluster.stop("immediate")
        shutil.rmtree(pg_root, ignore_errors=True)
        shutil.rmtree(app_root, ignore_errors=True)


@dataclass
class Answer:
    """One request's outcome, timed with time.monotonic()."""

    path: str
    start: float
    end: float
    status: int | None  # None: no answer at all
    friendly: bool = False  # a 503 with the friendly page (or JSON detail on /api/)
    retry_after: bool = False
    cache: str = ""  # X-Page-Cache
    error: str = ""
    kind: str = ""  # Load's: "read" or "write"

    @property
    def seconds(self) -> float:
        return self.end - self.start

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.path} -> {self.status} {self.cache} in {self.seconds:.3f}s"
            f" friendly={self.friendly} retry_after={self.retry_after} {self.error}"
        ).strip()


def is_friendly(path: str, status: int, body: str) -> bool:
    """The friendly 503: JSON with a detail under /api/, else the bilingual page."""
    if status != 503:
        return False
    if path.startswith("/api/"):
        try:
            return bool(json.loads(body).get("detail"))
        except (ValueError, AttributeError):
            return False
    return "Even niet beschikbaar" in body


def describe(answers: list[Answer], limit: int = 20) -> str:
    return "\n".join(f"  {a}" for a in answers[:limit])


class Load:
    """Bounded background readers and admin writers; every request is recorded."""

    def __init__(self, base: str):
        self.base = base
        self.hits: list[Answer] = []
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
                timeout=(FAST, READ_TIMEOUT),
                allow_redirects=False,
                **kwargs,
            )
        except requests.RequestException as exc:
            hit = Answer(path, start, time.monotonic(), None, error=repr(exc), kind=kind)
            response = None
        else:
            hit = Answer(
                path,
                start,
                time.monotonic(),
                response.status_code,
                friendly=is_friendly(path, response.status_code, response.text),
                retry_after=bool(response.headers.get("Retry-After")),
                kind=kind,
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
            thread.join(timeout=READ_TIMEOUT + 5)
        assert not any(t.is_alive() for t in self.threads), "a load thread did not finish"
