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
from tests.personas import ANONYMOUS, NAMES, STAFF

pytestmark = pytest.mark.django_db


def everyone(status: int) -> dict[str, int]:
    return {name: status for name in NAMES}


PUBLIC = everyone(200)
ADMIN = {ANONYMOUS: 302, STAFF: 200}  # anonymous → the admin's login page
SIGNED_IN = {ANONYMOUS: 302, STAFF: 200}  # anonymous → the sign-in page
ADMIN_SPECIAL = r"(login|logout|password_change|autocomplete|jsi18n|r)/"

# (route regex, expected status per persona). Routes are Django's pattern strings,
# joined; placeholders are filled in by `sample_url` below.
RULES = [
    (r"^api/v1/(openapi\.json|reasons|forms|examples|regions|tips|steps)$", PUBLIC),
    (r"^api/v1/docs$", PUBLIC),  # the API reference: a page, English at /en/api/v1/docs
    (r"^api/v1/advice$", PUBLIC),  # tried with valid parameters
    (r"^api/v1/$", everyone(404)),  # ninja's root: nothing there
    (r"^(healthz|livez)$", PUBLIC),
    (r"^(|redenen/|vormen/|voorbeelden/|gouden-tips/|stappenplan/)$", PUBLIC),
    (r"^(onderwijsinstellingen/|over/|toegankelijkheid/|beslisboom/)$", PUBLIC),
    (r"^(privacy/|contact/)$", PUBLIC),
    (r"^(vormen|voorbeelden)/<slug:slug>/$", PUBLIC),
    (r"^advies/(|inzet/)$", PUBLIC),
    # Later questions without the earlier answers send the visitor back to the first.
    (r"^advies/(redenen|belang|waar|controleer)/$", everyone(302)),
    (r"^advies/resultaat/$", everyone(400)),  # a link without answers
    (r"^beheer/$", ADMIN),
    (r"^beheer/login/$", {ANONYMOUS: 200, STAFF: 302}),  # staff: on to the index
    (r"^beheer/logout/$", {ANONYMOUS: 302, STAFF: 405}),  # POST only
    (r"^beheer/r/", {ANONYMOUS: 302, STAFF: 404}),  # view on site: no such object
    (r"^beheer/jsi18n/$", ADMIN),
    (r"^beheer/autocomplete/$", {ANONYMOUS: 302, STAFF: 403}),  # needs parameters
    (r"^beheer/password_change/(done/)?$", ADMIN),
    (r"^beheer/\(\?P<app_label>", ADMIN),  # app index
    (r"^beheer/\(\?P<url>", {ANONYMOUS: 302, STAFF: 404}),  # catch-all: an unknown page
    (rf"^beheer/(?!{ADMIN_SPECIAL}|axes/\w+/add/)\w+/\w+/(add/)?$", ADMIN),  # list, add
    # Sign-in attempts are recorded by django-axes, never added by hand.
    (r"^beheer/axes/\w+/add/$", {ANONYMOUS: 302, STAFF: 403}),
    (r"^beheer/\w+/\w+/<path:object_id>/(change|history|delete)/$", ADMIN),
    # The bare object URL redirects to its change page.
    (r"^beheer/\w+/\w+/<path:object_id>/$", everyone(302)),
    (r"^beheer/accounts/user/<id>/password/$", ADMIN),
    # Accounts (django-allauth). Signed in: one's own pages; not signed in: to sign in.
    (r"^account/(|email/|password/change/|reauthenticate/)$", SIGNED_IN),
    (r"^account/(login|signup)/$", {ANONYMOUS: 200, STAFF: 302}),  # signed in: onwards
    (r"^account/logout/$", {ANONYMOUS: 302, STAFF: 200}),  # a page with a button
    # Setting a first password: only for accounts without one (staff has one).
    (r"^account/password/set/$", everyone(302)),
    # Sign-in codes are off: these send everyone back.
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


def sample_url(route: str, *, user) -> str:
    """A real URL for a route pattern; fails the test when a placeholder is left."""
    from django.apps import apps

    url = route
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
def admin_rows(db):
    """A row for every admin model the handbook content does not fill."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    Group.objects.create(name="Redactie")
    where = {"ip_address": "192.0.2.1", "user_agent": "test", "path_info": "/beheer/login/"}
    AccessAttempt.objects.create(username="iemand", failures_since_start=1, **where)
    AccessLog.objects.create(username="iemand", **where)
    AccessFailureLog.objects.create(username="iemand", **where)


def test_every_url_answers_each_persona_as_the_rules_say(personas, admin_rows):
    staff = personas[STAFF].user
    wrong = []
    for route in ROUTES:
        (expected,) = rules_for(route)
        url = sample_url(route, user=staff)
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
        url = "/en" + sample_url(route, user=staff)
        for name in NAMES:
            assert personas[name].client.get(url).status_code == expected[name], (name, url)
