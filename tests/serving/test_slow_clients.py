"""Slow clients cannot starve the app, served exactly as `make run` serves it.

The issue: two clients sending their request headers a byte every few seconds held both
sync gunicorn workers, and every page, /livez included, timed out for 30 s. Here the
server is started with `make run`'s own command line (read from `make -n run`, so a
change to the Makefile is what gets tested) on a free port, against its own SQLite
database prepared with the commands `make run` uses. Then 4 slow-header connections (a
byte every 2 s, never finishing the headers) and 4 idle ones (connected, silent) stay
open, reopened whenever the server closes one, while a normal client asks for /livez
and / several times in a row: every answer must be a 200 within 1 s.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import select
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

# Both tests share one server: under `make test` (pytest-xdist, --dist loadgroup) they
# run on one worker, so the database is prepared and the server started once.
pytestmark = pytest.mark.xdist_group("serving")

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
BOUND = 1.0  # seconds: the "done when"
SLOW, IDLE = 4, 4
# make run's own command with a shorter header read timeout (a make variable, 10 s by
# default), so that within a few seconds the slow clients are also cut off and come
# back while visitors are served, and the test need not wait ten seconds for it.
HEADER_TIMEOUT_MS = 3000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _make_run_command(port: int) -> list[str]:
    """The last recipe line of `make run`: the server command, for this host and port."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    result = subprocess.run(
        [
            "make",
            "-n",
            "--no-print-directory",
            "run",
            f"HOST={HOST}",
            f"PORT={port}",
            f"HEADER_TIMEOUT_MS={HEADER_TIMEOUT_MS}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return shlex.split(result.stdout.strip().splitlines()[-1])


def _server_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Its own SQLite database and static root, default settings, whatever the suite
    # runs with (CI also runs it with DATABASE_URL pointing at PostgreSQL).
    for name in ("DATABASE_URL", "DEBUG", "PRODUCTION", "STATIC_MANIFEST", "PAGE_CACHE_SECONDS"):
        env.pop(name, None)
    env.update(
        SQLITE_PATH=str(tmp / "db.sqlite3"),
        VAR_DIR=str(tmp),
        STATIC_ROOT=str(tmp / "static"),
        DJANGO_SETTINGS_MODULE="samenwerkt.settings",
        ALLOWED_HOSTS=f"{HOST},localhost",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
    )
    return env


def _get(port: int, path: str, timeout: float = 5.0) -> tuple[int | str, float]:
    """Status (or the error) and seconds for one request on a fresh connection."""
    start = time.monotonic()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        outcome: int | str = response.status
    except (OSError, http.client.HTTPException) as exc:
        outcome = type(exc).__name__
    finally:
        conn.close()
    return outcome, time.monotonic() - start


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The port of the app as `make run` serves it, warmed up."""
    if subprocess.run(["make", "--version"], capture_output=True).returncode != 0:
        pytest.skip("make is missing")
    tmp = tmp_path_factory.mktemp("serving")
    env = _server_env(tmp)
    manage = [sys.executable, "manage.py"]
    quiet = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    # collectstatic needs no database: it runs alongside migrate and load_handbook.
    static = subprocess.Popen([*manage, "collectstatic", "--noinput", "-v", "0"], **quiet)
    for args in (["migrate", "--noinput"], ["load_handbook"]):
        result = subprocess.run([*manage, *args, "-v", "0"], timeout=180, **quiet)
        assert result.returncode == 0, f"{args[0]} failed:\n{result.stderr.decode()}"
    assert static.wait(timeout=180) == 0, f"collectstatic failed:\n{static.stderr.read()}"
    port = _free_port()
    log = tmp / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            _make_run_command(port), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, f"the server exited:\n{log.read_text()}"
            try:
                if _get(port, "/livez", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"no answer within 30 s:\n{log.read_text()}"
            time.sleep(0.2)
        # Every worker renders its first page cold (templates, caches): not what the
        # bound is about, so it is done before any slow client arrives.
        for _ in range(8):
            _get(port, "/livez")
            _get(port, "/")
        yield port
    finally:
        # Stop the server's own process group (it was started in a new session).
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class SlowClients:
    """``slow`` slow-header and ``idle`` idle connections, kept open while in use.

    A connection the server closes (or answers, e.g. with 408) is reopened, so the
    pressure stays the same all along; ``closed_by_server`` counts those.
    """

    REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: "

    def __init__(self, port: int, slow: int, idle: int, interval: float = 2.0):
        self.port, self.interval = port, interval
        self.kinds = ["slow"] * slow + ["idle"] * idle
        self.conns: list[list] = []
        self.closed_by_server = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)

    def _open(self, kind: str) -> list:
        return [kind, socket.create_connection((HOST, self.port), timeout=5), 0]

    def __enter__(self) -> SlowClients:
        self.conns = [self._open(kind) for kind in self.kinds]
        self._thread.start()
        time.sleep(1.0)  # the server has accepted them (and, if it must, blocks on them)
        return self

    def _trickle(self) -> None:
        while not self._stop.wait(self.interval):
            for conn in self.conns:
                kind, sock, sent = conn
                try:
                    if select.select([sock], [], [], 0)[0]:
                        raise ConnectionResetError  # answered or closed by the server
                    if kind == "slow":
                        # The request line, then one header that never ends.
                        sock.send(self.REQUEST[sent : sent + 1] or b"x")
                        conn[2] = sent + 1
                except (OSError, ValueError):  # ValueError: a socket we could not reopen
                    sock.close()
                    self.closed_by_server += 1
                    with contextlib.suppress(OSError):  # tried again next round
                        conn[:] = self._open(kind)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for _, sock, _ in self.conns:
            sock.close()


# func_only: the module fixture's preparation (migrate, load_handbook, collectstatic:
# half a minute on a loaded machine) is bounded by its own subprocess timeouts.
@pytest.mark.timeout(90, func_only=True)
def test_slow_and_idle_connections_leave_other_visitors_served(served):
    timings: list[tuple[str, int | str, float]] = []
    late: list[tuple[str, int | str, float]] = []
    with SlowClients(served, SLOW, IDLE):
        # Rounds for longer than the server's header read timeout, so the slow clients
        # are also cut off and come back while visitors are being served.
        end = time.monotonic() + HEADER_TIMEOUT_MS / 1000 + 2
        while time.monotonic() < end and len(late) < 3:  # 3 late: starved, stop waiting
            for path in ("/livez", "/"):
                for _ in range(3):  # a few requests in a row
                    status, seconds = _get(served, path, timeout=3.0)
                    timings.append((path, status, round(seconds, 3)))
                    if status != 200 or seconds >= BOUND:
                        late.append(timings[-1])
            time.sleep(0.5)
    assert not late, f"not a 200 within {BOUND} s ({len(late)} of {len(timings)}): {late}"
    assert max(t[2] for t in timings) < BOUND


@pytest.mark.timeout(90, func_only=True)
def test_silent_and_trickling_connections_are_closed(served):
    """The header read timeout ends connections that never finish a request."""
    with SlowClients(served, 1, 1, interval=0.5) as clients:
        deadline = time.monotonic() + 30
        while clients.closed_by_server < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
    assert clients.closed_by_server >= 2, "a slow or idle connection was never closed"
