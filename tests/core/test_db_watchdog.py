"""The watchdog cuts a connection whose server stopped answering (core/db_watchdog.py).

A frozen PostgreSQL is shown for real in tests/faults/test_hung_database.py; here the
mechanism on its own: a thread blocked reading a socket is released when its deadline
passes, and nothing is cut before it or after the request let go."""

import socket
import threading
import time

import pytest

from samenwerkt.core.db_watchdog import Watchdog, deadline_seconds


class FakePgConn:
    def __init__(self, sock: socket.socket):
        self.socket = sock.fileno()


class FakeRaw:
    def __init__(self, sock: socket.socket):
        self.pgconn = FakePgConn(sock)


class FakeWrapper:
    """What Django's DatabaseWrapper offers the watchdog: .connection.pgconn.socket."""

    def __init__(self, sock: socket.socket | None):
        self.connection = FakeRaw(sock) if sock is not None else None


@pytest.fixture
def stuck():
    """A socket whose peer never answers, and a thread blocked reading it."""
    ours, peer = socket.socketpair()
    result = {}

    def wait():
        result["read"] = ours.recv(1)  # blocks until data, EOF or shutdown

    reader = threading.Thread(target=wait, daemon=True)
    reader.start()
    yield ours, reader, result
    ours.close()
    peer.close()


def test_a_connection_past_its_deadline_is_cut_and_the_wait_ends(stuck):
    ours, reader, result = stuck
    dog = Watchdog()
    dog._watched[reader.ident] = (time.monotonic() - 0.1, FakeWrapper(ours))
    assert dog.check() == 1
    reader.join(timeout=2)
    assert not reader.is_alive(), "the blocked read did not end"
    assert result["read"] == b""  # end of file: the query fails instead of waiting


def test_nothing_is_cut_before_the_deadline_or_after_release(stuck):
    ours, _reader, _result = stuck
    dog = Watchdog()
    dog.watch(30, FakeWrapper(ours))
    assert dog.check() == 0
    assert dog.check(now=time.monotonic() + 31) == 1
    dog.watch(0, FakeWrapper(ours))
    dog.release()
    assert dog.check(now=time.monotonic() + 60) == 0


def test_a_request_without_a_connection_is_left_alone():
    dog = Watchdog()
    dog._watched[1] = (0.0, FakeWrapper(None))
    assert dog.check() == 0


def test_the_watchdog_runs_for_postgresql_only(settings):
    settings.DB_STATEMENT_TIMEOUT_MS = 10_000
    settings.DB_WATCHDOG_MARGIN_SECONDS = 2
    assert deadline_seconds("sqlite") is None
    assert deadline_seconds("postgresql") == 12
    settings.DB_STATEMENT_TIMEOUT_MS = 0  # timeouts switched off (a big import)
    assert deadline_seconds("postgresql") is None
