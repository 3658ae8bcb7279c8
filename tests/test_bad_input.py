"""Every form field and query parameter of the public pages and the API, tried with
every value of tests/nasty.py, on the Dutch and the English site.

What each answer owes its user (DESIGN.md, "Behaviour every page owes its user"):
never a 5xx; an invalid value gets a 4xx with a clear message — on a page next to the
field (``.error-message``) and in the error summary, in the page's language; user text
is always rendered escaped; nothing is stored. A valid free-text search that matches
nothing is a 200 with no results.

One test client serves the whole module; each case is one parametrized test so a
failure names the field and the value.
"""

from __future__ import annotations

import json
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from samenwerkt.handbook.models import Example, Institution
from tests.html import (
    error_summary,
    error_summary_links,
    field_error,
    has_errors,
    html_lang,
    one,
    parse,
    select,
    texts,
)
from tests.nasty import MARKUP, NASTY, SCRIPT

pytestmark = pytest.mark.django_db

LANGS = {"nl": "", "en": "/en"}

# The messages a visitor sees, per language (nl from locale/nl/LC_MESSAGES/django.po
# and Django's own Dutch catalogue for the null-character message).
MESSAGES = {
    "choice": {
        "nl": "Kies een van de mogelijkheden uit de lijst.",
        "en": "Choose one of the options in the list.",
    },
    "max_length": {"nl": "Gebruik maximaal 100 tekens.", "en": "Use at most 100 characters."},
    "null": {"nl": "Null-tekens zijn niet toegestaan.", "en": "Null characters are not allowed."},
    "effort_required": {
        "nl": "Kies hoeveel inzet je kunt leveren.",
        "en": "Choose how much effort you can put in.",
    },
    "effort_choice": {
        "nl": "Kies een van de drie niveaus van inzet.",
        "en": "Choose one of the three amounts of effort.",
    },
    "reason_choice": {
        "nl": "Kies alleen redenen uit de lijst.",
        "en": "Choose reasons from the list only.",
    },
    "weight_choice": {
        "nl": "Kies een van de drie mogelijkheden.",
        "en": "Choose one of the three options.",
    },
    "place_choice": {
        "nl": "Kies een provincie of regio uit de lijst.",
        "en": "Choose a province or region from the list.",
    },
    "level_choice": {"nl": "Kies MBO, HBO of allebei.", "en": "Choose MBO, HBO or both."},
}

NO_EXAMPLES = {
    "nl": "Er zijn geen voorbeelden die bij deze filters passen.",
    "en": "No examples match these filters.",
}
NO_INSTITUTIONS = {
    "nl": "Er zijn geen onderwijsinstellingen die bij deze filters passen.",
    "en": "No institutions match these filters.",
}

WRITE_SQL = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.I)


# --- expectations ----------------------------------------------------------------


def optional_choice_error(value: str, kind: str = "choice") -> str | None:
    """An optional choice field accepts only '' (no choice) from the nasty table."""
    return None if value == "" else kind


def search_error(value: str) -> str | None:
    """The free-text search (CharField, stripped, at most 100 characters)."""
    if "\x00" in value:
        return "null"
    if len(value.strip()) > 100:
        return "max_length"
    return None


def effort_error(value: str) -> str | None:
    return "effort_required" if value == "" else "effort_choice"


# --- helpers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def web():
    """One client for the whole module; a 500 comes back as a response, not a raise."""
    return Client(raise_request_exception=False)


def handbook_counts() -> dict[str, int]:
    models = [*apps.get_app_config("handbook").get_models()]
    if apps.is_installed("samenwerkt.core"):
        models += [*apps.get_app_config("core").get_models()]
    return {m._meta.label: m._default_manager.count() for m in models}


@pytest.fixture(scope="module", autouse=True)
def _nothing_stored_over_the_run(django_db_setup, django_db_blocker):
    """Row counts of every handbook model are the same after the whole module."""
    with django_db_blocker.unblock():
        before = handbook_counts()
    yield
    with django_db_blocker.unblock():
        assert handbook_counts() == before


def fetch(web, url: str, params=None, **extra):
    """GET with the nasty value; asserts the request wrote nothing and never failed."""
    with CaptureQueriesContext(connection) as queries:
        response = web.get(url, params or {}, **extra)
    writes = [q["sql"] for q in queries.captured_queries if WRITE_SQL.match(q["sql"])]
    assert not writes, f"{url} {params!r} wrote to the database: {writes}"
    assert response.status_code < 500, f"{url} {params!r} gave {response.status_code}"
    return response


