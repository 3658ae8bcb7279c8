"""The error pages a plain GET does not reach, opened in the browser the way a visitor
meets them (for test_accessibility.py):

* 403: a staff member signed in asks for an admin page that refuses them
  (``/beheer/autocomplete/`` without its parameters);
* the CSRF failure: the admin's sign-in form sent after the browser lost its cookie;
* 405: a public page requested with POST (the request rewritten on its way out);
* 429: ten wrong passwords for one throwaway account; the requests come through our
  proxy (the server trusts 127.0.0.1 as production trusts nginx) with an address of
  their own in X-Forwarded-For, so the lock-out of that address touches no other test;
* 503: a real outage: a second server from `make -n run` with the same settings and
  static files, its database at an address where nothing listens;
* 500: it needs a crash, which the app offers no way to cause. The page is rendered
  by the app's own handler500 with the server's environment (settings, hashed static
  files) in a process of its own, and answered to the browser, status 500, at the
  server's address, so the stylesheet comes from the server.

The 500 and 503 pages are bilingual (Dutch, with the English parts marked lang="en"):
they are opened once; the others in Dutch and in English.
"""

from __future__ import annotations

import secrets
import subprocess
import sys

from tests.accounts.factories import TOTP_SECRET
from tests.appserver import HOST, ROOT, AppServer, free_port

from .conftest import FAILURE_LIMIT, STAFF_EMAIL, sign_in

# (kind, language), the lock-out last.
ERROR_PAGES = [
    *[(kind, lang) for kind in ("forbidden", "csrf", "not-allowed") for lang in ("nl", "en")],
    ("server-error", "nl"),
    ("unavailable", "nl"),
    ("locked-out", "nl"),
    ("locked-out", "en"),
]
STATUS = {
    "forbidden": 403,
    "csrf": 403,
    "not-allowed": 405,
    "server-error": 500,
    "unavailable": 503,
    "locked-out": 429,
}
PREFIX = {"nl": "", "en": "/en"}
LOCKED_OUT_ADDRESS = "203.0.113.29"  # a documentation address (TEST-NET-3)

_RENDER_500 = """
import sys
import django
django.setup()
from django.test import RequestFactory
from django.urls import get_resolver
request = RequestFactory().get("/", HTTP_HOST=sys.argv[1])
response = get_resolver().resolve_error_handler(500)(request)
assert response.status_code == 500, response.status_code
sys.stdout.write(response.content.decode())
"""


class ErrorPages:
    """Opens each error page in a browser context of its own (closed at the next)."""

    def __init__(self, browser, served, tmp):
        self.browser, self.served, self.tmp = browser, served, tmp
        # A throwaway account that never exists.
        self.username = f"lock-out-{secrets.token_hex(4)}@example.org"
        self.context = None
        self.outage: AppServer | None = None
        self.rendered_500: str | None = None

    def __enter__(self) -> ErrorPages:
        return self

    def __exit__(self, *exc) -> None:
        if self.context is not None:
            self.context.close()
        if self.outage is not None:
            self.outage.stop()

    def open(self, kind: str, lang: str, viewport: dict, init_script: str | None = None):
        """A page showing the error page ``kind`` in ``lang``, checked for its status
        and its language."""
        if self.context is not None:
            self.context.close()
        options = {}
        if kind == "locked-out":
            options["extra_http_headers"] = {"X-Forwarded-For": LOCKED_OUT_ADDRESS}
        self.context = self.browser.new_context(
            base_url=self.served.url, viewport=viewport, **options
        )
        self.context.set_default_timeout(10_000)
        self.context.set_default_navigation_timeout(15_000)
        if init_script is not None:
            self.context.add_init_script(init_script)
        page = self.context.new_page()
        status = getattr(self, "_" + kind.replace("-", "_"))(page, PREFIX[lang])
        assert status == STATUS[kind], f"the {kind} page ({lang}): HTTP {status}"
        assert page.locator("html").get_attribute("lang") == lang
        return page

    def _submit(self, page, username: str, password: str) -> int:
        """Send the sign-in form on the page; the status of the answer."""
        page.locator("#id_login").fill(username)
        page.locator("#id_password").fill(password)
        with page.expect_navigation() as navigation:
            page.locator('form.form button[type="submit"]').click()
        return navigation.value.status

    def _forbidden(self, page, prefix: str) -> int:
        status = sign_in(
            page, prefix, STAFF_EMAIL, self.served.staff_password, totp_secret=TOTP_SECRET
        )
        assert status == 200, (status, page.url)
        return page.goto(prefix + "/beheer/autocomplete/").status

    def _csrf(self, page, prefix: str) -> int:
        page.goto(prefix + "/account/login/")
        page.context.clear_cookies()  # the csrftoken cookie the form goes with
        return self._submit(page, "iemand@example.org", "something")

    def _not_allowed(self, page, prefix: str) -> int:
        page.route(f"{self.served.url}{prefix}/", lambda route: route.continue_(method="POST"))
        return page.goto(prefix + "/").status

    def _server_error(self, page, prefix: str) -> int:
        if self.rendered_500 is None:
            result = subprocess.run(
                [sys.executable, "-c", _RENDER_500, f"{HOST}:{self.served.app.port}"],
                cwd=ROOT,
                env=self.served.env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert result.returncode == 0, result.stderr
            self.rendered_500 = result.stdout
        html = self.rendered_500
        page.route(
            f"{self.served.url}/",
            lambda route: route.fulfill(
                status=500, content_type="text/html; charset=utf-8", body=html
            ),
        )
        return page.goto("/").status

    def _unavailable(self, page, prefix: str) -> int:
        if self.outage is None:
            nowhere = f"postgres://samenwerkt@{HOST}:{free_port()}/samenwerkt"
            env = {**self.served.env, "DATABASE_URL": nowhere, "DB_CONNECT_TIMEOUT": "1"}
            self.outage = AppServer(env, self.tmp / "outage.log", WORKERS=1).start()
        return page.goto(f"{self.outage.base}{prefix}/").status

    def _locked_out(self, page, prefix: str) -> int:
        """Wrong passwords until the lock-out (once locked, the first attempt is it),
        each sent with the form the last one answered."""
        page.goto(prefix + "/account/login/")
        for attempt in range(1, FAILURE_LIMIT + 1):
            status = self._submit(page, self.username, f"wrong-{attempt}")
            if status != 200:  # 200: the form again, with its error
                return status
        return status
