"""Real-browser fixtures: one gunicorn for the whole session, one Chromium per module.

pytest-django's ``live_server`` needs a transactional database that is flushed after
every test, which would wipe the handbook content; instead the session starts the real
production server (gunicorn, WhiteNoise, hashed static files) against its own SQLite
database in a temporary directory, prepared with the same commands ``make run`` uses.
The browser is Debian's Chromium, never a downloaded one.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import gunicorn.config
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
# WCAG 1.4.10 reflow: content fits 320 CSS pixels without scrolling sideways.
REFLOW = {"width": 320, "height": 640}


def pytest_collection_modifyitems(config, items):
    """Without Debian's Chromium every browser test is skipped (CI installs it)."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: install Debian's chromium package to run "
        "the browser tests (a Playwright browser download is never used)"
    )
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)


# Recent gunicorn opens a control socket in ~/.gunicorn by default: keep this server
# away from any other gunicorn's socket (another worker's, a developer's `make run`).
_NO_CONTROL_SOCKET = (
    ["--no-control-socket"] if hasattr(gunicorn.config, "ControlSocketDisable") else []
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    # CI also runs the suite with DATABASE_URL set to PostgreSQL; this server always
    # uses its own SQLite file so the tests never touch another database.
    for name in ("DATABASE_URL", "DEBUG", "STATIC_MANIFEST", "WEB_CONCURRENCY", "BIND"):
        env.pop(name, None)
    env.update(
        SQLITE_PATH=str(tmp / "db.sqlite3"),
        VAR_DIR=str(tmp),
        STATIC_ROOT=str(tmp / "static"),
        DJANGO_SETTINGS_MODULE="samenwerkt.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
        ACCESS_LOG=str(tmp / "access.log"),
    )
    return env


# The commands `make run` uses, in one process: each `manage.py` would set Django up anew.
_PREPARE = (
    "import sys; sys.path.insert(0, 'src'); import django; django.setup();"
    " from django.core.management import call_command;"
    " call_command('migrate', interactive=False, verbosity=0);"
    " call_command('load_handbook', verbosity=0);"
    " call_command('collectstatic', interactive=False, verbosity=0)"
)


def _prepare(env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PREPARE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(
            f"migrate, load_handbook or collectstatic failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited early:\n{log.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer {url} within {timeout}s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server_url(tmp_path_factory) -> str:
    """The address of a real gunicorn serving the app with the handbook loaded."""
    tmp = tmp_path_factory.mktemp("browser-server")
    env = _server_env(tmp)
    _prepare(env)
    port = _free_port()
    log = tmp / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(gunicorn),
                "samenwerkt.wsgi",
                "-c",
                "gunicorn.conf.py",
                "-b",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                *_NO_CONTROL_SOCKET,
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/healthz", process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser():
    """Chromium, per module. While Playwright's sync API is running it marks an asyncio
    loop as running in this thread, and Django refuses every database call then
    (SynchronousOnlyOperation). Serially pytest-django runs the database tests first;
    under pytest-xdist a worker goes on to database tests after the browser tests, so
    Playwright must have stopped by then."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _new_page(browser, server_url, **context_options):
    context = browser.new_context(
        base_url=server_url, viewport=context_options.pop("viewport", DESKTOP), **context_options
    )
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, server_url):
    """A fresh page (own context: no cookies, no history) at desktop width."""
    context, page = _new_page(browser, server_url)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, server_url):
    """A factory for a page with other context options (viewport, no JavaScript)."""
    contexts = []

    def make(**options):
        context, page = _new_page(browser, server_url, **options)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()