def page_html(response) -> str:
    """The raw source, checked for unescaped markup: escaping is a property of the
    source, which a parser would undo."""
    html = response.content.decode()
    for markup in MARKUP:
        assert markup not in html, f"unescaped user input {markup!r} in the page"
    return html


def page_doc(response):
    """The parsed page, after the raw source passed :func:`page_html`."""
    return parse(page_html(response))


def assert_field_error(doc, field: str, message: str):
    """The message next to the field and, linked to it, in the error summary."""
    assert field_error(doc, field) == message, f"no error message {message!r} next to {field}"
    links = error_summary_links(doc)
    assert (f"id_{field}", message) in links or (f"id_{field}_0", message) in links, (
        f"error summary lacks {message!r} linking to {field}: {links}"
    )


def assert_no_errors(doc):
    assert not has_errors(doc), "the page shows an error"


def shown_count(doc) -> int:
    """The number of results the page announces (``<p role="status">16 …``)."""
    status = one(doc, 'p[role="status"]').text_content().split()
    assert status and status[0].isdigit(), f"the page shows no result count: {status}"
    return int(status[0])


def contains(haystacks, needle: str) -> bool:
    needle = needle.casefold()
    return any(needle in (h or "").casefold() for h in haystacks)


NASTY_PARAMS = [pytest.param(value, id=name) for name, value in NASTY]
LANG_PARAMS = [pytest.param(code, id=code) for code in LANGS]


# --- the examples filters (/voorbeelden/) ----------------------------------------


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("value", NASTY_PARAMS)
@pytest.mark.parametrize("field", ["form", "reason", "level", "region"])
def test_example_filter_choices(web, field, value, lang):
    response = fetch(web, f"{LANGS[lang]}/voorbeelden/", {field: value})
    doc = page_doc(response)
    assert html_lang(doc) == lang
    error = optional_choice_error(value)
    if error:
        assert response.status_code == 400
        assert_field_error(doc, field, MESSAGES[error][lang])
    else:
        assert response.status_code == 200
        assert_no_errors(doc)
        assert shown_count(doc) == Example.objects.count()


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("value", NASTY_PARAMS)
def test_example_search(web, value, lang):
    response = fetch(web, f"{LANGS[lang]}/voorbeelden/", {"q": value})
    html = page_html(response)
    doc = parse(html)
    assert html_lang(doc) == lang
    error = search_error(value)
    if error:
        assert response.status_code == 400
        assert_field_error(doc, "q", MESSAGES[error][lang])
        return
    assert response.status_code == 200
    assert_no_errors(doc)
    q = value.strip()
    titles = [t for e in Example.objects.all() for t in (e.title_nl, e.title_en)]
    if not q:
        assert shown_count(doc) == Example.objects.count()
    elif not contains(titles, q):
        assert shown_count(doc) == 0
        assert NO_EXAMPLES[lang] in texts(doc, "main p")
        assert not select(doc, ".card__title")
    # What was searched for stays in the field, escaped in the source.
    if value == SCRIPT:
        assert one(doc, 'input[name="q"]').get("value") == SCRIPT
        assert f'value="{escape(SCRIPT)}"' in html


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("value", NASTY_PARAMS)
def test_example_page_number(web, value, lang):
    """A page number that is no page falls back to a real page (Django's get_page)."""
    response = fetch(web, f"{LANGS[lang]}/voorbeelden/", {"page": value})
    doc = page_doc(response)
    assert response.status_code == 200
    assert html_lang(doc) == lang
    assert_no_errors(doc)
    assert shown_count(doc) == Example.objects.count()
    assert select(doc, ".card__title a")


