"""The accounts issue's "done when", done by new people in a real browser against the
session's app server (as `make run` serves it, emails printed by the console backend):

* A company owner signs up with a fresh address, confirms it by the emailed link,
  turns on two-factor authentication with the key the page shows, adds the company
  and invites a colleague. The colleague, in a browser of their own, signs up with the
  invited address, confirms it, opens the invitation from its email and accepts. The
  owner, signing in again with password and app code, sees the colleague among the
  members.
* A programme manager signs up with an address at a school's own web domain, confirms
  it, adds her team linked to that school and is verified at once; she fills in the
  school's profile and shows it on the site. The school finder and the advice, which
  a company had seen before without it, now mark the school as kept by the school,
  updated today, and the school's page shows the profile.

Each in Dutch and in English, with the fields and buttons found by their accessible
names. The pages new in these journeys (a valid confirmation link, turning on two-factor
authentication, an invitation to a signed-in person, an organisation with a colleague
or a verified school) pass axe and reflow at 320 px as test_account_pages.py checks;
the journeys themselves run at desktop width. The two-factor page's reflow has a test
of its own, marked as the app's known failure.

Emailed links are read from the server's log (conftest.emailed_link).
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.accounts.factories import totp_code

from .conftest import DESKTOP, REFLOW, emailed_link, in_server_database, sign_in
from .test_accessibility import _AXE_RUN, AXE_OPTIONS, _overflows, _report
from .test_account_pages import _check

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

PREFIX = {"nl": "", "en": "/en"}
# What the pages say, as a person reads them (the accessible names).
WORDS = {
    "nl": {
        "email": "E-mail",
        "password": "Wachtwoord",
        "password_again": "Wachtwoord (bevestigen)",
        "sign_up": "Registreren",
        "check_your_email": "Verifieer je e-mailadres",
        "confirm": "Bevestigen",
        "add_organisation": "Voeg je bedrijf of school toe",
        "two_factor": "Tweestapsverificatie",
        "turn_on_two_factor": "Tweestapsverificatie aanzetten",
        "key": "Sleutel om over te typen:",
        "code": "Code van zes cijfers uit je authenticator-app",
        "turn_on": "Aanzetten",
        "recovery_codes": "Herstelcodes",
        "on": "aan",
        "a_company": "Een bedrijf",
        "company_name": "Naam van het bedrijf",
        "size": "11 tot 50 mensen",
        "province": "Provincie",
        "add": "Toevoegen",
        "invite": "Nodig een collega uit",
        "colleague_email": "E-mailadres van je collega",
        "send_invitation": "Verstuur de uitnodiging",
        "invitation_sent": "We hebben een uitnodiging gestuurd naar {email}.",
        "accept": "Uitnodiging aannemen",
        "welcome": "Welkom bij {name}.",
        "members": "Leden",
        "as_member": "{email} · lid",
        "sign_out": "Uitloggen",
        "a_school": "Een school",
        "team_name": "Naam van je team of afdeling",
        "schools": "Scholen namens wie je spreekt",
        "verified": "bevestigd",
        "can_publish": "Je kunt het profiel publiceren.",
        "edit_profile": "Bewerk het profiel van {school}",
        "ask_for": "Naar wie bedrijven moeten vragen (Nederlands)",
        "general_email": "Algemeen e-mailadres voor bedrijven",
        "location": "Onderwijslocatie 1",
        "town": "Plaats",
        "programme": "Opleiding 1",
        "programme_name": "Opleiding (Nederlandse naam)",
        "level": "Niveau",
        "period": "Periode 1",
        "what": "Wat",
        "from": "Van",
        "until": "Tot en met",
        "internships": "5. Praktijkopdrachten, stages en afstudeeropdrachten aanbieden",
        "publish": "Toon dit profiel op de site",
        "save_profile": "Profiel opslaan",
        "saved_and_shown": "Het profiel is opgeslagen en staat op de site.",
        "search": "Zoeken op naam of plaats",
        "show_schools": "Toon onderwijsinstellingen",
        "kept": "Bijgehouden door de school, bijgewerkt op {date}",
        "from_the_school": "Van de school zelf",
        "north_holland": "Noord-Holland",
        "schools_near_you": "Scholen bij jou in de buurt: Noord-Holland (MBO)",
        "period_shown": "Stagiairs beginnen: september – november",
        "programme_shown": "Software developer · mbo niveau 4",
    },
    "en": {
        "email": "Email",
        "password": "Password",
        "password_again": "Password (again)",
        "sign_up": "Sign Up",
        "check_your_email": "Verify Your Email Address",
        "confirm": "Confirm",
        "add_organisation": "Add your company or school",
        "two_factor": "Two-factor authentication",
        "turn_on_two_factor": "Turn on two-factor authentication",
        "key": "Key to type in by hand:",
        "code": "Six-digit code from your authenticator app",
        "turn_on": "Turn on",
        "recovery_codes": "Recovery codes",
        "on": "on",
        "a_company": "A company",
        "company_name": "Name of the company",
        "size": "11 to 50 people",
        "province": "Province",
        "add": "Add",
        "invite": "Invite a colleague",
        "colleague_email": "Email address of your colleague",
        "send_invitation": "Send the invitation",
        "invitation_sent": "We sent an invitation to {email}.",
        "accept": "Accept the invitation",
        "welcome": "Welcome to {name}.",
        "members": "Members",
        "as_member": "{email} · member",
        "sign_out": "Sign out",
        "a_school": "A school",
        "team_name": "Name of your team or department",
        "schools": "Schools you speak for",
        "verified": "verified",
        "can_publish": "You can publish its profile.",
        "edit_profile": "Edit the profile of {school}",
        "ask_for": "Who companies should ask for (Dutch)",
        "general_email": "General email address for companies",
        "location": "Teaching location 1",
        "town": "Town",
        "programme": "Programme 1",
        "programme_name": "Programme (Dutch name)",
        "level": "Level",
        "period": "Period 1",
        "what": "What",
        "from": "From",
        "until": "Until",
        "internships": "5. Offering practical assignments, internships and graduation projects",
        "publish": "Show this profile on the site",
        "save_profile": "Save the profile",
        "saved_and_shown": "The profile is saved and shown on the site.",
        "search": "Search by name or town",
        "show_schools": "Show institutions",
        "kept": "Kept by the school, updated on {date}",
        "from_the_school": "From the school",
        "north_holland": "North Holland",
        "schools_near_you": "Schools near you: North Holland (MBO)",
        "period_shown": "Interns start: September – November",
        "programme_shown": "Software developer · MBO level 4",
    },
}
MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
}


def _words(lang: str) -> dict[str, str]:
    return WORDS[lang]


def _today(lang: str) -> str:
    """Today as the site writes a date ("2 december 2026"), in the site's time zone."""
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    return f"{today.day} {MONTHS[lang].split()[today.month - 1]} {today.year}"


