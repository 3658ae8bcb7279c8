"""What the fault tests put between the app and its database, and how they time the
app's answers; used by test_hung_database.py with tests/appserver.py (the app as
`make run` serves it) and harness.prepared_database (a throwaway cluster).

* ``Gate`` is a TCP forwarder between the app and the cluster that can go silent: from
  then on it accepts every connection and never sends a byte nor closes it, which is
  what a hung database host looks like to a client (the kernel completes the TCP
  handshake, nothing answers after it).
* ``Probe`` records timed requests from bounded load threads.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from tests.appserver import HOST
from tests.faults.harness import Answer, is_friendly


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
                friendly=is_friendly(path, response.status, body.decode("utf-8", "replace")),
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
