"""Cut a request's database connection when the server stops answering altogether.

A PostgreSQL server that freezes (a stopped process, a stuck host, a network that
still delivers packets) leaves a query on an open connection waiting forever: the
server cannot enforce its statement_timeout, and the kernel on its side still
acknowledges every packet, so neither TCP keepalives nor tcp_user_timeout end it.
The thread is lost, and with it, in time, the worker.

So every request that may use PostgreSQL registers a deadline here — the statement
timeout plus DB_WATCHDOG_MARGIN_SECONDS — and one watchdog thread per process shuts
down the socket of a connection whose request is still running past it. The waiting
query then fails at once ("server closed the connection"), and the request gets the
friendly 503 like any other outage (core/db_unavailable.py). A request that simply
takes that long without the database being stuck is cut too: nothing here should take
ten seconds, and the proxy in front gives up at thirty anyway.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

TICK_SECONDS = 0.25


def deadline_seconds(vendor: str | None = None) -> float | None:
    """How long a request may hold the database, or None when not watched (SQLite,
    or the statement timeout switched off)."""
    vendor = vendor or connections["default"].vendor
    if vendor != "postgresql" or not settings.DB_STATEMENT_TIMEOUT_MS:
        return None
    return settings.DB_STATEMENT_TIMEOUT_MS / 1000 + settings.DB_WATCHDOG_MARGIN_SECONDS


class Watchdog:
    """One thread per process; requests register (deadline, connection) by thread."""

    def __init__(self) -> None:
        self._watched: dict[int, tuple[float, object]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def watch(self, seconds: float, wrapper) -> None:
        self._ensure_running()
        with self._lock:
            self._watched[threading.get_ident()] = (time.monotonic() + seconds, wrapper)

    def release(self) -> None:
        with self._lock:
            self._watched.pop(threading.get_ident(), None)

    def check(self, now: float | None = None) -> int:
        """Cut every connection past its deadline; returns how many were cut."""
        now = time.monotonic() if now is None else now
        cut = 0
        with self._lock:  # held while cutting, so a request cannot release and reuse it
            for ident, (deadline, wrapper) in list(self._watched.items()):
                if now >= deadline:
                    del self._watched[ident]
                    cut += _cut(wrapper)
        return cut

    def _ensure_running(self) -> None:
        # Threads do not survive a fork: each worker process starts its own.
        if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._pid = os.getpid()
                self._watched.clear()
                self._thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(TICK_SECONDS)
            try:
                self.check()
            except Exception:  # never let the watchdog die of one bad connection
                logger.exception("database watchdog")


def _cut(wrapper) -> int:
    """Shut down the socket under a Django connection; the query waiting on it fails."""
    raw = getattr(wrapper, "connection", None)
    if raw is None:
        return 0
    try:
        fd = raw.pgconn.socket
    except Exception:  # already closed or broken: nothing is waiting on it
        return 0
    # A duplicate of the descriptor: shutting it down shuts the socket for every
    # descriptor (the one psycopg waits on too); closing the duplicate closes only it.
    with socket.socket(fileno=os.dup(fd)) as sock:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            return 0
    logger.warning("database watchdog: cut a connection stuck past its deadline")
    return 1


watchdog = Watchdog()


class DatabaseWatchdogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = deadline_seconds()
        if seconds is None:
            return self.get_response(request)
        watchdog.watch(seconds, connections["default"])
        try:
            return self.get_response(request)
        finally:
            watchdog.release()