# --- the institution finder (/onderwijsinstellingen/) ----------------------------


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("value", NASTY_PARAMS)
@pytest.mark.parametrize("field", ["place", "level"])
def test_institution_filter_choices(web, field, value, lang):
    response = fetch(web, f"{LANGS[lang]}/onderwijsinstellingen/", {field: value})
    doc = page_doc(response)
    assert html_lang(doc) == lang
    error = optional_choice_error(value)
    if error:
        assert response.status_code == 400
        assert_field_error(doc, field, MESSAGES[error][lang])
    else:
        assert response.status_code == 200
        assert_no_errors(doc)
        assert shown_count(doc) > 0


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("value", NASTY_PARAMS)
def test_institution_search(web, value, lang):
    response = fetch(web, f"{LANGS[lang]}/onderwijsinstellingen/", {"q": value})
    html = page_html(response)
    doc = parse(html)
    assert html_lang(doc) == lang
    error = search_error(value)
    if error:
        assert response.status_code == 400
        assert_field_error(doc, "q", MESSAGES[error][lang])
        return
    assert response.status_code == 200
    assert_no_errors(doc)
    q = value.strip()
    # The search matches a name or a town.
    names = [*Institution.objects.values_list("name", flat=True)]
    names += Institution.objects.values_list("towns", flat=True)
    if q and not contains(names, q):
        assert shown_count(doc) == 0
        assert NO_INSTITUTIONS[lang] in texts(doc, "main p")
    if value == SCRIPT:
        assert one(doc, 'input[name="q"]').get("value") == SCRIPT
        assert f'value="{escape(SCRIPT)}"' in html


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("value", NASTY_PARAMS)
def test_institution_page_number(web, value, lang):
    response = fetch(web, f"{LANGS[lang]}/onderwijsinstellingen/", {"page": value})
    doc = page_doc(response)
    assert response.status_code == 200
    assert html_lang(doc) == lang
    assert_no_errors(doc)
    assert shown_count(doc) > 0


# --- the advisor's question pages and result ------------------------------------

# field → (question page, the valid answers before it, error kind for a value or None)
ADVISOR_FIELDS = {
    "effort": ("inzet", {}, effort_error),
    "reason": ("redenen", {"effort": "low"}, lambda v: "reason_choice"),
    **{
        f"weight_{code}": (
            "belang",
            {"effort": "low", "reason": [code, "B" if code == "A" else "A"]},
            lambda v: optional_choice_error(v, "weight_choice"),
        )
        for code in "ABCD"
    },
    "place": (
        "waar",
        {"effort": "low", "reason": "A"},
        lambda v: optional_choice_error(v, "place_choice"),
    ),
    "level": (
        "waar",
        {"effort": "low", "reason": "A"},
        lambda v: optional_choice_error(v, "level_choice"),
    ),
}

# Where a valid answer on each question page leads.
NEXT_PAGE = {"inzet": "redenen", "redenen": "waar", "belang": "waar", "waar": "controleer"}


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("submitted", [True, False], ids=["next", "shown"])
@pytest.mark.parametrize("value", NASTY_PARAMS)
@pytest.mark.parametrize("field", list(ADVISOR_FIELDS))
def test_advisor_question(web, field, value, submitted, lang):
    page, before, error_for = ADVISOR_FIELDS[field]
    params = {**before, field: value, **({"next": "1"} if submitted else {})}
    response = fetch(web, f"{LANGS[lang]}/advies/{page}/", params)
    error = error_for(value)
    if submitted and not error:
        assert response.status_code == 302
        assert f"{LANGS[lang]}/advies/{NEXT_PAGE[page]}/" in response["Location"]
        return
    doc = page_doc(response)
    assert html_lang(doc) == lang
    if not submitted and not (error and value.strip()):
        # Not yet submitted, nothing wrong in the link: the question is asked, no error.
        assert response.status_code == 200
        assert_no_errors(doc)
        return
    # Sent, or shown with a wrong answer already in the link (a shared link, or the
    # check page sending the visitor back): the message stands next to the field.
    assert response.status_code == 400
    assert_field_error(doc, field, MESSAGES[error][lang])


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("value", NASTY_PARAMS)
@pytest.mark.parametrize("field", list(ADVISOR_FIELDS))
def test_advisor_result(web, field, value, lang):
    _page, before, error_for = ADVISOR_FIELDS[field]
    response = fetch(web, f"{LANGS[lang]}/advies/resultaat/", {**before, field: value})
    doc = page_doc(response)
    assert html_lang(doc) == lang
    error = error_for(value)
    if not error:
        assert response.status_code == 200
        assert_no_errors(doc)
        return
    # The result page has no fields; its error summary names what is wrong.
    assert response.status_code == 400
    assert MESSAGES[error][lang] in texts(error_summary(doc), "li")


