"""The account pages a signed-in person sees, and the sign-up form with its errors,
checked like every public page: axe-core (WCAG 2.1 A and AA) at desktop width and no
sideways scrolling at 320 px, in both languages. The public account pages (sign in,
sign up, password reset, the pages behind emailed links) are in test_accessibility.py's
PAGES."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.accounts.factories import TOTP_SECRET

from .conftest import DESKTOP, REFLOW, STAFF_EMAIL, in_server_database, sign_in
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
    "/account/gegevens/",
    "/account/verwijderen/",
    "/account/api-tokens/",
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


OFFICE_EMAIL = "pia@programmabureau.example"
# A programme-office member with two-factor on (the tests' secret), and a school
# team whose claim waits in the queue. Idempotent: the server lives for the session.
_OFFICE = f"""
from allauth.account.models import EmailAddress
from samenwerkt.accounts.models import Membership, Organisation, SchoolLink, User
from samenwerkt.handbook.models import Institution
from tests.accounts.factories import turn_on_two_factor
user, made = User.objects.get_or_create(username={OFFICE_EMAIL!r}, email={OFFICE_EMAIL!r})
if made:
    user.set_password({{password!r}})
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    turn_on_two_factor(user)
    office = Organisation.objects.create(name="Programmabureau", kind="programme_office")
    Membership.objects.create(organisation=office, user=user, role="owner")
    team = Organisation.objects.create(name="Team ICT", kind="education")
    SchoolLink.objects.create(organisation=team, institution=Institution.objects.first())
print(SchoolLink.objects.filter(status="pending").first().pk)
"""


@pytest.mark.parametrize("lang", PREFIX)
def test_programme_office_pages_pass_axe_and_reflow(new_page, served, lang):
    link = in_server_database(served, _OFFICE.format(password=served.staff_password)).strip()
    page = new_page()
    page.context.add_init_script(Axe().axe_script)
    prefix = PREFIX[lang]
    status = sign_in(page, prefix, OFFICE_EMAIL, served.staff_password, totp_secret=TOTP_SECRET)
    assert status == 200, page.url
    queue = prefix + "/account/programmabureau/scholen/"
    assert page.goto(queue).status == 200
    _check(page, queue)
    decide = f"{queue}{link}/"
    page.goto(decide)
    page.locator("#id_decision_1").check()  # refuse, without saying why
    page.locator('form.form button[type="submit"]').click()
    page.wait_for_load_state()
    assert page.locator("#id_note_error").is_visible()
    _check(page, decide + " (with errors)")


# A school no other browser test looks at (the server's database is shared by them).
SCHOOL_EMAIL = "sanne@friesepoort.example"
_SCHOOL = f"""
from allauth.account.models import EmailAddress
from samenwerkt.accounts.models import Membership, Organisation, SchoolLink, User
from samenwerkt.handbook.models import Institution
user, made = User.objects.get_or_create(username={SCHOOL_EMAIL!r}, email={SCHOOL_EMAIL!r})
if made:
    user.set_password({{password!r}})
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    team = Organisation.objects.create(name="ICT Friese Poort", kind="education")
    Membership.objects.create(organisation=team, user=user, role="owner")
    school = Institution.objects.get(slug="roc-friese-poort")
    SchoolLink.objects.create(organisation=team, institution=school, status="verified")
