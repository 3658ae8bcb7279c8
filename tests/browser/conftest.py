"""Real-browser fixtures: one app server for the whole session, one Chromium per module.

pytest-django's ``live_server`` needs a transactional database that is flushed after
every test, which would wipe the handbook content; instead the session starts the app
as `make run` serves it (granian from `make -n run`, WhiteNoise, hashed static files)
against its own SQLite database in a temporary directory, prepared with the same
commands ``make run`` uses, plus one staff account (tests/appserver.py). The browser is
Debian's Chromium, never a downloaded one.
"""

from __future__ import annotations

import email
import email.policy
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.appserver import ROOT, AppServer, app_env, prepare, require_make

CHROMIUM = Path("/usr/bin/chromium")
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
STAFF_USERNAME = "browserstaff"
STAFF_EMAIL = f"{STAFF_USERNAME}@example.org"  # what prepare() gives the superuser


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


@dataclass
class Served:
    app: AppServer
    env: dict[str, str]  # the server's environment
    staff_password: str  # of STAFF_USERNAME, a superuser

    @property
    def url(self) -> str:
        return self.app.base


# Failed sign-ins before the lock-out page, on the browser tests' server (error_pages.py).
FAILURE_LIMIT = 3


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The app as `make run` serves it, with the handbook loaded and a staff account."""
    require_make()
    tmp = tmp_path_factory.mktemp("browser-server")
    # Behind a proxy on 127.0.0.1 as in deploy/example.env: sign-in throttling counts
    # the address the proxy forwards, so the lock-out test can use an address of its own.
    # A lock-out after 3 failures, not 10: the page is the same, and each wrong password
    # costs the real password hasher's half second.
    env = app_env(tmp, TRUSTED_PROXIES="127.0.0.1", AXES_FAILURE_LIMIT=str(FAILURE_LIMIT))
    password = secrets.token_urlsafe(16)
    prepare(env, superuser=(STAFF_USERNAME, password))  # confirmed, two-factor on
    with AppServer(env, tmp / "server.log") as app:
        yield Served(app, env, password)


def in_server_database(served: Served, code: str) -> str:
    """Run Python (Django set up) against the browser server's own database, as a
    management shell would; returns what it prints. For what the site's pages cannot
    make themselves (a programme-office account, which staff make in the admin)."""
    script = "import django; django.setup()\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=served.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def site_url(served) -> str:
    """The SITE_URL the browser server builds the links in its emails from, as its
    settings have it. Unset in the server's environment it is `make run`'s default
    address, not the free port this session's server listens on: a test checks that
    an emailed link starts with it and opens the link's path on this server."""
    code = "from django.conf import settings; print(settings.SITE_URL)"
    return in_server_database(served, code).strip()


# The console email backend (the default, as with `make run`) prints each message to
# the server's output, which the session keeps in its log, and ends it with this line.
_EMAIL_END = re.compile(rb"^-{79}$", re.MULTILINE)
_EMAIL_START = re.compile(rb"^Content-Type: ", re.MULTILINE)


def emails_to(served: Served, address: str) -> list[EmailMessage]:
    """The emails the server has sent to ``address`` so far, oldest first."""
    found = []
    for chunk in _EMAIL_END.split(served.app.log_path.read_bytes()):
        start = _EMAIL_START.search(chunk)  # log lines may come before the headers
        if start is None:
            continue
        message = email.message_from_bytes(chunk[start.start() :], policy=email.policy.default)
        to = message["To"].addresses if message["To"] else ()
        if any(one.addr_spec.lower() == address.lower() for one in to):
            found.append(message)
    return found


def text_of(message: EmailMessage) -> str:
    """The plain-text body of an email, as a person reads it."""
    return message.get_body(preferencelist=("plain",)).get_content()


def emailed_link(
    served: Served, site_url: str, address: str, path: str, *, seconds: float = 10
) -> str:
    """The link whose path has ``path`` in it (e.g. "/account/confirm-email/") in the
    last email to ``address`` that has one, as emailed (starting with ``site_url``).
    Waits a little: an email goes out after its transaction commits."""
    link = re.compile(re.escape(site_url) + r"/\S*")
    deadline = time.monotonic() + seconds
    while True:
        for message in reversed(emails_to(served, address)):
            for url in link.findall(text_of(message)):
                if path in url.removeprefix(site_url):
                    return url
        assert time.monotonic() < deadline, f"no email to {address} with a link to {path}"
        time.sleep(0.2)


def sign_in(page, prefix: str, email: str, password: str, *, totp_secret: str | None = None):
    """Sign in on our sign-in page as a person would, with the app's code when the
    account has two-factor on. Returns the status of the last answer."""
    from tests.accounts.factories import totp_code

    page.goto(prefix + "/account/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    with page.expect_navigation() as navigation:
        page.locator('form.form button[type="submit"]').click()
    if totp_secret is None:
        return navigation.value.status
    for _attempt in range(2):
        page.locator("#id_code").fill(totp_code(totp_secret))
        with page.expect_navigation() as navigation:
            page.locator('form.form button[type="submit"]').first.click()
        if not page.url.endswith("/2fa/authenticate/"):
            break
        # A code is taken once (allauth refuses a replay): an earlier test signed in
        # with this one, so wait for the app's next code, as a person would.
        time.sleep(30 - time.time() % 30 + 1)
    return navigation.value.status


@pytest.fixture(scope="session")
def server_url(served) -> str:
    """The address of the app server."""
    return served.url


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