def _plain(text: str) -> str:
    # Addresses have a line-break opportunity after "@" and "." (<wbr>).
    return text.replace("\u200b", "")


def _new_person(new_page) -> Page:
    page = new_page()
    page.context.add_init_script(Axe().axe_script)
    return page


def _open_emailed(page: Page, link: str, site_url: str) -> None:
    """Open a link from an email on this session's server (see conftest.site_url)."""
    assert link.startswith(site_url + "/"), link
    response = page.goto(link.removeprefix(site_url))
    assert response is not None and response.status == 200, link


def _check_here(page: Page, what: str) -> None:
    """axe and reflow (test_account_pages.py), then back to desktop width."""
    _check(page, what)
    page.set_viewport_size(DESKTOP)


def _sign_up_and_confirm(
    page: Page, served, site_url: str, lang: str, email: str, password: str
) -> None:
    """Sign up on the sign-up page, then confirm the address by the emailed link and
    its button; the person is signed in after. Checks the confirmation page."""
    words = _words(lang)
    page.goto(PREFIX[lang] + "/account/signup/")
    page.get_by_label(words["email"], exact=True).fill(email)
    page.get_by_label(words["password"], exact=True).fill(password)
    page.get_by_label(words["password_again"], exact=True).fill(password)
    page.get_by_role("button", name=words["sign_up"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["check_your_email"])

    link = emailed_link(served, site_url, email, "/account/confirm-email/")
    _open_emailed(page, link, site_url)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    _check_here(page, "the emailed confirmation link")
    page.get_by_role("button", name=words["confirm"]).click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.locator("main")).to_contain_text(email)