"""


@pytest.mark.parametrize("lang", PREFIX)
def test_a_school_fills_in_its_profile_which_the_finder_then_shows(new_page, served, lang):
    """A verified programme manager fills in the school's profile (first with a
    mistake), shows it on the site, and the finder and the school's page show it as
    kept by the school; every page passes axe and reflows."""
    in_server_database(served, _SCHOOL.format(password=served.staff_password))
    page = new_page()
    page.context.add_init_script(Axe().axe_script)
    prefix = PREFIX[lang]
    assert sign_in(page, prefix, SCHOOL_EMAIL, served.staff_password) == 200
    edit = prefix + "/account/scholen/roc-friese-poort/profiel/"
    assert page.goto(edit).status == 200
    _check(page, edit)
    page.locator("#id_contact_role_nl").fill("opleidingsmanager ICT")
    page.locator("#id_person_email").fill("sanne@friesepoort.example")  # without her consent
    page.locator('form.form button[type="submit"]').click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_person_consent_error").is_visible()
    _check(page, edit + " (with errors)")
    page.locator("#id_person_email").fill("")
    page.locator("#id_contact_email").fill("ict-bedrijven@friesepoort.example")
    page.locator("#id_locations-0-town").fill("Zwolle")
    page.locator("#id_locations-0-province").select_option(label="Overijssel")
    page.locator("#id_programmes-0-name_nl").fill("Software developer")
    page.locator("#id_programmes-0-level").select_option("mbo4")
    page.locator("#id_periods-0-kind").select_option("internships")
    page.locator("#id_periods-0-from_month").select_option("9")
    page.locator("#id_periods-0-to_month").select_option("11")
    page.locator("#id_publish").check()
    page.locator('form.form button[type="submit"]').click()
    page.wait_for_load_state()
    assert page.locator(".notice").is_visible()
    finder = prefix + "/onderwijsinstellingen/?q=Friese"
    page.goto(finder)
    assert page.locator(".school__kept").count() == 1
    _check(page, finder)
    school_page = prefix + "/onderwijsinstellingen/roc-friese-poort/"
    page.goto(school_page)
    assert "ict-bedrijven@" in page.locator("main").inner_text()
    _check(page, school_page)


COMPANY_EMAIL = "anna@bitsbytes.example"
_COMPANY = f"""
from allauth.account.models import EmailAddress
from samenwerkt.accounts.models import Membership, Organisation, User
from samenwerkt.handbook.models import Province
user, made = User.objects.get_or_create(username={COMPANY_EMAIL!r}, email={COMPANY_EMAIL!r})
if made:
    user.set_password({{password!r}})
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    company = Organisation.objects.create(
        name="Bits & Bytes", kind="company", size="11-50",
        province=Province.objects.get(slug="overijssel"),
    )
    Membership.objects.create(organisation=company, user=user, role="owner")
"""


def test_a_company_writes_to_the_school_which_answers_and_both_see_it(new_page, served):
    """After the school published its profile (the test above, or here): the company
    sends a first message from the school's page (first with a mistake), the school's
    programme manager answers in another browser, and both see the conversation."""
    in_server_database(served, _SCHOOL.format(password=served.staff_password))
    in_server_database(served, _COMPANY.format(password=served.staff_password))
    in_server_database(
        served,
        "from samenwerkt.handbook.models import SchoolProfile, Institution\n"
        "SchoolProfile.objects.update_or_create(\n"
        "    institution=Institution.objects.get(slug='roc-friese-poort'),\n"
        "    defaults={'published': True, 'kept_by': 'ICT Friese Poort',\n"
        "              'contact_role_nl': 'opleidingsmanager ICT',\n"
        "              'contact_email': 'ict-bedrijven@friesepoort.example'})\n",
    )
    company = new_page()
    company.context.add_init_script(Axe().axe_script)
    assert sign_in(company, "", COMPANY_EMAIL, served.staff_password) == 200
    company.goto("/onderwijsinstellingen/roc-friese-poort/")
    company.get_by_role("link", name="Stuur de school een eerste bericht").click()
    company.wait_for_load_state()
    _check(company, company.url)
    company.locator("#id_level_0").check()
    company.locator('form.form button[type="submit"]').click()  # no form, offer, when
    company.wait_for_load_state()
    assert company.locator(".error-summary").is_visible()
    _check(company, company.url + " (with errors)")
    company.locator("#id_collaboration_form").select_option(index=1)
    company.locator("#id_offer").fill("Twee stageplekken in ons team, met een vaste begeleider.")
    company.locator("#id_when").fill("Vanaf september")
    company.locator('form.form button[type="submit"]').click()
    company.wait_for_load_state()
    assert "onderweg" in company.locator(".notice").inner_text()
    thread_url = company.url
    _check(company, thread_url)

    school = new_page()
    school.context.add_init_script(Axe().axe_script)
    assert sign_in(school, "/en", SCHOOL_EMAIL, served.staff_password) == 200
    school.goto("/en/account/berichten/")
    _check(school, "/en/account/berichten/")
    school.get_by_role("link", name="Bits & Bytes – ROC Friese Poort").click()
    school.wait_for_load_state()
    assert "Twee stageplekken" in school.locator("main").inner_text()
    school.locator("#id_body").fill("Welcome! Could you visit us next week?")
    school.locator('form.form button[type="submit"]').click()
    school.wait_for_load_state()
    _check(school, school.url)

    company.goto(thread_url)
    text = company.locator("main").inner_text()
    assert "Could you visit us next week?" in text
    assert SCHOOL_EMAIL in text.replace("\u200b", "")  # addresses shown once answered


# A company owner who also runs a school team (its own, for this test only), and a
# school it proposed for the list, waiting for the programme office.
OWNER_EMAIL = "kees@tokens.example"
_OWNER = f"""
from allauth.account.models import EmailAddress
from samenwerkt.accounts.models import InstitutionProposal, Membership, Organisation, User
from samenwerkt.handbook.models import Province
user, made = User.objects.get_or_create(username={OWNER_EMAIL!r}, email={OWNER_EMAIL!r})
if made:
    user.set_password({{password!r}})
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    company = Organisation.objects.create(
        name="Tokens BV", kind="company", size="1-10", province=Province.objects.first()
    )
    Membership.objects.create(organisation=company, user=user, role="owner")
    team = Organisation.objects.create(name="ICT Nieuw", kind="education")
    Membership.objects.create(organisation=team, user=user, role="owner")
    InstitutionProposal.objects.create(
        organisation=team, name="Nieuwe School Zwolle", level="MBO",
        website="https://nieuweschool.example", town="Zwolle",
        province=Province.objects.first(), requested_by=user,
    )
