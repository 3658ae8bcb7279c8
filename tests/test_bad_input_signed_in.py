"""The bad-input table, continued: the forms of signed-in pages (two-factor codes,
organisations, invitations, the programme office's decisions, school profiles and
messages). The helpers and the table of nasty values are tests/test_bad_input.py's."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.html import error_summary, error_summary_links, html_lang
from tests.nasty import NASTY
from tests.test_bad_input import GOOD_PASSWORD, LANGS, PROBLEM, page_doc, page_html

pytestmark = pytest.mark.django_db

# The forms of signed-in pages (each test builds every persona): every nasty value in
# Dutch, and in English the kinds whose message differs (missing, too long, markup, a
# look-alike digit), to see the English site answer in English.
EN_SAMPLE = {"empty", "long-5000", "script", "fullwidth-digit"}
NASTY_AND_LANG = [pytest.param(value, "nl", id=f"{name}-nl") for name, value in NASTY] + [
    pytest.param(value, "en", id=f"{name}-en") for name, value in NASTY if name in EN_SAMPLE
]


# --- two-factor authentication (/account/2fa/...) ------------------------------------------


def _staff_at_the_code_step(lang: str) -> Client:
    """A staff member who gave the right password and is asked for the app's code."""
    from tests.accounts.factories import StaffFactory

    staff = StaffFactory()
    client = Client(raise_request_exception=False)
    answer = client.post(
        LANGS[lang] + "/account/login/", {"login": staff.email, "password": GOOD_PASSWORD}
    )
    assert answer["Location"].endswith("/account/2fa/authenticate/")
    return client


def _user_turning_on_two_factor(lang: str) -> Client:
    from tests.accounts.factories import UserFactory

    user = UserFactory()
    client = Client(raise_request_exception=False)
    client.post(LANGS[lang] + "/account/login/", {"login": user.email, "password": GOOD_PASSWORD})
    asked = client.get(LANGS[lang] + "/account/2fa/totp/activate/")
    client.post(asked["Location"], {"password": GOOD_PASSWORD})
    assert client.get(LANGS[lang] + "/account/2fa/totp/activate/").status_code == 200
    return client


CODE_FORMS = {
    "sign-in-code": ("/account/2fa/authenticate/", _staff_at_the_code_step),
    "turn-on-code": ("/account/2fa/totp/activate/", _user_turning_on_two_factor),
}


@pytest.mark.parametrize(("value", "lang"), NASTY_AND_LANG)
@pytest.mark.parametrize("form", CODE_FORMS)
def test_two_factor_code_forms(db, form, value, lang):
    """A nasty code where the six digits go: the form again with the problem next to
    the field, in the page's language; nobody signed in, no second factor turned on."""
    from allauth.mfa.models import Authenticator

    path, start = CODE_FORMS[form]
    client = start(lang)
    authenticators = Authenticator.objects.count()
    response = client.post(LANGS[lang] + path, {"code": value})
    assert response.status_code == 200, f"{path} code={value!r} gave {response.status_code}"
    assert Authenticator.objects.count() == authenticators
    doc = page_doc(response)
    assert html_lang(doc) == lang
    assert PROBLEM[lang] in error_summary(doc).text_content()
    assert doc.cssselect('.error-message[id="id_code_error"]'), "no message next to the code"
    if form == "sign-in-code":
        assert client.get(LANGS[lang] + "/account/").status_code == 302  # not signed in


# --- organisation forms (/account/organisaties/...) -----------------------------------------


def _organisation_forms(personas):
    owner = personas["company_a_owner"]
    from samenwerkt.handbook.models import Institution, Province

    province = str(Province.objects.order_by("pk").first().pk)
    institution = str(Institution.objects.order_by("pk").first().pk)
    organisation = owner.organisation.pk
    return owner.client, {
        "company": (
            "/account/organisaties/nieuw/bedrijf/",
            {"name": "Goed BV", "kvk_number": "12345678", "size": "1-10", "province": province},
        ),
        "school": (
            "/account/organisaties/nieuw/onderwijs/",
            {"name": "ICT-team", "institutions": institution},
        ),
        "invitation": (
            f"/account/organisaties/{organisation}/uitnodigen/",
            {"email": "nieuwe.collega@bitsbytes.nl", "role": "member"},
        ),
    }