def _axe(page: Page, url: str) -> None:
    """axe-core at desktop width only (reflow is checked on its own)."""
    page.set_viewport_size(DESKTOP)
    violations = page.evaluate(_AXE_RUN, AXE_OPTIONS)
    assert not violations, _report(url, DESKTOP["width"], violations)


def _a_fresh_code(used_in_window: int) -> None:
    """Wait for the app's next code when the last one was taken (a code counts once)."""
    while int(time.time()) // 30 == used_in_window:
        time.sleep(0.5)


@pytest.mark.parametrize("lang", PREFIX)
def test_an_owner_turns_on_two_factor_adds_the_company_and_a_colleague_joins(
    new_page, served, site_url, lang
):
    words = _words(lang)
    prefix = PREFIX[lang]
    unique = uuid.uuid4().hex[:10]
    owner_email = f"eigenaar-{unique}@bedrijf-{unique}.nl"
    colleague_email = f"collega-{unique}@bedrijf-{unique}.nl"
    password = f"een-lang-wachtwoord-{unique}"
    company = f"Eigen Bits {unique} BV"

    owner = _new_person(new_page)
    _sign_up_and_confirm(owner, served, site_url, lang, owner_email, password)

    # Two-factor authentication, from the account page: the password once more, then
    # the key the page shows typed into the "app" and its code back into the page.
    owner.get_by_role("link", name=words["two_factor"], exact=True).click()
    owner.get_by_role("link", name=words["turn_on_two_factor"]).click()
    # Confirming it is you first, unless the sign-in was a moment ago.
    owner.wait_for_url(re.compile(r"/account/(reauthenticate|2fa/totp/activate)/"))
    if "/reauthenticate/" in owner.url:
        owner.get_by_label(words["password"], exact=True).fill(password)
        owner.get_by_role("button", name=words["confirm"]).click()
    expect(owner).to_have_url(re.compile(r"/account/2fa/totp/activate/$"))
    _axe(owner, "turning on two-factor authentication")  # its reflow: the test below
    shown = owner.get_by_role("figure", name=words["key"]).get_by_role("code").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{1,4}", shown), shown  # groups of four
    key = shown.replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{16,}", key), key
    owner.get_by_label(words["code"]).fill(totp_code(key))
    window = int(time.time()) // 30
    owner.get_by_role("button", name=words["turn_on"]).click()
    expect(owner.get_by_role("heading", level=1)).to_have_text(words["recovery_codes"])
    owner.goto(prefix + "/account/")
    two_factor = owner.get_by_role("listitem").filter(
        has=owner.get_by_role("link", name=words["two_factor"], exact=True)
    )
    expect(two_factor).to_have_text(f"{words['two_factor']} {words['on']}")

    # The company, with the owner as its owner.
    owner.get_by_role("link", name=words["add_organisation"]).click()
    owner.get_by_role("link", name=words["a_company"]).click()
    owner.get_by_label(words["company_name"]).fill(company)
    owner.get_by_label(words["size"]).check()
    owner.get_by_label(words["province"]).select_option(label="Utrecht")
    owner.get_by_role("button", name=words["add"], exact=True).click()
    expect(owner.get_by_role("heading", level=1)).to_have_text(company)
    company_page = owner.url.removeprefix(served.url)

    owner.get_by_role("link", name=words["invite"]).click()
    owner.get_by_label(words["colleague_email"]).fill(colleague_email)
    owner.get_by_role("button", name=words["send_invitation"]).click()
    expect(owner.get_by_role("status")).to_contain_text(
        words["invitation_sent"].format(email=colleague_email)
    )

    # The colleague, in a browser of their own.
    colleague = _new_person(new_page)
    _sign_up_and_confirm(
        colleague, served, site_url, lang, colleague_email, f"collega-wachtwoord-{unique}"
    )
    invitation = emailed_link(served, site_url, colleague_email, "/account/uitnodiging/")
    _open_emailed(colleague, invitation, site_url)
    _check_here(colleague, "an invitation, signed in")
    colleague.get_by_role("button", name=words["accept"]).click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text(company)
    expect(colleague.get_by_role("status")).to_contain_text(words["welcome"].format(name=company))

    # The owner comes back: signs out, signs in with password and the app's code,
    # and finds the colleague among the members.
    owner.goto(prefix + "/account/")
    owner.get_by_role("button", name=words["sign_out"]).click()
    owner.wait_for_load_state()
    _a_fresh_code(window)
    status = sign_in(owner, prefix, owner_email, password, totp_secret=key)
    assert status == 200 and owner.url.endswith("/account/"), (status, owner.url)
    owner.goto(company_page)
    members = owner.get_by_role("region", name=words["members"])
    expect(members).to_contain_text(colleague_email)
    assert words["as_member"].format(email=colleague_email) in _plain(members.inner_text())
    _check_here(owner, "an organisation with a colleague")


