"""The app as `make run` serves it, in front of a throwaway PostgreSQL cluster or a
database host that has gone silent; used by test_hung_database.py.

* ``prepared_database`` makes a cluster (tests/faults/harness.py), and runs the commands
  `make run` runs before serving (migrate, load_handbook, collectstatic) against it.
* ``AppServer`` starts the last line of `make -n run` (granian, two workers) on a free
  port with a given environment and knows its worker processes, so a test can tell
  whether one was respawned.
* ``Gate`` is a TCP forwarder between the app and the cluster that can go silent: from
  then on it accepts every connection and never sends a byte nor closes it, which is
  what a hung database host looks like to a client (the kernel completes the TCP
  handshake, nothing answers after it).
* ``Probe`` records timed requests from bounded load threads.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import pwd
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import requests

from tests.faults.harness import Cluster, free_port, pg_bindir

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# The subprocesses get a clean environment: no setting of ours leaks into them.
PASS_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR")
DB_NAME = "samenwerkt_hung"

_PREPARE = (
    "import sys; sys.path.insert(0, 'src'); import django; django.setup();"
    " from django.core.management import call_command;"
    " call_command('migrate', interactive=False, verbosity=0);"
    " call_command('load_handbook', verbosity=0)"
)


@dataclass
class Prepared:
    cluster: Cluster
    db: str
    env: dict[str, str]  # the app's environment, DATABASE_URL pointing at the cluster

    @property
    def url(self) -> str:
        return self.cluster.url(self.db)


@contextlib.contextmanager
def prepared_database() -> Iterator[Prepared]:
    """A cluster with the app's database migrated and loaded, static files collected.

    Skips (does not fail) where PostgreSQL's server binaries are not installed."""
    bindir = pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL's initdb/pg_ctl not found (PATH, /usr/lib/postgresql/*/bin)")
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run initdb as")
    if subprocess.run(["make", "--version"], capture_output=True).returncode != 0:
        pytest.skip("make is missing: the server command is read from `make -n run`")
    pg_root = Path(tempfile.mkdtemp(prefix="sw-hung-pg-"))
    app_root = Path(tempfile.mkdtemp(prefix="sw-hung-app-"))
    if owner is not None:
        os.chown(pg_root, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(bindir, pg_root)
    collectstatic = None
    started = False
    try:
        env = {k: os.environ[k] for k in PASS_ENV if k in os.environ}
        env.update(
            DJANGO_SETTINGS_MODULE="samenwerkt.settings",
            DATABASE_URL=cluster.url(DB_NAME),
            VAR_DIR=str(app_root),
            STATIC_ROOT=str(app_root / "static"),
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=f"{HOST},localhost",
            PYTHONPATH=str(ROOT / "src"),
        )
        t = time.monotonic()
        # collectstatic needs no database: it runs while the cluster is made. (The 503
        # page links the hashed stylesheet, so without the manifest it would be a 500.)
        collectstatic = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        cluster.init()
        cluster.start()
        started = True
        with psycopg.connect(cluster.url(), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"CREATE DATABASE {DB_NAME}")
        # migrate and load_handbook in one process: each `manage.py` sets Django up anew.
        result = subprocess.run(
            [sys.executable, "-c", _PREPARE],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=150,
        )
        assert result.returncode == 0, f"{_PREPARE}:\n{result.stdout}{result.stderr}"
        output, _ = collectstatic.communicate(timeout=150)
        assert collectstatic.returncode == 0, f"manage.py collectstatic:\n{output}"
        print(
            f"\n[setup] cluster, migrate, load_handbook, collectstatic {time.monotonic() - t:.1f}s"
        )
        yield Prepared(cluster, DB_NAME, env)
    finally:
        if collectstatic is not None and collectstatic.poll() is None:
            collectstatic.kill()
            collectstatic.wait(timeout=5)
        if started:
            cluster.stop("immediate")
        shutil.rmtree(pg_root, ignore_errors=True)
        shutil.rmtree(app_root, ignore_errors=True)


def make_run_command(port: int) -> list[str]:
    """The last recipe line of `make run`: the server command, for this host and port."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", "run", f"HOST={HOST}", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return shlex.split(result.stdout.strip().splitlines()[-1])


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found.update(int(c) for c in (task / "children").read_text().split())
    return found


class AppServer:
    """`make run`'s server command on a free port, in its own process group."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env = env
        self.log_path = log
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> AppServer:
        with self.log_path.open("ab") as out:
            self.process = subprocess.Popen(
                make_run_command(self.port),
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_ready(self, workers: int = 2, seconds: float = 40) -> None:
        deadline = time.monotonic() + seconds
        while True:
            assert self.process.poll() is None, f"the server exited:\n{self.log()}"
            try:
                ready = requests.get(self.base + "/livez", timeout=1).status_code == 200
            except requests.RequestException:
                ready = False
            if ready and len(self.workers()) >= workers:
                return
            assert time.monotonic() < deadline, f"no answer within {seconds}s:\n{self.log()}"
            time.sleep(0.2)

    def workers(self) -> set[int]:
        """The PIDs of the server's child processes (granian's workers): a respawned
        worker shows up as a new PID."""
        return _children(self.process.pid)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def __exit__(self, *exc) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        # Workers left behind in the group (the main process died first) go too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


class Gate:
    """A TCP forwarder to ``upstream`` that can go silent (see the module docstring)."""

    def __init__(self, upstream_port: int):
        self.upstream = (HOST, upstream_port)
        self.listener = socket.create_server((HOST, 0), backlog=128)
        self.port = self.listener.getsockname()[1]
        self.silent = threading.Event()
        self.frozen = threading.Event()
        self.held: list[socket.socket] = []  # accepted while silent: never answered
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.accepted_silent = 0
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> Gate:
        self._thread.start()
        return self

    def url(self, db: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{db}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if self.silent.is_set():
                with self._lock:
                    self.held.append(client)
                    self.accepted_silent += 1
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self.pairs.append((client, upstream))
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                if self.frozen.is_set():
                    return  # a frozen server: the bytes are taken (ACKed), never answered
                dst.sendall(data)
        except OSError:
            pass
        for sock in (src, dst):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def freeze(self) -> None:
        """Like a database server that stopped (SIGSTOP, a hung disk): the open
        connections stay open and their queries are never answered; new connections
        are accepted and never answered either."""
        self.frozen.set()
        self.silent.set()

    def go_silent(self) -> None:
        """From now on new connections hang; the forwarded ones are cut (as a restarted
        or failed-over host would), so the app's next query must connect anew."""
        self.silent.set()
        with self._lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def __exit__(self, *exc) -> None:
        self.listener.close()
        self.go_silent()
        with self._lock:
            held, self.held = self.held, []
        for sock in held:
            sock.close()
        self._thread.join(timeout=5)


def _friendly(path: str, status: int, body: bytes) -> bool:
    """The friendly 503: JSON with a detail under /api/, else the bilingual page (the
    same rule as harness.is_friendly, for a raw http.client body)."""
    if status != 503:
        return False
    if path.startswith("/api/"):
        try:
            return bool(json.loads(body).get("detail"))
        except (ValueError, AttributeError):
            return False
    return "Even niet beschikbaar" in body.decode("utf-8", "replace")


@dataclass
class Answer:
    path: str
    start: float
    end: float
    status: int | None  # None: no answer at all
    friendly: bool = False  # a 503 with the friendly page (or JSON detail on /api/)
    retry_after: bool = False
    cache: str = ""  # X-Page-Cache
    error: str = ""

    @property
    def seconds(self) -> float:
        return self.end - self.start

    def __str__(self) -> str:
        return (
            f"{self.path} -> {self.status} {self.cache} in {self.seconds:.3f}s"
            f" friendly={self.friendly} retry_after={self.retry_after} {self.error}"
        ).rstrip()


# The load balancer's /livez checks run in a process of their own: in the test process
# they would queue for its GIL behind the visitors' threads, and that wait would be
# counted as the app's. time.monotonic() is the system-wide clock, so the times compare.
_LIVEZ_WATCHER = """
import http.client, sys, time
port, seconds, interval = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
end = time.monotonic() + seconds
for _ in range(10000):
    if time.monotonic() >= end:
        break
    start = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/livez", headers={"Connection": "close"})
        response = conn.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException):
        status = 0
    finally:
        conn.close()
    print(start, time.monotonic(), status, flush=True)
    time.sleep(interval)
"""


@dataclass
class Probe:
    """Timed requests, each on a fresh connection (so both workers get them)."""

    port: int
    timeout: float = 15.0
    answers: list[Answer] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    watcher: subprocess.Popen | None = None

    def get(self, path: str) -> Answer:
        # http.client, not requests: a lean client keeps the test's own CPU use (on a
        # shared 2-core machine) out of the times it measures.
        start = time.monotonic()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            conn.request("GET", path, headers={"Connection": "close"})
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            answer = Answer(path, start, time.monotonic(), None, error=repr(exc))
        else:
            answer = Answer(
                path,
                start,
                time.monotonic(),
                response.status,
                friendly=_friendly(path, response.status, body),
                retry_after=bool(response.getheader("Retry-After")),
                cache=response.getheader("X-Page-Cache", ""),
            )
        finally:
            conn.close()
        with self.lock:
            self.answers.append(answer)
        return answer

    def loop(self, paths: tuple[str, ...], offset: int, pause: float, rounds: int) -> None:
        """Ask for paths in turn until stopped; bounded by rounds even if never stopped."""
        for n in range(rounds):
            if self.stop.is_set():
                return
            self.get(paths[(n + offset) % len(paths)])
            time.sleep(pause)

    def spawn(self, *args) -> None:
        thread = threading.Thread(target=self.loop, args=args, daemon=True)
        self.threads.append(thread)
        thread.start()

    def watch_livez(self, seconds: float, interval: float = 0.02) -> None:
        """/livez every ``interval`` for ``seconds``, from a process of its own."""
        self.watcher = subprocess.Popen(
            [sys.executable, "-c", _LIVEZ_WATCHER, str(self.port), str(seconds), str(interval)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
        )

    def finish(self, timeout: float) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=timeout)
        assert not any(t.is_alive() for t in self.threads), "a load thread did not finish"
        if self.watcher is not None:
            try:
                output, _ = self.watcher.communicate(timeout=timeout)
            finally:
                if self.watcher.poll() is None:
                    self.watcher.kill()
                    self.watcher.wait(timeout=5)
            assert self.watcher.returncode == 0, "the /livez watcher failed"
            for line in output.splitlines():
                start, end, status = line.split()
                self.answers.append(Answer("/livez", float(start), float(end), int(status) or None))
            self.watcher = None

    def of(self, *paths: str) -> list[Answer]:
        return [a for a in self.answers if a.path in paths]


def stats(seconds: list[float]) -> str:
    if not seconds:
        return "none"
    ordered = sorted(seconds)
    median = ordered[len(ordered) // 2]
    return f"n={len(ordered)} max {ordered[-1] * 1000:.0f}ms median {median * 1000:.0f}ms"


def describe(answers: list[Answer], limit: int = 20) -> str:
    return "\n".join(f"  {a}" for a in answers[:limit])
