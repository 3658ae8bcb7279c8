"""The account pages a signed-in person sees, and the sign-up form with its errors,
checked like every public page: axe-core (WCAG 2.1 A and AA) at desktop width and no
sideways scrolling at 320 px, in both languages. The public account pages (sign in,
sign up, password reset, the pages behind emailed links) are in test_accessibility.py's
PAGES."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.accounts.factories import TOTP_SECRET

from .conftest import DESKTOP, REFLOW, STAFF_EMAIL, sign_in
from .test_accessibility import _AXE_RUN, AXE_OPTIONS, _overflows, _report

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

PREFIX = {"nl": "", "en": "/en"}
SIGNED_IN_PAGES = [
    "/account/",
    "/account/email/",
    "/account/password/change/",
    "/account/logout/",
    "/account/2fa/",
    "/account/sessions/",
    "/account/reauthenticate/",
    "/account/2fa/reauthenticate/",
]
# Pages that first ask to confirm it is you (the password again).
AFTER_CONFIRMING = [
    "/account/2fa/recovery-codes/",
    "/account/2fa/recovery-codes/generate/",
    "/account/2fa/totp/deactivate/",
]


def _check(page, url: str) -> None:
    page.set_viewport_size(DESKTOP)
    violations = page.evaluate(_AXE_RUN, AXE_OPTIONS)
    assert not violations, _report(url, DESKTOP["width"], violations)
    page.set_viewport_size(REFLOW)
    overflow = _overflows(page)
    assert overflow is None, f"{url} scrolls sideways at {REFLOW['width']}px: {overflow}"


@pytest.fixture
def signed_in(new_page, served):
    """A page signed in as the server's staff account, password and app code."""
    page = new_page()
    page.context.add_init_script(Axe().axe_script)
    status = sign_in(page, "", STAFF_EMAIL, served.staff_password, totp_secret=TOTP_SECRET)
    assert status == 200 and page.url.endswith("/account/"), (status, page.url)
    return page


@pytest.mark.parametrize("lang", PREFIX)
def test_signed_in_account_pages_pass_axe_and_reflow(signed_in, served, lang):
    for path in SIGNED_IN_PAGES:
        url = PREFIX[lang] + path
        response = signed_in.goto(url)
        assert response.status == 200, url
        assert signed_in.locator("html").get_attribute("lang") == lang
        _check(signed_in, url)
    for path in AFTER_CONFIRMING:
        url = PREFIX[lang] + path
        signed_in.goto(url)
        if "/reauthenticate/" in signed_in.url:
            signed_in.locator("#id_password").fill(served.staff_password)
            signed_in.locator('form.form button[type="submit"]').click()
            signed_in.wait_for_url("**" + path)
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


@pytest.mark.parametrize("lang", PREFIX)
def test_organisation_pages_pass_axe_and_reflow(signed_in, lang):
    """Staff add a company as anyone would (the form with its errors first), then its
    page, the invitation form and the security log are checked."""
    prefix = PREFIX[lang]
    for path in ["/account/organisaties/", "/account/organisaties/nieuw/"]:
        assert signed_in.goto(prefix + path).status == 200
        _check(signed_in, prefix + path)
    form = prefix + "/account/organisaties/nieuw/bedrijf/"
    signed_in.goto(form)
    signed_in.locator("#id_kvk_number").fill("1234")
    signed_in.locator("form.form").evaluate("form => { form.noValidate = true; }")
    signed_in.locator('form.form button[type="submit"]').click()
    signed_in.wait_for_load_state()
    assert signed_in.locator(".error-summary").is_visible()
    _check(signed_in, form + " (with errors)")
    name = f"Browser BV {lang}"
    signed_in.locator("#id_name").fill(name)
    signed_in.locator("#id_kvk_number").fill("8765 4321")
    signed_in.locator("#id_size_1").check()
    signed_in.locator("#id_province").select_option(index=1)
    signed_in.locator('form.form button[type="submit"]').click()
    signed_in.wait_for_load_state()
    assert signed_in.locator("h1").inner_text() == name
    _check(signed_in, signed_in.url)
    detail = signed_in.url
    signed_in.goto(detail + "uitnodigen/")
    _check(signed_in, detail + "uitnodigen/")
    signed_in.goto(prefix + "/account/beveiliging/")
    _check(signed_in, prefix + "/account/beveiliging/")
    for path in ["/account/organisaties/nieuw/onderwijs/", "/account/uitnodiging/onbekend/"]:
        signed_in.goto(prefix + path)
        _check(signed_in, prefix + path)
