"""The clients of the serving comparison (bench/serving.py) and of deploy/check_nginx.py:
a plain or TLS request to 127.0.0.1, a timed probe, and slow-header ("slowloris")
clients that hold connections open while the probes run."""

from __future__ import annotations

import http.client
import select
import socket
import ssl
import threading
import time

HOST = "127.0.0.1"  # never anything but loopback
PROBE_TIMEOUT = 3.0  # a probe slower than this counts as failed
SERVER_NAME = "samenwerkt.example.nl"  # the placeholder name in deploy/nginx.conf


class _SNIConnection(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 that still names the site in SNI, as a browser would."""

    def connect(self):
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=SERVER_NAME)


def fetch(port: int, path: str, *, tls=False, host=HOST, body=None, timeout=10.0):
    """One request on a fresh connection; the response, its body read."""
    if tls:
        ctx = ssl._create_unverified_context()  # our own self-signed certificate
        conn = _SNIConnection(HOST, port, timeout=timeout, context=ctx)
    else:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("POST" if body else "GET", path, body=body, headers={"Host": host})
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()


def probe(port: int, path: str, *, timeout: float = PROBE_TIMEOUT, tls: bool = False):
    """Seconds a fresh client needs for a 200 on ``path``; None when it fails or is late."""
    start = time.monotonic()
    try:
        host = SERVER_NAME if tls else HOST
        ok = fetch(port, path, tls=tls, host=host, timeout=timeout).status == 200
    except (OSError, http.client.HTTPException):
        ok = False
    took = time.monotonic() - start
    return took if ok and took <= timeout else None


class Loris:
    """Slow-header and idle connections, reopened whenever the server closes one."""

    HEAD = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: "

    def __init__(self, port: int, slow: int, idle: int, *, interval=2.0, tls=False):
        self.port, self.interval, self.tls = port, interval, tls
        self.kinds = ["slow"] * slow + ["idle"] * idle
        self.conns: list[list] = []
        self.reopened = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _open(self, kind: str) -> list:
        sock = socket.create_connection((HOST, self.port), timeout=5)
        if self.tls and kind == "slow":
            sock = ssl._create_unverified_context().wrap_socket(sock, server_hostname=SERVER_NAME)
        return [kind, sock, 0]

    def __enter__(self):
        self.conns = [self._open(kind) for kind in self.kinds]
        self._thread.start()
        time.sleep(1.0)  # let the server accept (and, if it must, block on) them
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            for conn in self.conns:
                kind, sock, sent = conn
                try:
                    # Readable means the server answered (408, 400) or closed: reopen.
                    if select.select([sock], [], [], 0)[0]:
                        raise ConnectionResetError
                    if kind == "slow":
                        # The request line, then one header that never ends.
                        sock.send(self.HEAD[sent : sent + 1] or b"x")
                        conn[2] = sent + 1
                except (OSError, ValueError):  # ValueError: a socket we could not reopen
                    sock.close()
                    try:
                        conn[:] = self._open(kind)
                        self.reopened += 1
                    except OSError:
                        pass

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)
        for _, sock, _ in self.conns:
            sock.close()


def slow_clients(port: int, slow: int, *, tls: bool = False, rounds: int = 5) -> dict:
    """While ``slow`` slow-header and ``slow`` idle connections are open: probe timings."""
    times: dict[str, list] = {"/livez": [], "/": []}
    with Loris(port, slow, slow, tls=tls) as loris:
        for _ in range(rounds):
            for path in times:
                times[path].append(probe(port, path, tls=tls))
            time.sleep(2.0)  # spread the probes over the slow clients' lifetime
    return {"times": times, "reopened": loris.reopened}
