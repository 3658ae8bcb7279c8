"""Who may open what: every URL pattern × every persona.

Each URL pattern must match exactly one rule below, and every rule must be tried with
a real URL: a new URL without a rule fails, and so does a rule whose URL the test
cannot build (it never skips). The personas are those of tests/personas.py; later
issues add columns (company member, education partner, programme office).
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLResolver, get_resolver

from samenwerkt.core.middleware import is_api_request
from samenwerkt.handbook.models import CollaborationForm, Example
from tests.personas import (
    ANONYMOUS,
    COMPANY_A_MEMBER,
    COMPANY_A_OWNER,
    NAMES,
    PROGRAMME_OFFICE,
    SCHOOL_X_MEMBER,
    STAFF,
    UNVERIFIED_SCHOOL_MEMBER,
)

pytestmark = pytest.mark.django_db


def everyone(status: int) -> dict[str, int]:
    return {name: status for name in NAMES}


def signed_in(status: int, anonymous: int = 302) -> dict[str, int]:
    """Everyone signed in gets ``status``; anonymous visitors go to sign in."""
    return {**everyone(status), ANONYMOUS: anonymous}


def company_a(owner: int, member: int, others: int = 404) -> dict[str, int]:
    """Company A's own objects: its owner and member as given; every other
    organisation's people (and staff, who belong to none) find nothing there."""
    return {
        **signed_in(others),
        COMPANY_A_OWNER: owner,
        COMPANY_A_MEMBER: member,
    }


def by_two_factor(on: int, off: int) -> dict[str, int]:
    """Pages about one's second factor: the programme office and staff have it on,
    the company people not (yet)."""
    return {**signed_in(off), PROGRAMME_OFFICE: on, STAFF: on}


def programme_office_only(status: int = 200) -> dict[str, int]:
    """The programme office's pages: for anyone else signed in they do not exist."""
    return {**signed_in(404), PROGRAMME_OFFICE: status}


PUBLIC = everyone(200)
# The admin: staff only; anyone else is sent to its sign-in, which sends them on.
ADMIN = {**signed_in(302), STAFF: 200}
SIGNED_IN = signed_in(200)  # anonymous → the sign-in page
POST_ONLY = signed_in(405)
READ_ONLY = r"(accounts/auditevent|messaging/thread)"
ADMIN_SPECIAL = r"(login|logout|password_change|autocomplete|jsi18n|r)/"
RECORDED_ONLY = (
    r"(axes/\w+|accounts/(auditevent|invitation|apitoken|institutionproposal)"
    r"|messaging/(thread|message))"
)

