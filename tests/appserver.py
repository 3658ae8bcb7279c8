"""The app as `make run` serves it, for the tests that need a real server (tests/serving,
tests/browser, tests/faults).

* ``make_run_command`` is the last recipe line of `make -n run` (granian) for a host,
  port and any other make variable (WORKERS, HEADER_TIMEOUT_MS, THREADS), so a change
  to the Makefile is what gets tested.
* ``app_env`` is the app's environment for a temporary directory: its own SQLite
  database there, or a given DATABASE_URL; a clean environment otherwise, so no
  setting of the test run leaks into the server.
* ``prepare`` runs what `make run` runs before serving: migrate and load_handbook (and
  any further management command) in one process, collectstatic alongside it.
* ``AppServer`` starts the command on a free port in its own process group, waits for
  /livez and its workers, knows the workers' PIDs (a respawned worker shows up as a new
  PID), keeps the log, and stops the whole group.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# The subprocesses get a clean environment: no setting of ours leaks into them.
PASS_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR")
# granian may ignore a SIGTERM while its workers are still starting: after this many
# seconds the group gets a SIGKILL.
STOP_GRACE = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def require_make() -> None:
    """Skip (not fail) where make is missing: the server command comes from it."""
    if shutil.which("make") is None:
        pytest.skip("make is missing: the server command is read from `make -n run`")


@functools.cache
def _make_run_line(variables: tuple[str, ...]) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", "run", *variables],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def make_run_command(port: int, host: str = HOST, **make_vars: object) -> list[str]:
    """The server command of `make run` (its last recipe line) for this host and port,
    with further make variables, e.g. ``WORKERS=1, HEADER_TIMEOUT_MS=3000``."""
    variables = [f"HOST={host}", f"PORT={port}", *(f"{k}={v}" for k, v in make_vars.items())]
    return shlex.split(_make_run_line(tuple(variables)))


def app_env(root: Path, database_url: str | None = None, **settings: str) -> dict[str, str]:
    """The app's environment: files under ``root``, SQLite at root/db.sqlite3 unless a
    ``database_url`` is given, default settings but for ``settings``."""
    env = {k: os.environ[k] for k in PASS_ENV if k in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="samenwerkt.settings",
        PYTHONPATH=str(ROOT / "src"),
        VAR_DIR=str(root),
        STATIC_ROOT=str(root / "static"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
    )
    if database_url is None:
        env["SQLITE_PATH"] = str(root / "db.sqlite3")
    else:
        env["DATABASE_URL"] = database_url
    env.update(settings)
    return env


def _manage_script(commands: tuple[tuple[str, dict], ...]) -> str:
    calls = "".join(f" call_command({name!r}, **{options!r});" for name, options in commands)
    return "import django; django.setup(); from django.core.management import call_command;" + calls


# The staff account as after its first visit: its address confirmed and two-factor
# authentication on with the tests' known secret (tests/accounts/factories.py), so a
# test can sign in on the one sign-in page and type the current code as the phone
# would show it.
_STAFF_READY = (
    "from allauth.account.models import EmailAddress;"
    "from samenwerkt.accounts.models import User;"
    "from tests.accounts.factories import turn_on_two_factor;"
    "staff = User.objects.get(username={username!r});"
    "EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True);"
    "turn_on_two_factor(staff)"
)


def prepare(
    env: dict[str, str],
    *,
    superuser: tuple[str, str] | None = None,
    meanwhile: Callable[[], None] | None = None,
    timeout: float = 300,
) -> None:
    """migrate and load_handbook in one process, as each `manage.py` sets Django up anew;
    collectstatic, which needs no database, in a second process at the same time.
    ``superuser`` (username, password) adds a staff account in the first, ready to sign
    in (confirmed address, two-factor with the tests' secret). ``meanwhile``
    runs while collectstatic does, before migrate (e.g. to start the database)."""
    run = {"cwd": ROOT, "env": env, "stdin": subprocess.DEVNULL, "text": True}
    commands: tuple[tuple[str, dict], ...] = (
        ("migrate", {"interactive": False, "verbosity": 0}),
        ("load_handbook", {"verbosity": 0}),
    )
    if superuser is not None:
        commands += (("createsuperuser", {"interactive": False, "verbosity": 0}),)
        username, password = superuser
        staff = {
            "DJANGO_SUPERUSER_USERNAME": username,
            "DJANGO_SUPERUSER_PASSWORD": password,
            "DJANGO_SUPERUSER_EMAIL": f"{username}@example.org",
        }
        run["env"] = {**env, **staff}  # for this command only, not the server
    # The 503 page links the hashed stylesheet: without the manifest it would be a 500.
    static = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        **run,
    )
    try:
        if meanwhile is not None:
            meanwhile()
        script = _manage_script(commands)
        if superuser is not None:
            script += _STAFF_READY.format(username=superuser[0])
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, timeout=timeout, **run
        )
        assert result.returncode == 0, f"{script}:\n{result.stdout}{result.stderr}"
        output, _ = static.communicate(timeout=timeout)
        assert static.returncode == 0, f"manage.py collectstatic:\n{output}"
    finally:
        if static.poll() is None:
            static.kill()
            static.wait(timeout=10)


def get(port: int, path: str, timeout: float = 5.0) -> int:
    """The status of one GET on a fresh connection (raises OSError without an answer)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found.update(int(c) for c in (task / "children").read_text().split())
    return found


class AppServer:
    """`make run`'s server command on a free port, in its own process group.

    ``with AppServer(env, log) as app:`` starts it and waits until /livez answers and
    all its workers run; ``make_vars`` are further make variables (WORKERS defaults to
    the Makefile's)."""

    def __init__(self, env: dict[str, str], log: Path, **make_vars: object):
        self.env = env
        self.log_path = log
        self.make_vars = make_vars
        self.expected_workers = int(make_vars.get("WORKERS", 2))
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> AppServer:
        command = make_run_command(self.port, **self.make_vars)
        with self.log_path.open("ab") as out:
            self.process = subprocess.Popen(
                command,
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
            self.stop()
            raise
        return self

    def _wait_ready(self, seconds: float = 40) -> None:
        deadline = time.monotonic() + seconds
        while True:
            assert self.process.poll() is None, f"the server exited:\n{self.log()}"
            try:
                ready = get(self.port, "/livez", timeout=1) == 200
            except (OSError, http.client.HTTPException):
                ready = False
            if ready and len(self.workers()) >= self.expected_workers:
                return
            assert time.monotonic() < deadline, f"no answer within {seconds}s:\n{self.log()}"
            time.sleep(0.1)

    def workers(self) -> set[int]:
        """The PIDs of the server's child processes (granian's workers): a respawned
        worker shows up as a new PID."""
        return _children(self.process.pid) if self.process else set()

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log(self) -> str:
        """The end of the log, for a failure message."""
        return self.log_text()[-4000:]

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        # Workers left behind in the group (the main process ended first) go too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    __enter__ = start

    def __exit__(self, *exc) -> None:
        self.stop()
