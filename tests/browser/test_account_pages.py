"""The account pages a signed-in person sees, and the sign-up form with its errors,
checked like every public page: axe-core (WCAG 2.1 A and AA) at desktop width and no
sideways scrolling at 320 px, in both languages. The public account pages (sign in,
sign up, password reset, the pages behind emailed links) are in test_accessibility.py's
PAGES."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, REFLOW, STAFF_USERNAME
from .test_accessibility import _AXE_RUN, AXE_OPTIONS, _overflows, _report

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

PREFIX = {"nl": "", "en": "/en"}
SIGNED_IN_PAGES = ["/account/", "/account/email/", "/account/password/change/", "/account/logout/"]


def _check(page, url: str) -> None:
    page.set_viewport_size(DESKTOP)
    violations = page.evaluate(_AXE_RUN, AXE_OPTIONS)
    assert not violations, _report(url, DESKTOP["width"], violations)
    page.set_viewport_size(REFLOW)
    overflow = _overflows(page)
    assert overflow is None, f"{url} scrolls sideways at {REFLOW['width']}px: {overflow}"


@pytest.fixture
def signed_in(new_page, served):
    """A page signed in as the server's staff account (through the admin's sign-in:
    the staff account has no confirmed address for allauth's)."""
    page = new_page()
    page.context.add_init_script(Axe().axe_script)
    page.goto("/beheer/login/")
    page.fill("#id_username", STAFF_USERNAME)
    page.fill("#id_password", served.staff_password)
    page.click('input[type="submit"], button[type="submit"]')
    page.wait_for_url("**/beheer/")
    return page


@pytest.mark.parametrize("lang", PREFIX)
def test_signed_in_account_pages_pass_axe_and_reflow(signed_in, lang):
    for path in SIGNED_IN_PAGES:
        url = PREFIX[lang] + path
        response = signed_in.goto(url)
        assert response.status == 200, url
        assert signed_in.locator("html").get_attribute("lang") == lang
        _check(signed_in, url)


@pytest.mark.parametrize("lang", PREFIX)
def test_sign_up_errors_show_next_to_the_fields_and_pass_axe(new_page, lang):
    page = new_page()
    page.context.add_init_script(Axe().axe_script)
    page.goto(PREFIX[lang] + "/account/signup/")
    page.fill("#id_email", "geen-adres")
    page.fill("#id_password1", "kort")
    page.fill("#id_password2", "anders")
    # Past the browser's own checks, to see the server's messages.
    page.locator("form.form").evaluate("form => { form.noValidate = true; }")
    page.locator('form.form button[type="submit"]').click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert page.locator(".field--error").count() >= 1
    _check(page, PREFIX[lang] + "/account/signup/ (with errors)")