# (route regex, expected status per persona). Routes are Django's pattern strings,
# joined; placeholders are filled in by `sample_url` below.
RULES = [
    (r"^api/v1/(openapi\.json|reasons|forms|examples|regions|tips|steps)$", PUBLIC),
    (r"^api/v1/docs$", PUBLIC),  # the API reference: a page, English at /en/api/v1/docs
    (r"^api/v1/advice$", PUBLIC),  # tried with valid parameters
    (r"^api/v1/$", everyone(404)),  # ninja's root: nothing there
    # An organisation's data: only with an API token (tests/accounts/test_data_and_
    # tokens.py), never with a browser's session; without one, 401 for everyone.
    (r"^api/v1/(organisation|threads|threads/<thread_id>)$", everyone(401)),
    (r"^(healthz|livez)$", PUBLIC),
    (r"^(|redenen/|vormen/|voorbeelden/|gouden-tips/|stappenplan/)$", PUBLIC),
    (r"^(onderwijsinstellingen/|over/|toegankelijkheid/|beslisboom/)$", PUBLIC),
    (r"^onderwijsinstellingen/<slug:slug>/$", PUBLIC),  # a school's page
    (r"^(privacy/|contact/)$", PUBLIC),
    (r"^(vormen|voorbeelden)/<slug:slug>/$", PUBLIC),
    (r"^advies/(|inzet/)$", PUBLIC),
    # Later questions without the earlier answers send the visitor back to the first.
    (r"^advies/(redenen|belang|waar|controleer)/$", everyone(302)),
    (r"^advies/resultaat/$", everyone(400)),  # a link without answers
    (r"^beheer/$", ADMIN),
    # Everyone signs in on our sign-in page (with the second factor); staff: the index;
    # someone signed in who is not staff may not.
    (r"^beheer/login/$", {**signed_in(403), ANONYMOUS: 302, STAFF: 302}),
    (r"^beheer/logout/$", {**signed_in(302), STAFF: 405}),  # POST only
    (r"^beheer/r/", {**signed_in(302), STAFF: 404}),  # view on site: no such object
    (r"^beheer/jsi18n/$", ADMIN),
    (r"^beheer/autocomplete/$", {**signed_in(302), STAFF: 403}),  # needs parameters
    (r"^beheer/password_change/(done/)?$", ADMIN),
    (r"^beheer/\(\?P<app_label>", ADMIN),  # app index
    (r"^beheer/\(\?P<url>", {**signed_in(302), STAFF: 404}),  # catch-all: an unknown page
    (rf"^beheer/(?!{ADMIN_SPECIAL}|{RECORDED_ONLY}/add/)\w+/\w+/(add/)?$", ADMIN),  # list, add
    # Sign-in attempts (django-axes), the security log and invitations (whose token is
    # emailed by an owner's form) are recorded, never added by hand.
    (rf"^beheer/{RECORDED_ONLY}/add/$", {**signed_in(302), STAFF: 403}),
    (rf"^beheer/(?!{READ_ONLY}/)\w+/\w+/<path:object_id>/(change|history|delete)/$", ADMIN),
    # The security log and the conversations: read, never changed or deleted (the
    # change page shows the row).
    (rf"^beheer/{READ_ONLY}/<path:object_id>/(change|history)/$", ADMIN),
    (rf"^beheer/{READ_ONLY}/<path:object_id>/delete/$", {**signed_in(302), STAFF: 403}),
    # The bare object URL redirects to its change page.
    (r"^beheer/\w+/\w+/<path:object_id>/$", everyone(302)),
    (r"^beheer/accounts/user/<id>/password/$", ADMIN),
    # Accounts (django-allauth). Signed in: one's own pages; not signed in: to sign in.
    (r"^account/(|email/|password/change/|reauthenticate/|sessions/|2fa/)$", SIGNED_IN),
    (r"^account/sessions/everywhere/$", POST_ONLY),
    # Organisations: one's own list, adding one, the security log.
    # One's data (the export is POST only) and deleting the account (the page; the
    # deletion itself asks for the password again), one's API tokens (revoking: POST
    # only, tried by outsiders in tests/accounts/test_data_and_tokens.py).
    (
        r"^account/(organisaties/(nieuw/(<slug:kind>/)?)?|beveiliging/|gegevens/|verwijderen/"
        r"|api-tokens/)$",
        SIGNED_IN,
    ),
    (r"^account/(gegevens/export|api-tokens/<int:token_id>/intrekken)/$", POST_ONLY),
    # Proposing a school not on the list: an education partner's owners. Tried with
    # company A (a company proposes no school: 404 for its owner too).
    (r"^account/organisaties/<int:organisation_id>/school-voorstellen/$", company_a(404, 403)),
    # Company A's page: for its people only; for everyone else it does not exist.
    (r"^account/organisaties/<int:organisation_id>/$", company_a(200, 200)),
    # Inviting: A's owners; A's member sees the organisation but may not.
    (r"^account/organisaties/<int:organisation_id>/uitnodigen/$", company_a(200, 403)),
    # Choosing, withdrawing, changing roles, removing: POST only (tried with POST in
    # tests/accounts/test_organisations.py for every persona).
    (r"^account/organisaties/<int:organisation_id>/(kiezen|uitnodigingen|leden)/", POST_ONLY),
    # The programme office's queue of schools to verify, and one claim in it.
    (r"^account/programmabureau/scholen/(<int:link_id>/)?$", programme_office_only()),
    (r"^account/programmabureau/voorstellen/<int:proposal_id>/$", programme_office_only()),
    # A school's profile: its own verified team edits it; for anyone else it is not
    # there (the waiting team has a school of its own).
    (r"^account/scholen/<slug:slug>/profiel/$", {**signed_in(404), SCHOOL_X_MEMBER: 200}),
    # Messages: one's organisation's list; a first message to a school (for anyone
    # signed in: someone without a company is told to add one first).
    (r"^account/berichten/(nieuw/<slug:slug>/)?$", SIGNED_IN),
    # A conversation of company A with school X: its two sides only.
    (
        r"^account/berichten/<int:thread_id>/$",
        {**signed_in(404), COMPANY_A_OWNER: 200, COMPANY_A_MEMBER: 200, SCHOOL_X_MEMBER: 200},
    ),
    # Reporting (the school; POST only, tried with POST by every outsider in
    # tests/messaging/) and passing on (the programme office, for its queue only).
    (r"^account/berichten/<int:thread_id>/melden/$", POST_ONLY),
    (r"^account/berichten/<int:thread_id>/doorsturen/$", signed_in(404)),
    # An invitation's link with a token nobody was sent.
    (r"^account/uitnodiging/<str:token>/$", everyone(404)),
    # Confirming it is you with the second factor: for accounts that have one; the
    # others are sent to confirm with their password.
    (r"^account/2fa/reauthenticate/$", by_two_factor(200, 302)),
    # The second step of signing in: without a first step, back to the start.
    (r"^account/2fa/authenticate/$", everyone(302)),
    # Changing the second factor first asks to confirm it is you (a fresh sign-in);
    # turning off or showing codes of a second factor one does not have: nothing there.
    (r"^account/2fa/(totp/activate|recovery-codes/generate)/$", everyone(302)),
    (
        r"^account/2fa/(totp/deactivate|recovery-codes(/download)?)/$",
        {**by_two_factor(302, 404), ANONYMOUS: 302},
    ),
    (r"^account/(login|signup)/$", signed_in(302, anonymous=200)),  # signed in: onwards
    (r"^account/logout/$", SIGNED_IN),  # a page with a button
    # Setting a first password: only for accounts without one (staff has one).
    (r"^account/password/set/$", everyone(302)),
    # Sign-in codes are off: these send everyone back.
    # Confirming it is you by a mailed code is off too (accounts/adapter.py).
    (r"^account/(reauthenticate/code/(confirm/)?|login/code/confirm/)$", everyone(302)),
    (r"^account/(inactive|confirm-email|password/reset(/done|/key/done)?)/$", PUBLIC),
    # Links from emails, with a key nobody was sent: a page that says so, for anyone.
    (r"^account/confirm-email/\(\?P<key>", PUBLIC),
    (r"^account/password/reset/key/\(\?P<uidb36>", PUBLIC),
]