def test_the_key_to_type_in_fits_a_phone_without_being_split(new_page, served, site_url):
    """WCAG 1.4.10 reflow, as the other pages are checked (test_accessibility.py): at
    320 px the page turning on two-factor authentication splits no word."""
    words = _words("nl")
    unique = uuid.uuid4().hex[:10]
    email, password = f"telefoon-{unique}@bedrijf-{unique}.nl", f"een-lang-wachtwoord-{unique}"
    page = _new_person(new_page)
    _sign_up_and_confirm(page, served, site_url, "nl", email, password)
    page.goto("/account/2fa/totp/activate/")
    page.wait_for_url(re.compile(r"/account/(reauthenticate|2fa/totp/activate)/"))
    if "/reauthenticate/" in page.url:
        page.get_by_label(words["password"], exact=True).fill(password)
        page.get_by_role("button", name=words["confirm"]).click()
    expect(page).to_have_url(re.compile(r"/account/2fa/totp/activate/$"))
    page.set_viewport_size(REFLOW)
    overflow = _overflows(page)
    assert overflow is None, f"at {REFLOW['width']}px: {overflow}"


# Schools no other browser test looks at (the server's database is shared by them):
# by language, so each run publishes a profile of its own.
SCHOOLS = {"nl": "roc-nova-college", "en": "roc-horizon-college"}
_SCHOOL = """
from samenwerkt.accounts.services.schools import school_domain
from samenwerkt.handbook.models import Institution, SchoolProfile
school = Institution.objects.get(slug={slug!r})
assert school != Institution.objects.first()  # test_account_pages.py links that one
assert not SchoolProfile.objects.filter(institution=school).exists(), "run once a session"
print(school.name, school.level, school_domain(school), sep="\\n")
"""
# The advice for a company in Noord-Holland looking for MBO, where both schools are.
ADVICE = "/advies/resultaat/?effort=low&reason=A&place=province:noord-holland&level=MBO"


def _school_in(scope: Page | Locator, page: Page, name: str) -> Locator:
    """The school's entry in a list of schools: the item with its name as a link."""
    return scope.get_by_role("listitem").filter(has=page.get_by_role("link", name=name, exact=True))