print(Organisation.objects.get(name="ICT Nieuw").pk)
print(InstitutionProposal.objects.get(name="Nieuwe School Zwolle").pk)
"""


@pytest.mark.parametrize("lang", PREFIX)
def test_tokens_data_and_proposal_pages_pass_axe_and_reflow(new_page, served, lang):
    """A token made (first with a mistake) and shown once, the data and deletion pages
    of someone in two organisations, proposing a school (with a mistake), and the
    programme office's decision page on a proposal."""
    out = in_server_database(served, _OWNER.format(password=served.staff_password)).split()
    team, proposal = out[-2], out[-1]
    page = new_page()
    page.context.add_init_script(Axe().axe_script)
    prefix = PREFIX[lang]
    assert sign_in(page, prefix, OWNER_EMAIL, served.staff_password) == 200
    tokens = prefix + "/account/api-tokens/"
    page.goto(tokens)
    page.locator('form.form button[type="submit"]').click()  # no name
    page.wait_for_load_state()
    assert page.locator("#id_name_error").is_visible()
    _check(page, tokens + " (with errors)")
    page.locator("#id_name").fill(f"Dashboard {lang}")
    page.locator('form.form button[type="submit"]').click()
    page.wait_for_load_state()
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("sw_")
    _check(page, tokens + " (new token)")
    page.reload()
    assert page.locator("#new-token").count() == 0  # shown once
    for path in ("/account/gegevens/", "/account/verwijderen/"):
        page.goto(prefix + path)
        assert "Tokens BV" in page.locator("main").inner_text()
        _check(page, prefix + path)
    propose = f"{prefix}/account/organisaties/{team}/school-voorstellen/"
    page.goto(propose)
    page.locator("#id_website").fill("geen adres")
    page.locator("form.form").evaluate("form => { form.noValidate = true; }")
    page.locator('form.form button[type="submit"]').click()
    page.wait_for_load_state()
    assert page.locator("#id_website_error").is_visible()
    _check(page, propose + " (with errors)")
    office = new_page()
    office.context.add_init_script(Axe().axe_script)
    in_server_database(served, _OFFICE.format(password=served.staff_password))
    status = sign_in(office, prefix, OFFICE_EMAIL, served.staff_password, totp_secret=TOTP_SECRET)
    assert status == 200
    decide = f"{prefix}/account/programmabureau/voorstellen/{proposal}/"
    assert office.goto(decide).status == 200
    _check(office, decide)
