"""Fault test: PostgreSQL goes away under load and comes back.

A throwaway PostgreSQL cluster (its own port and socket directory, never the shared
server), the app migrated and loaded into it and served as `make run` serves it
(granian, two workers; the command is read from `make -n run`), and background threads
reading pages and the API and writing through the staff admin. Then the database is
stopped, and later started again. We check that

* while it is down every request is answered fast (within FAST seconds) with a 503
  (the friendly page, or JSON for /api/) and never a 500;
* no worker crashed or was replaced: the same worker processes before and after, and
  no traceback or "Internal Server Error" in the server's log;
* the app recovers by itself within seconds of the database accepting connections;
* no acknowledged write (an admin POST answered with its 302) is lost.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

import psycopg
import pytest
import requests

from tests.appserver import AppServer
from tests.faults.harness import (
    FAST,
    READ_PATHS,
    Cluster,
    Load,
    describe,
    prepared_database,
)

RECOVERY = 5.0  # seconds from "database accepts connections" to "app answers 200"


@dataclass
class Stack:
    cluster: Cluster
    db: str
    app: AppServer
    username: str
    password: str

    @property
    def base(self) -> str:
        return self.app.base


@pytest.fixture
def stack(tmp_path):
    username, password = "faultadmin", secrets.token_urlsafe(16)
    with prepared_database("samenwerkt_fault", superuser=(username, password)) as prepared:
        env = {**prepared.env, "PAGE_CACHE_SECONDS": "0"}  # every request hits the database
        with AppServer(env, tmp_path / "server.log", WORKERS=2) as app:
            yield Stack(prepared.cluster, prepared.db, app, username, password)


def _login(stack: Stack) -> requests.Session:
    """Sign in as the staff account on the one sign-in page, password then the app's
    code (tests/appserver.py gives it two-factor with the tests' known secret)."""
    from tests.accounts.factories import totp_code

    session = requests.Session()
    response = session.get(stack.base + "/account/login/", timeout=10)
    assert response.status_code == 200
    response = session.post(
        stack.base + "/account/login/",
        data={
            "login": f"{stack.username}@example.org",
            "password": stack.password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    assert response.headers["Location"].endswith("/account/2fa/authenticate/")
    response = session.post(
        stack.base + "/account/2fa/authenticate/",
        data={"code": totp_code(), "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    assert session.get(stack.base + "/beheer/", timeout=10).status_code == 200
    return session


def _same_sign_in(session: requests.Session) -> requests.Session:
    """A second client with the same signed-in session (an app code works once, so a
    second sign-in would wait for the next code)."""
    other = requests.Session()
    other.cookies.update(session.cookies)
    return other


def _first_time(probe, stop: threading.Event, out: dict, key: str, interval: float) -> None:
    """Record in out[key] the first moment probe() is true (bounded by the stop event)."""
    while not stop.is_set():
        if probe():
            out[key] = time.monotonic()
            return
        time.sleep(interval)


def _app_answers(base: str) -> bool:
    try:
        return requests.get(base + "/", timeout=FAST).status_code == 200
    except requests.RequestException:
        return False


@pytest.mark.timeout(180)
def test_postgres_outage_fails_fast_recovers_and_keeps_acknowledged_writes(stack):
    t_begin = time.monotonic()
    with psycopg.connect(stack.cluster.url(stack.db), connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT id, key, position, url, title_en, description_nl, description_en"
            " FROM handbook_externallink ORDER BY id LIMIT 1"
        ).fetchone()
    assert row, "the handbook has no external links to edit"
    pk, key, position, url, title_en, description_nl, description_en = row
    fields = {
        "key": key,
        "position": str(position),
        "url": url,
        "title_en": title_en,
        "description_nl": description_nl,
        "description_en": description_en,
    }

    workers_before = stack.app.workers()
    assert len(workers_before) == 2, workers_before
    load = Load(stack.base)
    for offset in range(3):
        load.spawn(load.reader, offset)
    signed_in = _login(stack)
    load.spawn(load.editor, signed_in, pk, fields)
    load.spawn(load.adder, _same_sign_in(signed_in))
    try:
        time.sleep(3)  # the app under load, database up
        edits_before = len(load.edits_acked)
        adds_before = len(load.adds_acked)

        t_stop = time.monotonic()
        result = stack.cluster.stop("fast")
        t_down = time.monotonic()
        assert result.returncode == 0, result.stdout
        time.sleep(5)  # the outage

        marks: dict[str, float] = {}
        probes_done = threading.Event()
        probes = [
            threading.Thread(
                target=_first_time,
                args=(lambda: stack.cluster.accepts(stack.db), probes_done, marks, "db", 0.02),
            ),
            threading.Thread(
                target=_first_time,
                args=(lambda: _app_answers(stack.base), probes_done, marks, "app", 0.05),
            ),
        ]
        t_start = time.monotonic()
        for probe in probes:
            probe.start()
        stack.cluster.start()
        deadline = time.monotonic() + 20
        while "app" not in marks and time.monotonic() < deadline:
            time.sleep(0.05)
        probes_done.set()
        for probe in probes:
            probe.join(timeout=FAST + 2)
        time.sleep(3)  # the app under load again
    finally:
        load.stop.set()
        load.join()
    workers_after = stack.app.workers()
    log = stack.app.log_text()

    hits = sorted(load.hits, key=lambda h: h.start)
    down = [h for h in hits if h.start >= t_down and h.end <= t_start]
    t_db, t_app = marks.get("db"), marks.get("app")
    t_first_503 = min((h.end for h in hits if h.status == 503 and h.end >= t_stop), default=None)
    down_times = sorted(h.seconds for h in down)
    print(
        f"\n[outage] {len(hits)} requests; {len(down)} while down, answered in"
        f" max {max(down_times, default=0):.3f}s / median"
        f" {down_times[len(down_times) // 2] if down_times else 0:.3f}s;"
        f" first 503 {(t_first_503 or t_stop) - t_stop:.3f}s after stop began;"
        f" pg stop took {t_down - t_stop:.2f}s; db accepting"
        f" {(t_db or t_start) - t_start:.2f}s after start began; app 200"
        f" {(t_app - t_db) if t_app and t_db else float('nan'):.3f}s after db accepting;"
        f" edits acked {len(load.edits_acked)}/{len(load.edits_attempted)},"
        f" adds acked {len(load.adds_acked)}; whole test {time.monotonic() - t_begin:.1f}s"
        " (+ setup)"
    )

    # Every request got an answer, fast, and none was a 500.
    unanswered = [h for h in hits if h.status is None]
    assert not unanswered, "requests without an answer:\n" + describe(unanswered)
    slow = [h for h in hits if h.seconds > FAST]
    assert not slow, f"requests slower than {FAST}s:\n" + describe(slow)
    errors = [h for h in hits if h.status not in (200, 302, 503)]
    assert not errors, "unexpected statuses (a 500 is never acceptable):\n" + describe(errors)
    unfriendly = [h for h in hits if h.status == 503 and not (h.friendly and h.retry_after)]
    assert not unfriendly, "503 without the friendly page/JSON or Retry-After:\n" + describe(
        unfriendly
    )

    # While the database was down: 503 for everything, reads and writes alike.
    assert len(down) >= 20, f"too little load while the database was down ({len(down)})"
    assert {h.path for h in down if h.kind == "read"} == set(READ_PATHS)
    assert any(h.kind == "write" for h in down)
    not_503 = [h for h in down if h.status != 503]
    assert not not_503, "answered other than 503 while the database was down:\n" + describe(not_503)

    # No worker crashed, hung for good or was replaced (granian respawns a failed one:
    # a new PID), and nothing failed with a traceback.
    assert workers_after == workers_before, (workers_before, workers_after, stack.app.log())
    assert log.count("Spawning worker") == 2, log[-3000:]
    assert "Traceback" not in log and "Internal Server Error" not in log, log[-3000:]

    # Recovery by itself, within seconds of the database accepting connections.
    assert t_db is not None, "the database did not come back"
    assert t_app is not None, "the app did not answer 200 within 20s of the restart"
    assert t_app - t_db < RECOVERY, f"recovered {t_app - t_db:.2f}s after the database"
    late = [h for h in hits if h.kind == "read" and h.start >= t_app + 1.0]
    assert late, "no load after the recovery"
    still_failing = [h for h in late if h.status != 200]
    assert not still_failing, "still failing after the recovery:\n" + describe(still_failing)

    # No acknowledged write is lost.
    assert edits_before and adds_before, "no write was acknowledged before the outage"
    assert len(load.edits_acked) > edits_before, "no edit was acknowledged after the outage"
    assert len(load.adds_acked) > adds_before, "no addition was acknowledged after the outage"
    last = load.edits_acked[-1]
    assert load.edits_attempted[-1] == last  # the editor stopped after an acknowledged edit
    with psycopg.connect(stack.cluster.url(stack.db), connect_timeout=5) as conn:
        (title,) = conn.execute(
            "SELECT title_nl FROM handbook_externallink WHERE id = %s", [pk]
        ).fetchone()
        assert title == f"edit-{last}", f"final title {title!r}, last acknowledged edit-{last}"
        (ct,) = conn.execute(
            "SELECT id FROM django_content_type"
            " WHERE app_label = 'handbook' AND model = 'externallink'"
        ).fetchone()
        (changes,) = conn.execute(
            "SELECT count(*) FROM django_admin_log"
            " WHERE content_type_id = %s AND object_id = %s AND action_flag = 2",
            [ct, str(pk)],
        ).fetchone()
        assert len(load.edits_acked) <= changes <= len(load.edits_attempted)
        added = dict(
            conn.execute(
                "SELECT key, id FROM handbook_externallink WHERE key = ANY(%s)",
                [load.adds_acked],
            ).fetchall()
        )
        lost = sorted(set(load.adds_acked) - set(added), key=lambda k: int(k.split("-")[1]))
        assert not lost, f"acknowledged additions lost: {lost}"
        logged = {
            object_id
            for (object_id,) in conn.execute(
                "SELECT object_id FROM django_admin_log"
                " WHERE content_type_id = %s AND action_flag = 1",
                [ct],
            ).fetchall()
        }
        unlogged = [k for k, row_id in added.items() if str(row_id) not in logged]
        assert not unlogged, f"acknowledged additions without an admin LogEntry: {unlogged}"