def _routes() -> list[str]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern).lstrip("^").rstrip("$")

    return list(walk(get_resolver().url_patterns))


ROUTES = _routes()


def rules_for(route: str) -> list[dict[str, int]]:
    return [expected for pattern, expected in RULES if re.match(pattern, route)]


def _thread_a_to_x(personas):
    """A conversation company A started with school X (made once per test)."""
    from samenwerkt.handbook.models import CollaborationForm
    from samenwerkt.messaging.models import Thread

    owner = personas[COMPANY_A_OWNER]
    school = personas[SCHOOL_X_MEMBER]
    thread, _made = Thread.objects.get_or_create(
        company=owner.organisation,
        institution=school.extra["school_link"].institution,
        defaults={
            "school": school.organisation,
            "route": Thread.Route.SCHOOL,
            "started_by": owner.user,
            "collaboration_form": CollaborationForm.objects.order_by("number").first(),
            "level": "MBO",
            "offer": "Stageplekken",
            "when": "September",
        },
    )
    return thread


def _proposal(personas):
    """A school proposed by the waiting school team (made once per test)."""
    from samenwerkt.accounts.models import InstitutionProposal
    from samenwerkt.handbook.models import Province

    school = personas[UNVERIFIED_SCHOOL_MEMBER]
    proposal, _made = InstitutionProposal.objects.get_or_create(
        organisation=school.organisation,
        defaults={
            "name": "Nieuwe School",
            "level": "MBO",
            "website": "https://nieuweschool.example",
            "town": "Zwolle",
            "province": Province.objects.order_by("pk").first(),
            "requested_by": school.user,
        },
    )
    return proposal


def _token_of_a(personas):
    from samenwerkt.accounts.services import api_token_create

    owner = personas[COMPANY_A_OWNER]
    existing = owner.user.api_tokens.first()
    if existing is None:
        existing, _secret = api_token_create(
            user=owner.user, organisation=owner.organisation, name="Dashboard", days=90
        )
    return existing


