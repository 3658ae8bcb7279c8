"""Fault test: PostgreSQL goes away under load and comes back.

A throwaway PostgreSQL cluster (its own port and socket directory, never the shared
server), the app migrated and loaded into it, gunicorn with two workers in front, and
background threads reading pages and the API and writing through the staff admin. Then
the database is stopped, and later started again. We check that

* while it is down every request is answered fast (well inside gunicorn's timeout) with
  a 503 (the friendly page, or JSON for /api/) and never a 500;
* no worker is killed for hanging;
* the app recovers by itself within seconds of the database accepting connections;
* no acknowledged write (an admin POST answered with its 302) is lost.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import gunicorn.config
import psycopg
import pytest
import requests

from tests.faults.harness import (
    FAST,
    GUNICORN_TIMEOUT,
    READ_PATHS,
    Cluster,
    Hit,
    Load,
    free_port,
    pg_bindir,
)

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
RECOVERY = 5.0  # seconds from "database accepts connections" to "app answers 200"
# The subprocesses get a clean environment: no setting of ours leaks into them.
PASS_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR")


_PREPARE = (
    "import sys; sys.path.insert(0, 'src'); import django; django.setup();"
    " from django.core.management import call_command;"
    " call_command('migrate', interactive=False);"
    " call_command('load_handbook');"
    " call_command('createsuperuser', interactive=False)"
)


def _gunicorn_has_control_socket() -> bool:
    return hasattr(gunicorn.config, "ControlSocketDisable")


@dataclass
class Stack:
    cluster: Cluster
    db: str
    base: str
    gunicorn_log: Path
    username: str
    password: str


@pytest.fixture
def stack():
    bindir = pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL's initdb/pg_ctl not found (PATH, /usr/lib/postgresql/*/bin)")
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run initdb as")
    pg_root = Path(tempfile.mkdtemp(prefix="sw-pg-"))
    app_root = Path(tempfile.mkdtemp(prefix="sw-app-"))
    if os.geteuid() == 0:
        os.chown(pg_root, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(bindir, pg_root)
    gunicorn = None
    log_file = None
    collectstatic = None
    try:
        db = "samenwerkt_fault"
        username, password = "faultadmin", secrets.token_urlsafe(16)
        env = {k: os.environ[k] for k in PASS_ENV if k in os.environ}
        env.update(
            DJANGO_SETTINGS_MODULE="samenwerkt.settings",
            DATABASE_URL=cluster.url(db),
            VAR_DIR=str(app_root),
            STATIC_ROOT=str(app_root / "static"),
            SECRET_KEY=secrets.token_urlsafe(50),
            PAGE_CACHE_SECONDS="0",  # every request hits the database
            DJANGO_SUPERUSER_USERNAME=username,
            DJANGO_SUPERUSER_PASSWORD=password,
            DJANGO_SUPERUSER_EMAIL="fault@example.org",
        )
        t = time.monotonic()
        # collectstatic needs no database: it runs while the cluster is made.
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
        with psycopg.connect(cluster.url(), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"CREATE DATABASE {db}")
        print(f"[setup] initdb and start {time.monotonic() - t:.1f}s")

        # The commands `make run` uses, and a staff user, in one process: each
        # `manage.py` would set Django up anew.
        t = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-c", _PREPARE],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, f"{_PREPARE}:\n{result.stdout}{result.stderr}"
        print(f"[setup] migrate, load_handbook, createsuperuser {time.monotonic() - t:.1f}s")
        output, _ = collectstatic.communicate(timeout=120)
        assert collectstatic.returncode == 0, f"manage.py collectstatic:\n{output}"

        port = free_port()
        gunicorn_log = app_root / "gunicorn.log"
        log_file = gunicorn_log.open("w")
        command = [str(VENV_BIN / "gunicorn"), "samenwerkt.wsgi", "-c", "gunicorn.conf.py"]
        command += ["-b", f"127.0.0.1:{port}", "--workers", "2"]
        command += ["--timeout", str(GUNICORN_TIMEOUT), "--access-logfile", "/dev/null"]
        if _gunicorn_has_control_socket():
            # Recent gunicorn opens a control socket in ~/.gunicorn by default: keep this
            # throwaway server out of $HOME and away from any other gunicorn's socket.
            command.append("--no-control-socket")
        gunicorn = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            assert gunicorn.poll() is None, "gunicorn exited:\n" + gunicorn_log.read_text()
            try:
                if requests.get(base + "/livez", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, (
                "gunicorn did not start:\n" + gunicorn_log.read_text()
            )
            time.sleep(0.1)
        yield Stack(cluster, db, base, gunicorn_log, username, password)
    finally:
        if collectstatic is not None and collectstatic.poll() is None:
            collectstatic.kill()
            collectstatic.wait(timeout=5)
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                gunicorn.wait(timeout=5)
        if log_file is not None:
            log_file.close()
        cluster.stop("immediate")
        shutil.rmtree(pg_root, ignore_errors=True)
        shutil.rmtree(app_root, ignore_errors=True)


def _login(stack: Stack) -> requests.Session:
    session = requests.Session()
    response = session.get(stack.base + "/beheer/login/", timeout=10)
    assert response.status_code == 200
    response = session.post(
        stack.base + "/beheer/login/",
        data={
            "username": stack.username,
            "password": stack.password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "next": "/beheer/",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    return session


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


def _describe(hits: list[Hit]) -> str:
    return "\n".join(
        f"  {h.kind} {h.path} -> {h.status} in {h.elapsed:.2f}s {h.error}" for h in hits[:20]
    )


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

    load = Load(stack.base)
    for offset in range(3):
        load.spawn(load.reader, offset)
    load.spawn(load.editor, _login(stack), pk, fields)
    load.spawn(load.adder, _login(stack))
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

    hits = sorted(load.hits, key=lambda h: h.start)
    down = [h for h in hits if h.start >= t_down and h.end <= t_start]
    t_db, t_app = marks.get("db"), marks.get("app")
    t_first_503 = min((h.end for h in hits if h.status == 503 and h.end >= t_stop), default=None)
    down_times = sorted(h.elapsed for h in down)
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
    assert not unanswered, "requests without an answer:\n" + _describe(unanswered)
    slow = [h for h in hits if h.elapsed > FAST]
    assert not slow, f"requests slower than {FAST}s:\n" + _describe(slow)
    errors = [h for h in hits if h.status not in (200, 302, 503)]
    assert not errors, "unexpected statuses (a 500 is never acceptable):\n" + _describe(errors)
    unfriendly = [h for h in hits if h.status == 503 and not (h.friendly and h.retry_after)]
    assert not unfriendly, "503 without the friendly page/JSON or Retry-After:\n" + _describe(
        unfriendly
    )

    # While the database was down: 503 for everything, reads and writes alike.
    assert len(down) >= 20, f"too little load while the database was down ({len(down)})"
    assert {h.path for h in down if h.kind == "read"} == set(READ_PATHS)
    assert any(h.kind == "write" for h in down)
    not_503 = [h for h in down if h.status != 503]
    assert not not_503, "answered other than 503 while the database was down:\n" + _describe(
        not_503
    )

    # No worker hung until gunicorn killed it; no worker was replaced at all.
    log = stack.gunicorn_log.read_text(errors="replace")
    assert "WORKER TIMEOUT" not in log, log[-3000:]
    assert log.count("Booting worker") == 2, log[-3000:]

    # Recovery by itself, within seconds of the database accepting connections.
    assert t_db is not None, "the database did not come back"
    assert t_app is not None, "the app did not answer 200 within 20s of the restart"
    assert t_app - t_db < RECOVERY, f"recovered {t_app - t_db:.2f}s after the database"
    late = [h for h in hits if h.kind == "read" and h.start >= t_app + 1.0]
    assert late, "no load after the recovery"
    still_failing = [h for h in late if h.status != 200]
    assert not still_failing, "still failing after the recovery:\n" + _describe(still_failing)

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