ORGANISATION_FIELDS = [
    ("company", "name"),
    ("company", "kvk_number"),
    ("company", "size"),
    ("company", "province"),
    ("school", "name"),
    ("school", "institutions"),
    ("invitation", "email"),
    ("invitation", "role"),
]


@pytest.mark.parametrize(("value", "lang"), NASTY_AND_LANG)
@pytest.mark.parametrize(("form", "field"), ORGANISATION_FIELDS)
def test_organisation_forms(personas, form, field, value, lang, django_capture_on_commit_callbacks):
    """A nasty value in a field of the company, school or invitation form: the form
    again with the field's message in the page's language, nothing made and nothing
    sent; or, where the value is acceptable as typed (a name), stored as typed and shown
    escaped."""
    from django.core import mail

    from samenwerkt.accounts.models import Invitation, Organisation

    client, forms = _organisation_forms(personas)
    path, fields = forms[form]
    counts = (Organisation.objects.count(), Invitation.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LANGS[lang] + path, {**fields, field: value})
    assert response.status_code in (200, 302), f"{path} {field}={value!r}: {response.status_code}"
    if response.status_code == 302:
        # Accepted: a name may take such a value, kept as typed (tidied spaces); the
        # optional KvK number may be left blank.
        blank_kvk = field == "kvk_number" and not value.strip()
        assert field == "name" or blank_kvk, f"{field}={value!r} was accepted"
        page = client.get(response["Location"])
        page_html(page)
        return
    assert (Organisation.objects.count(), Invitation.objects.count()) == counts
    assert not mail.outbox
    doc = page_doc(response)
    assert html_lang(doc) == lang
    assert PROBLEM[lang] in error_summary(doc).text_content()
    messages = [text for _target, text in error_summary_links(doc)]
    assert messages, f"{field}={value!r}: no message linked to a field"
    other_language = {
        "nl": ("Enter ", "Choose ", "This ", "A KvK"),
        "en": ("Vul ", "Kies ", "Een "),
    }
    slipped = [m for m in messages if m.startswith(other_language[lang])]
    assert not slipped, f"messages in the other language on the {lang} site: {slipped}"


# --- the programme office's decision on a school (/account/programmabureau/...) -------------

DECISION_FIELDS = ["decision", "note"]


@pytest.mark.parametrize(("value", "lang"), NASTY_AND_LANG)
@pytest.mark.parametrize("field", DECISION_FIELDS)
def test_school_decision_form(personas, field, value, lang):
    """A nasty decision or note: refused with the field's message (a note is free text:
    with "refuse" any non-blank note is a reason, kept as typed and shown escaped);
    never a decision made from a bad choice."""
    link = personas["unverified_school_member"].extra["school_link"]
    office = personas["programme_office"].client
    good = {"decision": "refuse", "note": "Onbekend bij de school."}
    response = office.post(
        f"{LANGS[lang]}/account/programmabureau/scholen/{link.pk}/", {**good, field: value}
    )
    link.refresh_from_db()
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert field == "note" and value.strip() and len(value) <= 500, value
        assert link.status == "refused"
        school = personas["unverified_school_member"].client  # sees the note, escaped
        page_html(school.get(f"/account/organisaties/{link.organisation_id}/"))
        return
    assert link.status == "pending"
    doc = page_doc(response)
    assert html_lang(doc) == lang
    assert PROBLEM[lang] in error_summary(doc).text_content()
    assert doc.cssselect(f'.error-message[id="id_{field}_error"]')


# --- the school profile (/account/scholen/<slug>/profiel/) -----------------------------------

PROFILE_FIELDS = [
    "contact_role_nl",
    "contact_email",
    "contact_form_url",
    "person_email",
    "topics_nl",
    "looking_for",
    "locations-0-town",
    "locations-0-province",
    "programmes-0-name_nl",
    "programmes-0-level",
    "programmes-0-code",
    "periods-0-kind",
    "periods-0-from_month",
    "locations-TOTAL_FORMS",
]
# Free text a school may write as it likes (kept as typed, shown escaped); the rest
# must be a choice, an address, a code or a count.
PROFILE_FREE_TEXT = {"contact_role_nl", "topics_nl", "locations-0-town", "programmes-0-name_nl"}