def sample_url(route: str, *, user, personas) -> str:
    """A real URL for a route pattern; fails the test when a placeholder is left."""
    from django.apps import apps

    url = route
    if "<slug:slug>" in url and url.startswith(
        ("onderwijsinstellingen", "account/scholen", "account/berichten")
    ):
        link = personas[SCHOOL_X_MEMBER].extra["school_link"]
        url = url.replace("<slug:slug>", link.institution.slug)
    if "<slug:slug>" in url:
        model = CollaborationForm if url.startswith("vormen") else Example
        url = url.replace("<slug:slug>", model.objects.order_by("pk").first().slug)
    if "<path:content_type_id>" in url:  # the admin's "view on site"
        url = url.replace("<path:content_type_id>", "1").replace("<path:object_id>", "999999")
    if "<path:object_id>" in url:
        app_label, model_name = re.match(r"beheer/(\w+)/(\w+)/", url).groups()
        model = apps.get_model(app_label, model_name)
        obj = user if model is type(user) else model.objects.order_by("pk").first()
        assert obj is not None, f"no {app_label}.{model_name} row to build {route}"
        url = url.replace("<path:object_id>", str(obj.pk))
    url = re.sub(r"\(\?P<app_label>[^)]*\)", "handbook", url)
    url = url.replace("(?P<url>.*)", "bestaat-niet/")
    url = url.replace("<id>", str(user.pk))
    url = url.replace("<slug:kind>", "bedrijf")
    if "<int:organisation_id>" in url:
        persona = personas[COMPANY_A_MEMBER]
        url = url.replace("<int:organisation_id>", str(persona.organisation.pk))
        url = url.replace("<int:membership_id>", str(persona.membership.pk))
        url = url.replace("<int:invitation_id>", str(persona.extra["invitation"].pk))
    url = url.replace("<str:token>", "geen-geldige-uitnodiging")
    link = personas[UNVERIFIED_SCHOOL_MEMBER].extra["school_link"]
    url = url.replace("<int:link_id>", str(link.pk))
    if "<int:proposal_id>" in url:
        url = url.replace("<int:proposal_id>", str(_proposal(personas).pk))
    if "<int:token_id>" in url:
        url = url.replace("<int:token_id>", str(_token_of_a(personas).pk))
    url = url.replace("<thread_id>", "<int:thread_id>")  # ninja's path parameter
    if "<int:thread_id>" in url:
        url = url.replace("<int:thread_id>", str(_thread_a_to_x(personas).pk))
    # allauth's links from emails, with keys nobody was sent.
    url = url.replace("(?P<key>[-:\\w]+)", "geen-geldige-sleutel")
    url = url.replace("(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)", "1z-geen-geldige-sleutel")
    if url.startswith("api/v1/advice"):
        url += "?effort=low&reasons=A"
    assert not re.search(r"[<>()?*]", url.split("?")[0]), f"could not build a URL for {route}"
    return "/" + url


def test_every_url_pattern_has_exactly_one_rule():
    wrong = {route: len(rules_for(route)) for route in ROUTES if len(rules_for(route)) != 1}
    assert not wrong, f"give each of these URL patterns exactly one rule in RULES: {wrong}"


def test_every_rule_is_used():
    unused = [pattern for pattern, _ in RULES if not any(re.match(pattern, r) for r in ROUTES)]
    assert not unused, f"rules that match no URL pattern (remove them): {unused}"


@pytest.fixture
def admin_rows(db, personas):
    """A row for every admin model the handbook content does not fill."""
    from allauth.usersessions.models import UserSession
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    Group.objects.create(name="Redactie")
    where = {"ip_address": "192.0.2.1", "user_agent": "test", "path_info": "/beheer/login/"}
    AccessAttempt.objects.create(username="iemand", failures_since_start=1, **where)
    AccessLog.objects.create(username="iemand", **where)
    AccessFailureLog.objects.create(username="iemand", **where)
    staff = personas[STAFF]
    UserSession.objects.create(
        user=staff.user, session_key=staff.client.session.session_key, ip="192.0.2.1"
    )
    from samenwerkt.handbook.models import SchoolProfile
    from samenwerkt.messaging.models import Message

    SchoolProfile.objects.create(
        institution=personas[SCHOOL_X_MEMBER].extra["school_link"].institution,
        contact_role_nl="opleidingsmanager",
        contact_email="ict@deltion.nl",
    )
    thread = _thread_a_to_x(personas)
    Message.objects.create(thread=thread, side="company", body="Hallo")
    _proposal(personas)
    _token_of_a(personas)


def test_every_url_answers_each_persona_as_the_rules_say(personas, admin_rows):
    staff = personas[STAFF].user
    wrong = []
    for route in ROUTES:
        (expected,) = rules_for(route)
        url = sample_url(route, user=staff, personas=personas)
        for name in NAMES:
            status = personas[name].client.get(url).status_code
            if status != expected[name]:
                wrong.append(f"{name} {url}: {status}, expected {expected[name]}")
    assert not wrong, "\n".join(wrong)


def test_public_pages_answer_in_english_too(personas):
    staff = personas[STAFF].user
    for route in ROUTES:
        if route.startswith(("healthz", "livez", "beheer/")) or is_api_request("/" + route):
            continue
        (expected,) = rules_for(route)
        url = "/en" + sample_url(route, user=staff, personas=personas)
        for name in NAMES:
            assert personas[name].client.get(url).status_code == expected[name], (name, url)
