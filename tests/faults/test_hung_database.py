"""Fault tests: a database that hangs instead of refusing, against the app as `make run`
serves it (granian, two workers; the command is read from `make -n run`).

* A host that accepts connections and never answers: the app's database address goes
  silent under it. /livez must stay under 100 ms throughout, also while other requests
  wait on the connect timeout; every other request gets its answer (the friendly 503,
  or a stored public page marked stale) within DB_CONNECT_TIMEOUT plus a margin, most
  far sooner because a failed connect pauses the process's attempts.
* A table lock held by another session: the view's query gives up after
  DB_LOCK_TIMEOUT_MS and the visitor gets the friendly 503; the connection stays good,
  so the pages come back the moment the lock goes. A lock on the content-version table
  (which the page cache reads first) is answered as fast, with a stale page where one
  is stored.

In every case no request goes unanswered, nothing is a 500, and granian respawns no
worker (granian has no worker timeout; --respawn-failed-workers would replace a crashed
one, so the workers' PIDs must be the same before and after).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.appserver import AppServer
from tests.faults.harness import Answer, Prepared, describe, prepared_database
from tests.faults.probes import Gate, Probe, stats

# The tests share one prepared database: under `make test` (pytest-xdist, --dist
# loadgroup) they run on one worker, so it is made once.
pytestmark = pytest.mark.xdist_group("hung-database")

CONNECT_TIMEOUT = 2  # seconds, DB_CONNECT_TIMEOUT for the app
LOCK_TIMEOUT_MS = 1000
STATEMENT_TIMEOUT_MS = 3000
LIVEZ_BOUND = 0.100  # the "done when"
# This machine is shared and loaded (2 cores, load 6-9): with the database healthy, too,
# up to a few /livez in a hundred take over 100 ms (the baseline printed by the first
# test), while granian's access log has the app's own part under 30 ms. So a few over
# the bound are allowed (at load 11 one took 0.87 s); none may take as long as a
# connect wait (2 s).
LIVEZ_SPARE = 0.03
LIVEZ_CEILING = 1.5
CONNECT_BOUND = CONNECT_TIMEOUT + 0.5  # "a page gives its 503 in at most the connect timeout"
LOCK_BOUND = 3.0  # lock timeout + room for a loaded machine
PAGES = ("/", "/vormen/", "/api/v1/forms", "/healthz", "/account/login/")
WARMED = "/"  # stored in the page cache before the host goes silent


@pytest.fixture(scope="module")
def prepared() -> Iterator[Prepared]:
    with prepared_database("samenwerkt_hung") as prepared:
        yield prepared


def _app(prepared: Prepared, tmp_path: Path, **settings: str) -> AppServer:
    return AppServer({**prepared.env, **settings}, tmp_path / "server.log")


def _warm(probe: Probe, app: AppServer, *paths: str, times: int = 8) -> None:
    """Ask for each path a few times on fresh connections, so both workers render it
    (and, with the page cache on, store it). This is set-up, with the database healthy:
    a connection the forwarder dropped under load (seen once in many runs on a loaded
    machine) is asked again after the app's short pause, within a bound."""
    for path in paths:
        for _ in range(times):
            deadline = time.monotonic() + 10
            while (answer := probe.get(path)).status != 200 and time.monotonic() < deadline:
                time.sleep(0.5)
            assert answer.status == 200, f"{answer}\n{app.log()}"
    probe.answers.clear()


def _load(probe: Probe, pages: tuple[str, ...], seconds: float, visitors: int = 4) -> None:
    """Visitors cycling through the pages and a load balancer asking /livez every
    20 ms, for ``seconds``; bounded by rounds too."""
    # Each visitor pauses between requests: the point is how many wait at once, not a
    # flood (which would only take the CPU from the rest of the suite).
    for offset in range(visitors):
        probe.spawn(pages, offset, 0.15, 400)
    probe.watch_livez(seconds)
    time.sleep(seconds)
    probe.finish(timeout=CONNECT_TIMEOUT * 3 + 5)


def _friendly_503(answer: Answer) -> bool:
    return answer.status == 503 and answer.friendly and answer.retry_after


def _check_livez(livez: list[Answer]) -> None:
    assert len(livez) >= 50, f"too few /livez requests: {len(livez)}"
    bad = [a for a in livez if a.status != 200 or a.seconds >= LIVEZ_CEILING]
    assert not bad, f"/livez not a 200 within {LIVEZ_CEILING}s:\n" + describe(bad)
    over = [a for a in livez if a.seconds >= LIVEZ_BOUND]
    assert len(over) <= max(1, LIVEZ_SPARE * len(livez)), (
        f"{len(over)} of {len(livez)} /livez over {LIVEZ_BOUND * 1000:.0f} ms:\n" + describe(over)
    )


