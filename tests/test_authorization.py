"""Who may open what: every URL pattern × every persona.

Each pattern must match exactly one rule below; a new URL without a rule fails
`test_every_url_pattern_has_exactly_one_rule`. Later issues add personas (company
member, education partner, programme office) as columns.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLResolver, get_resolver

from samenwerkt.handbook.models import CollaborationForm, Example

PERSONAS = ("anonymous", "staff")
PUBLIC = {"anonymous": 200, "staff": 200}
ADMIN = {"anonymous": 302, "staff": 200}  # anonymous → the admin's login page

# (route regex, expected status per persona). Admin object pages get a real pk.
ADMIN_SPECIAL = r"(login|logout|password_change|autocomplete|jsi18n|r)/"
RULES = [
    (r"^api/v1/(openapi\.json|docs|reasons|forms|examples|regions|tips|steps)$", PUBLIC),
    (r"^api/v1/advice$", PUBLIC),  # tried with valid parameters
    (r"^api/v1/$", {"anonymous": 404, "staff": 404}),  # ninja's root: nothing there
    (r"^(healthz|livez)$", PUBLIC),
    (r"^(|redenen/|vormen/|voorbeelden/|gouden-tips/|stappenplan/)$", PUBLIC),
    (r"^(onderwijsinstellingen/|over/|toegankelijkheid/|beslisboom/)$", PUBLIC),
    (r"^(vormen|voorbeelden)/<slug:slug>/$", PUBLIC),
    (r"^advies/(|inzet/)$", PUBLIC),
    # Later questions without the earlier answers send the visitor back to the first.
    (r"^advies/(redenen|belang|waar|controleer)/$", {"anonymous": 302, "staff": 302}),
    (r"^advies/resultaat/$", {"anonymous": 400, "staff": 400}),  # a link without answers
    (r"^beheer/$", ADMIN),
    (r"^beheer/login/$", {"anonymous": 200, "staff": 302}),  # staff: on to the index
    (r"^beheer/logout/$", {"anonymous": 302, "staff": 405}),  # POST only
    (r"^beheer/r/", {"anonymous": 302, "staff": 404}),  # view on site: no such object
    (r"^beheer/jsi18n/$", ADMIN),
    (r"^beheer/autocomplete/$", {"anonymous": 302, "staff": 403}),  # needs parameters
    (r"^beheer/password_change/(done/)?$", ADMIN),
    (r"^beheer/\(\?P<app_label>", ADMIN),  # app index
    (r"^beheer/\(\?P<url>", ADMIN),  # catch-all: no real URL to try
    (rf"^beheer/(?!{ADMIN_SPECIAL})\w+/\w+/(add/)?$", ADMIN),  # changelist, add
    (r"^beheer/\w+/\w+/<path:object_id>/(change|history|delete)/$", ADMIN),
    # The bare object URL redirects to its change page.
    (r"^beheer/\w+/\w+/<path:object_id>/$", {"anonymous": 302, "staff": 302}),
    (r"^beheer/auth/user/<id>/password/$", ADMIN),
]


def _routes():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern).lstrip("^").rstrip("$"), p

    return list(walk(get_resolver().url_patterns))


ROUTES = _routes()


def _rules_for(route: str):
    return [expected for pattern, expected in RULES if re.match(pattern, route)]


def test_every_url_pattern_has_exactly_one_rule():
    missing = [route for route, _p in ROUTES if len(_rules_for(route)) != 1]
    assert not missing, f"give these URL patterns one rule in RULES: {missing}"


def _sample_url(route: str, user) -> str | None:
    """A real URL for a route; None when no object exists to fill it in."""
    url = route
    if "<slug:slug>" in url:
        slug = (
            CollaborationForm.objects.first().slug
            if url.startswith("vormen")
            else Example.objects.first().slug
        )
        url = url.replace("<slug:slug>", slug)
    if "<path:content_type_id>" in url:
        return url and "/" + url.replace("<path:content_type_id>", "1").replace(
            "<path:object_id>", "999999"
        )
    if "<path:object_id>" in url:
        model_path = re.match(r"beheer/(\w+)/(\w+)/", url)
        from django.apps import apps

        model = apps.get_model(model_path.group(1), model_path.group(2))
        obj = user if model is get_user_model() else model.objects.order_by("pk").first()
        if obj is None:
            return None
        url = url.replace("<path:object_id>", str(obj.pk))
    if "(?P<url>" in url:
        return None
    url = url.replace("(?P<app_label>auth|handbook)", "handbook")
    if "<id>" in url:
        url = url.replace("<id>", str(user.pk))
    if "<path:content_type_id>" in url:
        url = url.replace("<path:content_type_id>", "1").replace("<path:object_id>", "999999")
    if url.startswith("api/v1/advice"):
        url += "?effort=low&reasons=A"
    return "/" + url


@pytest.fixture
def clients(db):
    staff_user = get_user_model().objects.create_user(
        "beheerder",
        "beheer@example.org",
        "een-lang-wachtwoord",
        is_staff=True,
        is_superuser=True,
    )
    staff = Client()
    staff.force_login(staff_user)
    return {"anonymous": Client(), "staff": staff}, staff_user


def test_every_url_answers_each_persona_as_the_rules_say(clients):
    by_persona, staff_user = clients
    wrong = []
    for route, _pattern in ROUTES:
        (expected,) = _rules_for(route)
        url = _sample_url(route, staff_user)
        if url is None:
            continue
        for persona in PERSONAS:
            status = by_persona[persona].get(url).status_code
            if status != expected[persona]:
                wrong.append(f"{persona} {url}: {status}, expected {expected[persona]}")
    assert not wrong, "\n".join(wrong)


def test_public_pages_answer_in_english_too(clients):
    by_persona, _user = clients
    for route, _pattern in ROUTES:
        if route.startswith(("api/", "healthz", "livez", "beheer/")):
            continue
        (expected,) = _rules_for(route)
        url = _sample_url(route, None)
        assert by_persona["anonymous"].get("/en" + url).status_code == expected["anonymous"], url