# Out of range or given twice: (field, question page, answers before it, values, kind).
TWO = {"effort": "low", "reason": ["A", "B"]}
ONE = {"effort": "low", "reason": "A"}
ADVISOR_REPEATS = [
    ("effort", "inzet", {}, ["low", "high"], "effort_repeated"),
    ("effort", "inzet", {}, ["low", "low"], "effort_repeated"),
    ("reason", "redenen", {"effort": "low"}, ["A", "A"], "reason_repeated"),
    ("reason", "redenen", {"effort": "low"}, ["A", "B", "A"], "reason_repeated"),
    *[
        (f"weight_{code}", "belang", TWO, [value], "weight_choice")
        for code in "AB"
        for value in ("0", "4", "9", "-1")
    ],
    ("weight_A", "belang", TWO, ["1", "3"], "weight_repeated"),
    ("place", "waar", ONE, ["region:noord", "region:oost"], "repeated"),
    ("level", "waar", ONE, ["MBO", "HBO"], "repeated"),
]  # fmt: skip
REPEAT_MESSAGES = {
    "effort_repeated": {"nl": "Kies één hoeveelheid inzet.", "en": "Choose one amount of effort."},
    "reason_repeated": {
        "nl": "Kies elke reden maar één keer.",
        "en": "Choose each reason only once.",
    },
    "weight_repeated": {
        "nl": "Kies per reden één mogelijkheid.",
        "en": "Choose one option for each reason.",
    },
    "repeated": {
        "nl": "Geef één antwoord op deze vraag.",
        "en": "Give one answer to this question.",
    },
}


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("submitted", [True, False], ids=["next", "shown"])
@pytest.mark.parametrize(
    ("field", "page", "before", "values", "kind"),
    ADVISOR_REPEATS,
    ids=[f"{r[0]}={'&'.join(r[3])}" for r in ADVISOR_REPEATS],
)
def test_advisor_out_of_range_or_repeated(web, field, page, before, values, kind, submitted, lang):
    params = {**before, field: values, **({"next": "1"} if submitted else {})}
    response = fetch(web, f"{LANGS[lang]}/advies/{page}/", params)
    doc = page_doc(response)
    assert html_lang(doc) == lang
    # Shown or sent, the answer in the link is never taken silently.
    assert response.status_code == 400
    message = {**MESSAGES, **REPEAT_MESSAGES}[kind][lang]
    assert_field_error(doc, field, message)
    result = fetch(web, f"{LANGS[lang]}/advies/resultaat/", {**before, field: values})
    assert result.status_code == 400
    assert message in texts(error_summary(page_doc(result)), "li")


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("value", NASTY_PARAMS)
def test_advisor_return_parameter(web, value, lang):
    # Only "return=check" means anything; any other value is the ordinary flow.
    params = {"effort": "low", "return": value, "next": "1"}
    response = fetch(web, f"{LANGS[lang]}/advies/inzet/", params)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LANGS[lang]}/advies/redenen/?")
    shown = fetch(web, f"{LANGS[lang]}/advies/redenen/", {"effort": "low", "return": value})
    assert shown.status_code == 200
    assert_no_errors(page_doc(shown))


# --- the API ---------------------------------------------------------------------

API = "/api/v1"
ENDPOINTS = ["/reasons", "/forms", "/examples", "/regions", "/tips", "/steps", "/advice"]
ADVICE = {"effort": "low", "reasons": "A"}


def ascii_int(value: str) -> int | None:
    return int(value) if re.fullmatch(r"-?[0-9]+", value) else None


def api_valid(param: str, value: str) -> bool | None:
    """True: must be accepted; False: must be rejected; None: either (never a 5xx)."""
    number = ascii_int(value)
    if param in ("lang", "effort", "reasons", "reason", "level"):
        return False  # closed sets; nothing in the nasty table belongs to them
    if param == "region":
        # A slug: a well-formed unknown one matches nothing; anything else is refused.
        return re.fullmatch(r"[a-z0-9-]{1,50}", value) is not None
    if param == "form":
        return number is not None
    if param in ("limit", "offset"):
        low = 1 if param == "limit" else 0
        if number is None or number < low:
            return False
        # A huge limit or offset may be refused (a bound) or answered; never a 500.
        return True if number < 1000 else None
    raise AssertionError(param)