@pytest.mark.parametrize(("value", "lang"), NASTY_AND_LANG)
@pytest.mark.parametrize("field", PROFILE_FIELDS)
def test_school_profile_form(personas, field, value, lang):
    """A nasty value in any field of the profile or its lists: the page again with the
    problem named (next to the field where it is the field's) in the page's language,
    and nothing saved; free text is kept as typed and shown escaped."""
    from samenwerkt.handbook.models import SchoolProfile
    from tests.accounts.test_school_profiles import edit_url, profile_data

    school = personas["school_x_member"]
    url = LANGS[lang] + edit_url(school)
    response = school.client.post(url, profile_data(**{field: value}))
    assert response.status_code in (200, 302), f"{field}={value!r}: {response.status_code}"
    if response.status_code == 302:
        blank_optional = field in {"contact_form_url", "person_email", "topics_nl"}
        blank_optional |= field == "programmes-0-code"
        # A tampered count of rows changes only how many rows are read (none, or one).
        tampered_count = field.endswith("TOTAL_FORMS")
        assert (
            field in PROFILE_FREE_TEXT or tampered_count or (blank_optional and not value.strip())
        ), f"{field}={value!r} was accepted"
        page_html(school.client.get(url))
        page_html(personas["anonymous"].client.get("/onderwijsinstellingen/roc-deltion-college/"))
        return
    assert not SchoolProfile.objects.exists(), f"{field}={value!r} saved half a profile"
    doc = page_doc(response)
    assert html_lang(doc) == lang
    assert PROBLEM[lang] in error_summary(doc).text_content()
    if not field.endswith("TOTAL_FORMS"):
        assert doc.cssselect(f'.error-message[id="id_{field}_error"]'), f"no message at {field}"


# --- messages (/account/berichten/...) ------------------------------------------------------

MESSAGE_FIELDS = [
    ("first", "collaboration_form"),
    ("first", "level"),
    ("first", "offer"),
    ("first", "when"),
    ("reply", "body"),
    ("forward", "email"),
]
MESSAGE_FREE_TEXT = {"offer", "when", "body"}


@pytest.mark.parametrize(("value", "lang"), NASTY_AND_LANG)
@pytest.mark.parametrize(("form", "field"), MESSAGE_FIELDS)
def test_message_forms(personas, form, field, value, lang, django_capture_on_commit_callbacks):
    """A nasty value in the first message, a reply or the programme office's address to
    pass a message on to: the form again with the field's message in the page's
    language, nothing sent or stored; free text is kept as typed and shown escaped."""
    from django.core import mail

    from samenwerkt.messaging.models import Message, Thread
    from tests.messaging.test_threads import first_message

    school = personas["unverified_school_member"].extra["school_link"].institution
    company = personas["company_a_owner"]
    with django_capture_on_commit_callbacks(execute=True):
        company.client.post(f"/account/berichten/nieuw/{school.slug}/", first_message())
    thread = Thread.objects.get()
    mail.outbox.clear()
    client, path, data = {
        "first": (company.client, f"/account/berichten/nieuw/{school.slug}/", first_message()),
        "reply": (company.client, f"/account/berichten/{thread.pk}/", {"body": "Goed"}),
        "forward": (
            personas["programme_office"].client,
            f"/account/berichten/{thread.pk}/doorsturen/",
            {"email": "info@school.example"},
        ),
    }[form]
    counts = (Thread.objects.count(), Message.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LANGS[lang] + path, {**data, field: value})
    assert response.status_code in (200, 302), f"{field}={value!r}: {response.status_code}"
    if response.status_code == 302:
        assert field in MESSAGE_FREE_TEXT, f"{field}={value!r} was accepted"
        page_html(client.get(f"/account/berichten/{Thread.objects.latest('pk').pk}/"))
        return
    assert (Thread.objects.count(), Message.objects.count()) == counts
    assert not mail.outbox
    doc = page_doc(response)
    assert html_lang(doc) == lang
    assert PROBLEM[lang] in error_summary(doc).text_content()
    assert doc.cssselect(f'.error-message[id="id_{field}_error"]'), f"no message at {field}"