def _livez_stats(livez: list[Answer]) -> str:
    over = sum(a.seconds >= LIVEZ_BOUND for a in livez)
    return f"{stats([a.seconds for a in livez])}, {over} at or over {LIVEZ_BOUND * 1000:.0f}ms"


def _overlapping(livez: list[Answer], waiting: list[Answer]) -> int:
    """How many /livez answers came while some other request was waiting."""
    return sum(any(w.start < a.start and a.end < w.end for w in waiting) for a in livez)


def _distribution(seconds: list[float]) -> str:
    edges = (0.1, 0.5, 1.0, 2.0, CONNECT_BOUND, float("inf"))
    counts, low = [], 0.0
    for high in edges:
        n = sum(low <= s < high for s in seconds)
        counts.append(f"[{low:g},{high:g})s: {n}")
        low = high
    return ", ".join(counts)


def _assert_all_answered(answers: list[Answer]) -> None:
    unanswered = [a for a in answers if a.status is None]
    assert not unanswered, "requests without an answer:\n" + describe(unanswered)


def _print_per_path(answers: list[Answer], paths: tuple[str, ...]) -> None:
    for path in paths:
        print(f"  {path}: {stats([a.seconds for a in answers if a.path == path])}")


# More visitors than a worker has threads (THREADS=8 in the Makefile). Once a connect
# has failed, only one request per process probes while the others answer at once; but
# the requests already past that gate when the host went silent all wait on their
# connect together, and with more of them than threads /livez queues behind them, for
# at most one connect timeout, once, at the start of the outage.
THREADS = 8
BURST = CONNECT_BOUND


@pytest.mark.timeout(240)
@pytest.mark.parametrize("visitors", [4, 16], ids=lambda n: f"{n}-visitors")
def test_silent_database_host_fails_fast_and_livez_stays_instant(prepared, tmp_path, visitors):
    with (
        Gate(prepared.cluster.port) as gate,
        _app(
            prepared,
            tmp_path,
            DATABASE_URL=gate.url(prepared.db),
            DB_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
        ) as app,
    ):
        probe = Probe(app.port)
        _warm(probe, app, WARMED)
        workers = app.workers()
        # Load with the database healthy first: /livez's times here are what this
        # (shared, loaded) machine gives anyway, to compare with the outage's. Only
        # the pages that are stored already or never stored: the others must find
        # nothing stored when the host goes silent, so they answer the 503.
        _load(probe, (WARMED, "/healthz", "/account/login/"), 2)
        baseline = probe.of("/livez")
        probe = Probe(app.port)

        gate.go_silent()
        t_silent = time.monotonic()
        # Visitors cycling through the pages (each answered at once or after one
        # connect timeout), a load balancer asking /livez all the while; 8 s covers
        # two rounds of "pause, probe, time out" in both workers.
        _load(probe, PAGES, 8, visitors)
        silent_for = time.monotonic() - t_silent
        workers_after = app.workers()
        log = app.log()

    answers = probe.answers
    livez = probe.of("/livez")
    pages = [a for a in answers if a.path != "/livez"]
    page_seconds = [a.seconds for a in pages]
    waited = [a for a in pages if a.seconds >= 1.0]  # those that tried to connect
    at_once = [a for a in pages if a.seconds < 0.5]
    stale = [a for a in pages if a.cache == "stale"]
    print(
        f"\n[silent host, {visitors} visitors] /livez with the database healthy:"
        f" {_livez_stats(baseline)};"
        f"\n  then {len(answers)} requests in {silent_for:.1f}s with the host silent:"
        f" /livez {_livez_stats(livez)},"
        f" {_overlapping(livez, waited)} of them while a page waited on the connect;"
        f"\n  pages {stats(page_seconds)} ({len(stale)} stale 200s);"
        f" 503s {stats([a.seconds for a in pages if a.status == 503])};"
        f"\n  distribution {_distribution(page_seconds)};"
        f" connections the silent host accepted: {gate.accepted_silent}"
    )
    _print_per_path(answers, PAGES)

    _assert_all_answered(answers)
    if visitors > THREADS:
        first = [a for a in livez if a.start < t_silent + BURST]
        slow_first = [a for a in first if a.status != 200 or a.seconds > CONNECT_BOUND]
        assert not slow_first, "/livez slower than one connect timeout:\n" + describe(slow_first)
        livez = [a for a in livez if a.start >= t_silent + BURST]
    _check_livez(livez)
    wrong = [a for a in pages if not (_friendly_503(a) or _allowed_200(a))]
    assert not wrong, "not the friendly 503 (or a stale stored page):\n" + describe(wrong)
    slow = [a for a in pages if a.seconds > CONNECT_BOUND]
    assert not slow, f"slower than {CONNECT_BOUND}s:\n" + describe(slow)
    assert {a.path for a in pages} == set(PAGES)
    # The app really did try the silent host, and /livez was asked meanwhile.
    assert gate.accepted_silent >= 1 and waited, "no request waited on the connect timeout"
    assert _overlapping(livez, waited) >= 3, "too few /livez requests during connect waits"
    # One connection attempt per request at most: no more connections reached the
    # host than requests waited (an attempt costs the whole connect timeout).
    assert gate.accepted_silent <= len(waited), (gate.accepted_silent, len(waited))
    # A failed connect pauses the process's attempts, so many answers come at once
    # (the distribution is printed above): every path that needs the database gets
    # some, and they are at least a third of all.
    assert {a.path for a in at_once} == set(PAGES), _distribution(page_seconds)
    assert len(at_once) >= len(pages) / 3, _distribution(page_seconds)
    assert workers_after == workers, f"workers {workers} became {workers_after}:\n{log}"