@pytest.mark.parametrize("lang", PREFIX)
def test_a_programme_manager_is_verified_by_her_address_and_publishes_the_profile(
    new_page, served, site_url, lang
):
    words = _words(lang)
    prefix = PREFIX[lang]
    slug = SCHOOLS[lang]
    name, level, domain = in_server_database(served, _SCHOOL.format(slug=slug)).split("\n")[:3]
    assert level == "MBO" and domain, (name, level, domain)
    unique = uuid.uuid4().hex[:10]
    manager_email = f"opleidingsmanager-{unique}@{domain}"
    team = f"ICT-opleidingen {unique}"
    kept = words["kept"].format(date=_today(lang))

    # A company looks first: the school is listed from the handbook, not kept by it.
    company = _new_person(new_page)
    company.goto(prefix + ADVICE)
    near = company.get_by_role("region", name=words["schools_near_you"])
    expect(_school_in(near, company, name)).to_have_count(1)
    expect(_school_in(near, company, name)).not_to_contain_text(kept.split(",")[0])

    manager = _new_person(new_page)
    _sign_up_and_confirm(
        manager, served, site_url, lang, manager_email, f"school-wachtwoord-{unique}"
    )
    manager.get_by_role("link", name=words["add_organisation"]).click()
    manager.get_by_role("link", name=words["a_school"]).click()
    manager.get_by_label(words["team_name"]).fill(team)
    manager.get_by_label(name, exact=True).check()
    manager.get_by_role("button", name=words["add"], exact=True).click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(team)
    schools = manager.get_by_role("region", name=words["schools"])
    expect(schools).to_contain_text(f"{name} · {words['verified']} {words['can_publish']}")
    _check_here(manager, "an education partner verified for its school")

    manager.get_by_role("link", name=words["edit_profile"].format(school=name)).click()
    manager.get_by_label(words["ask_for"]).fill("opleidingsmanager ICT")
    manager.get_by_label(words["general_email"]).fill(f"ict-bedrijven@{domain}")
    location = manager.get_by_role("group", name=words["location"])
    location.get_by_label(words["town"]).fill("Haarlem")
    location.get_by_label(words["province"]).select_option(label=words["north_holland"])
    programme = manager.get_by_role("group", name=words["programme"])
    programme.get_by_label(words["programme_name"]).fill("Software developer")
    programme.get_by_label(words["level"]).select_option("mbo4")
    period = manager.get_by_role("group", name=words["period"])
    period.get_by_label(words["what"], exact=True).select_option("internships")
    period.get_by_label(words["from"], exact=True).select_option("9")
    period.get_by_label(words["until"], exact=True).select_option("11")
    manager.get_by_label(words["internships"]).check()
    manager.get_by_label(words["publish"]).check()
    manager.get_by_role("button", name=words["save_profile"]).click()
    expect(manager.get_by_role("status")).to_contain_text(words["saved_and_shown"])

    # The finder, searched as a company would, marks it as kept by the school today.
    company.goto(prefix + "/onderwijsinstellingen/")
    company.get_by_label(words["search"]).fill(name)
    company.get_by_role("button", name=words["show_schools"]).click()
    expect(_school_in(company.get_by_role("main"), company, name)).to_contain_text(kept)
    # And so does the advice the company saw before.
    company.goto(prefix + ADVICE)
    expect(_school_in(near, company, name)).to_contain_text(kept)

    # The school's own page, reached from the advice, shows the profile.
    near.get_by_role("link", name=name, exact=True).click()
    expect(company).to_have_url(re.compile(rf"/onderwijsinstellingen/{slug}/$"))
    profile = company.get_by_role("region", name=words["from_the_school"])
    expect(profile).to_contain_text(team)
    expect(profile).to_contain_text("opleidingsmanager ICT")
    expect(profile).to_contain_text(f"Haarlem ({words['north_holland']})")
    expect(profile).to_contain_text(words["programme_shown"])
    expect(profile).to_contain_text(words["period_shown"])
    assert f"ict-bedrijven@{domain}" in _plain(profile.inner_text())