API_CASES = [
    *[("lang", path) for path in ENDPOINTS],
    ("effort", "/advice"),
    ("reasons", "/advice"),
    *[(p, "/examples") for p in ["form", "reason", "level", "region", "limit", "offset"]],
]


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("value", NASTY_PARAMS)
@pytest.mark.parametrize(("param", "path"), API_CASES, ids=[f"{p}{e}" for p, e in API_CASES])
def test_api_parameter(web, param, path, value, lang):
    params = {**(ADVICE if path == "/advice" else {}), param: value}
    response = fetch(web, API + path, params, HTTP_ACCEPT_LANGUAGE=lang)
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    valid = api_valid(param, value)
    if response.status_code == 200:
        assert valid is not False, f"{param}={value!r} was accepted"
        if path == "/examples" and param in ("form", "region"):
            assert body == {"items": [], "count": 0}
        return
    assert valid is not True, f"{param}={value!r} was refused: {body}"
    assert response.status_code in (400, 422)
    # A clear message that names the parameter.
    problems = [d for d in body["detail"] if d.get("loc") == ["query", param]]
    assert problems, f"no message names {param!r}: {body}"
    assert all(isinstance(p["msg"], str) and p["msg"] for p in problems)


# --- the API reference (/api/v1/docs) ----------------------------------------------

DOCS = {"nl": "/api/v1/docs", "en": "/en/api/v1/docs"}


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("value", NASTY_PARAMS)
@pytest.mark.parametrize("param", ["lang", "effort", "q"])
def test_api_reference_takes_no_parameters(web, param, value, lang):
    """The page reads no parameter: whatever comes along, it is the same page in the
    language of its address (?lang= is the JSON API's, not this page's)."""
    response = fetch(web, DOCS[lang], {param: value})
    doc = page_doc(response)
    assert response.status_code == 200
    assert html_lang(doc) == lang
    assert_no_errors(doc)
    assert response.content == web.get(DOCS[lang]).content


# --- the account forms (/account/...) -------------------------------------------------

GOOD_PASSWORD = "een-lang-en-sterk-wachtwoord-2026"
GOOD_EMAIL = "iemand@bedrijf.nl"
# (form, path, the fields with good values; each field is tried with every nasty value)
ACCOUNT_FORMS = {
    "sign-up": (
        "/account/signup/",
        {"email": GOOD_EMAIL, "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    ),
    "sign-in": ("/account/login/", {"login": GOOD_EMAIL, "password": GOOD_PASSWORD}),
    "password-reset": ("/account/password/reset/", {"email": GOOD_EMAIL}),
}
ACCOUNT_FIELDS = [
    pytest.param(form, field, id=f"{form}-{field}")
    for form, (_path, fields) in ACCOUNT_FORMS.items()
    for field in fields
]
PROBLEM = {"nl": "Er is een probleem", "en": "There is a problem"}


@pytest.mark.parametrize("lang", LANG_PARAMS)
@pytest.mark.parametrize("value", NASTY_PARAMS)
@pytest.mark.parametrize(("form", "field"), ACCOUNT_FIELDS)
def test_account_forms(web, form, field, value, lang):
    """A nasty value in any field of the sign-up, sign-in or reset form: the form comes
    back with the problem named in the page's language (next to the field where it is
    the field's), nothing escapes unescaped, and no account is made."""
    from samenwerkt.accounts.models import User

    path, fields = ACCOUNT_FORMS[form]
    users = User.objects.count()
    response = web.post(LANGS[lang] + path, {**fields, field: value})
    assert response.status_code < 500, f"{path} {field}={value!r} gave {response.status_code}"
    assert User.objects.count() == users, f"{path} {field}={value!r} made an account"
    if response.status_code == 302:
        # Only the reset form may go on (to "check your email"), whatever the address:
        # it never tells whether an account exists.
        assert form == "password-reset"
        return
    doc = page_doc(response)
    assert response.status_code == 200
    assert html_lang(doc) == lang
    summary = error_summary(doc)
    assert PROBLEM[lang] in summary.text_content()
    messages = [text for _target, text in error_summary_links(doc)]
    if field == "email" or (form == "sign-up" and field.startswith("password")):
        # A field's own problem: its message next to a field of the form, and in English
        # on the English site (no Dutch slips through, nor the reverse).
        assert messages, f"{field}={value!r}: no message linked to a field"
        assert any(doc.cssselect(f'.error-message[id="id_{f}_error"]') for f in fields)
        other_language = {"nl": ("Enter ", "This ", "You must"), "en": ("Voer ", "Dit ", "Je ")}
        slipped = [m for m in messages if m.startswith(other_language[lang])]
        assert not slipped, f"messages in the other language on the {lang} site: {slipped}"