def _allowed_200(answer: Answer) -> bool:
    """A 200 is right for the page stored before the host went silent (served stale),
    and for the sign-in form, which renders without the database (outside a
    pause: during one, everything but /livez gets the 503)."""
    if answer.status != 200:
        return False
    if answer.path == WARMED:
        return answer.cache == "stale"
    return answer.path == "/account/login/"


WATCHDOG_MARGIN = 1  # seconds past the statement timeout before the watchdog cuts


@pytest.mark.timeout(240)
def test_frozen_database_server_fails_fast_on_open_connections(prepared, tmp_path):
    """The server stops answering (SIGSTOP, a hung disk) while the app holds open
    connections to it (CONN_MAX_AGE). Neither the server (frozen) nor TCP (the kernel
    still acknowledges) ends the wait; the app's watchdog cuts the connection after the
    statement timeout plus its margin, and the request gets the friendly 503. At worst a
    request also makes its one connect attempt (the health check found the old
    connection dead)."""
    bound = STATEMENT_TIMEOUT_MS / 1000 + WATCHDOG_MARGIN + CONNECT_TIMEOUT + 1.0
    paths = ("/vormen/", "/healthz")
    with (
        Gate(prepared.cluster.port) as gate,
        _app(
            prepared,
            tmp_path,
            DATABASE_URL=gate.url(prepared.db),
            DB_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
            DB_STATEMENT_TIMEOUT_MS=str(STATEMENT_TIMEOUT_MS),
            DB_WATCHDOG_MARGIN_SECONDS=str(WATCHDOG_MARGIN),
            PAGE_CACHE_SECONDS="0",  # every request queries
        ) as app,
    ):
        probe = Probe(app.port, timeout=bound + 4)
        _warm(probe, app, *paths)  # the worker threads now hold open connections
        gate.freeze()
        for offset in range(3):
            probe.spawn(paths, offset, 0.05, 100)
        time.sleep(bound)
        probe.finish(timeout=bound + 10)
        # Cut the frozen connections, so the stuck threads (if any) end and the
        # server stops promptly.
        gate.go_silent()

    late = [a for a in probe.answers if a.status is None or a.seconds > bound]
    print(
        f"\n[frozen server] {stats([a.seconds for a in probe.answers])};"
        f" {len(late)} unanswered or over {bound:g}s"
    )
    assert not late, f"no answer within {bound:g}s:\n" + describe(late)
    wrong = [a for a in probe.answers if not _friendly_503(a)]
    assert not wrong, "not the friendly 503:\n" + describe(wrong)


def _hold_lock(prepared: Prepared, table: str) -> psycopg.Connection:
    conn = psycopg.connect(prepared.url, connect_timeout=5)
    conn.execute("SET lock_timeout = '10s'")  # we take it, the app must wait for it
    conn.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")  # psycopg began a txn
    return conn


def _after_release(probe: Probe, paths: tuple[str, ...]) -> list[Answer]:
    """Right after the lock is gone, every page must be a 200 again: the connections
    that hit the lock timeout were not poisoned."""
    probe.answers.clear()
    for _ in range(4):
        for path in paths:
            probe.get(path)
    bad = [a for a in probe.answers if a.status != 200 or a.seconds > 1.5]
    assert not bad, "not a 200 right after the lock was released:\n" + describe(bad)
    return list(probe.answers)


