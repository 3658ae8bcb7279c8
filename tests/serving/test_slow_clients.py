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
import select
import socket
import threading
import time

import pytest

from tests.appserver import HOST, AppServer, app_env, prepare, require_make

# Both tests share one server: under `make test` (pytest-xdist, --dist loadgroup) they
# run on one worker, so the database is prepared and the server started once.
pytestmark = pytest.mark.xdist_group("serving")

BOUND = 1.0  # seconds: the "done when"
SLOW, IDLE = 4, 4
# make run's own command with a shorter header read timeout (a make variable, 10 s by
# default), so that within a few seconds the slow clients are also cut off and come
# back while visitors are served, and the test need not wait ten seconds for it.
HEADER_TIMEOUT_MS = 3000


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
    """The port of the app as `make run` serves it (its own SQLite database, prepared
    with the commands `make run` uses), warmed up."""
    require_make()
    tmp = tmp_path_factory.mktemp("serving")
    env = app_env(tmp)
    prepare(env, timeout=180)
    with AppServer(env, tmp / "server.log", HEADER_TIMEOUT_MS=HEADER_TIMEOUT_MS) as app:
        # Every worker renders its first page cold (templates, caches): not what the
        # bound is about, so it is done before any slow client arrives.
        for _ in range(8):
            _get(app.port, "/livez")
            _get(app.port, "/")
        yield app.port


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