@pytest.mark.timeout(240)
def test_held_table_lock_gives_503_within_the_lock_timeout(prepared, tmp_path):
    # The examples: pages read them on every visit (the small tables every page shows
    # are kept per content version, core/content_memo.py, and never wait on a lock).
    paths = ("/voorbeelden/", "/api/v1/examples?lang=en")
    with _app(
        prepared,
        tmp_path,
        PAGE_CACHE_SECONDS="0",  # every request's view queries the locked table
        DB_LOCK_TIMEOUT_MS=str(LOCK_TIMEOUT_MS),
        DB_STATEMENT_TIMEOUT_MS=str(STATEMENT_TIMEOUT_MS),
    ) as app:
        probe = Probe(app.port)
        _warm(probe, app, *paths, "/healthz", times=4)
        workers = app.workers()

        lock = _hold_lock(prepared, "handbook_example")
        try:
            t_locked = time.monotonic()
            for offset in range(3):
                probe.spawn(paths, offset, 0.1, 200)
            probe.watch_livez(4)
            probe.spawn(("/healthz",), 0, 0.5, 50)  # the database itself still answers
            time.sleep(4)
            probe.finish(timeout=LOCK_BOUND + 5)
            held = time.monotonic() - t_locked
        finally:
            lock.rollback()
            lock.close()
        during = list(probe.answers)
        after = _after_release(probe, paths)
        workers_after = app.workers()
        log = app.log()

    livez = [a for a in during if a.path == "/livez"]
    locked = [a for a in during if a.path in paths]
    healthz = [a for a in during if a.path == "/healthz"]
    print(
        f"\n[table lock] held {held:.1f}s; {len(during)} requests;"
        f" 503s {stats([a.seconds for a in locked if a.status == 503])};"
        f" /livez {stats([a.seconds for a in livez])},"
        f" {_overlapping(livez, locked)} of them while a page waited on the lock;"
        f" /healthz {stats([a.seconds for a in healthz])};"
        f" after release {stats([a.seconds for a in after])}"
    )
    _print_per_path(locked, paths)

    _assert_all_answered(during)
    _check_livez(livez)
    assert {a.path for a in locked} == set(paths)
    wrong = [a for a in locked if not _friendly_503(a)]
    assert not wrong, "not the friendly 503 while the table was locked:\n" + describe(wrong)
    slow = [a for a in locked if a.seconds > LOCK_BOUND]
    assert not slow, f"slower than {LOCK_BOUND}s:\n" + describe(slow)
    # They gave up because of the lock timeout, not earlier for some other reason.
    early = [a for a in locked if a.seconds < LOCK_TIMEOUT_MS / 1000 - 0.05]
    assert not early, "answered before the lock timeout:\n" + describe(early)
    assert healthz and all(a.status == 200 for a in healthz), describe(healthz)
    assert workers_after == workers, f"workers {workers} became {workers_after}:\n{log}"


@pytest.mark.timeout(240)
def test_locked_content_version_is_answered_fast_with_the_page_cache_on(prepared, tmp_path):
    warmed = ("/", "/api/v1/forms")
    cold = "/vormen/"
    with _app(
        prepared,
        tmp_path,
        DB_LOCK_TIMEOUT_MS=str(LOCK_TIMEOUT_MS),
        DB_STATEMENT_TIMEOUT_MS=str(STATEMENT_TIMEOUT_MS),
    ) as app:
        probe = Probe(app.port)
        _warm(probe, app, *warmed)  # stored by whichever worker answered
        workers = app.workers()

        lock = _hold_lock(prepared, "core_contentversion")
        try:
            t_locked = time.monotonic()
            for offset in range(3):
                probe.spawn((*warmed, cold), offset, 0.1, 200)
            probe.watch_livez(3)
            time.sleep(3)
            probe.finish(timeout=LOCK_BOUND + 5)
            held = time.monotonic() - t_locked
        finally:
            lock.rollback()
            lock.close()
        during = list(probe.answers)
        after = _after_release(probe, (*warmed, cold))
        workers_after = app.workers()
        log = app.log()

    livez = [a for a in during if a.path == "/livez"]
    pages = [a for a in during if a.path != "/livez"]
    stale = [a for a in pages if a.status == 200 and a.cache == "stale"]
    print(
        f"\n[content-version lock] held {held:.1f}s; {len(during)} requests;"
        f" pages {stats([a.seconds for a in pages])}, {len(stale)} of them stale 200s;"
        f" 503s {stats([a.seconds for a in pages if a.status == 503])};"
        f" /livez {stats([a.seconds for a in livez])};"
        f" after release {stats([a.seconds for a in after])}"
    )

    _assert_all_answered(during)
    _check_livez(livez)
    assert {a.path for a in pages} == {*warmed, cold}
    wrong = [
        a
        for a in pages
        if not (_friendly_503(a) or (a.path in warmed and a.status == 200 and a.cache == "stale"))
    ]
    assert not wrong, "not the friendly 503 (or a stale stored page):\n" + describe(wrong)
    assert stale, "no stored page was served while the content version was locked"
    slow = [a for a in pages if a.seconds > LOCK_BOUND]
    assert not slow, f"slower than {LOCK_BOUND}s:\n" + describe(slow)
    assert workers_after == workers, f"workers {workers} became {workers_after}:\n{log}"
