"""The bad-input table, continued: the forms of one's own account (API tokens,
deleting the account) and of a school team (a school proposed for the list, the
programme office's decision on it). Helpers and nasty values: tests/test_bad_input.py.

Each test makes only the people it needs (not every persona): these forms belong to
one person or one team, and the table has hundreds of rows."""

from __future__ import annotations

import pytest
from django.test import Client

from samenwerkt.accounts.models import Membership, Organisation
from tests.html import error_summary, html_lang
from tests.test_bad_input import LANGS, PROBLEM, page_doc, page_html
from tests.test_bad_input_signed_in import NASTY_AND_LANG

pytestmark = pytest.mark.django_db


def _member_of(kind: str, **user_fields):
    from samenwerkt.handbook.models import Province
    from tests.accounts.factories import UserFactory

    fields = {"size": "1-10", "province": Province.objects.order_by("pk").first()}
    organisation = Organisation.objects.create(
        name="Team", kind=kind, **(fields if kind == "company" else {})
    )
    user = UserFactory(**user_fields)
    Membership.objects.create(organisation=organisation, user=user, role="owner")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client, organisation, user


def _problem_shown(response, field: str, lang: str) -> None:
    doc = page_doc(response)
    assert html_lang(doc) == lang
    assert PROBLEM[lang] in error_summary(doc).text_content()
    assert doc.cssselect(f'.error-message[id="id_{field}_error"]'), f"no message at {field}"


# --- API tokens (/account/api-tokens/) --------------------------------------------------------

TOKEN_FIELDS = ["name", "organisation", "days"]


@pytest.mark.parametrize(("value", "lang"), NASTY_AND_LANG)
@pytest.mark.parametrize("field", TOKEN_FIELDS)
def test_api_token_form(field, value, lang):
    """A nasty name, organisation or lifetime: the form again with the field's message
    in the page's language and no token made; a name is free text, kept as typed and
    shown escaped."""
    from samenwerkt.accounts.models import ApiToken

    client, organisation, _user = _member_of("company")
    good = {"name": "Dashboard", "organisation": str(organisation.pk), "days": "90"}
    response = client.post(LANGS[lang] + "/account/api-tokens/", {**good, field: value})
    assert response.status_code in (200, 302), f"{field}={value!r}: {response.status_code}"
    if response.status_code == 302:
        assert field == "name" and value.strip(), f"{field}={value!r} was accepted"
        page_html(client.get(response["Location"]))
        return
    assert not ApiToken.objects.exists()
    _problem_shown(response, field, lang)


# --- deleting the account (/account/verwijderen/) --------------------------------------------


@pytest.mark.parametrize(("value", "lang"), NASTY_AND_LANG)
def test_account_delete_form(value, lang):
    """The confirmation box with a nasty value: a box ticked with any non-empty value
    is ticked (as browsers send "on"); empty, and the account stays with the message."""
    from samenwerkt.accounts.models import User
    from tests.accounts.factories import PASSWORD

    client, _organisation, user = _member_of("company")
    client.post("/account/reauthenticate/", {"password": PASSWORD})
    response = client.post(LANGS[lang] + "/account/verwijderen/", {"confirm": value})
    assert response.status_code in (200, 302), f"confirm={value!r}: {response.status_code}"
    if response.status_code == 302:
        assert value != "", "an empty box deleted the account"
        assert not User.objects.filter(pk=user.pk).exists()
        return
    assert User.objects.filter(pk=user.pk).exists()
    _problem_shown(response, "confirm", lang)


# --- a school proposed for the list ---------------------------------------------------------

PROPOSAL_FIELDS = ["name", "level", "website", "town", "province"]
PROPOSAL_FREE_TEXT = {"name", "town"}


@pytest.mark.parametrize(("value", "lang"), NASTY_AND_LANG)
@pytest.mark.parametrize("field", PROPOSAL_FIELDS)
def test_school_proposal_form(field, value, lang):
    """A nasty value in the proposal: the form again with the field's message in the
    page's language and nothing proposed; a name or town is free text, kept as typed
    and shown escaped to the programme office."""
    from samenwerkt.accounts.models import InstitutionProposal
    from samenwerkt.handbook.models import Province

    client, organisation, _user = _member_of("education")
    good = {
        "name": "Nieuwe School",
        "level": "MBO",
        "website": "https://www.nieuweschool.example",
        "town": "Zwolle",
        "province": str(Province.objects.order_by("pk").first().pk),
    }
    url = f"{LANGS[lang]}/account/organisaties/{organisation.pk}/school-voorstellen/"
    response = client.post(url, {**good, field: value})
    assert response.status_code in (200, 302), f"{field}={value!r}: {response.status_code}"
    if response.status_code == 302:
        assert field in PROPOSAL_FREE_TEXT and value.strip(), f"{field}={value!r} was accepted"
        page_html(client.get(response["Location"]))
        return
    assert not InstitutionProposal.objects.exists()
    _problem_shown(response, field, lang)


@pytest.mark.parametrize(("value", "lang"), NASTY_AND_LANG)
@pytest.mark.parametrize("field", ["decision", "note"])
def test_proposal_decision_form(field, value, lang):
    """The programme office's decision on a proposed school, with a nasty value: no
    school added from a bad choice; a note is free text (a reason to refuse)."""
    from samenwerkt.accounts.models import InstitutionProposal
    from samenwerkt.handbook.models import Institution, Province
    from tests.accounts.factories import turn_on_two_factor

    _client, school, requester = _member_of("education")
    proposal = InstitutionProposal.objects.create(
        organisation=school,
        name="Nieuwe School",
        level="MBO",
        website="https://www.nieuweschool.example",
        town="Zwolle",
        province=Province.objects.order_by("pk").first(),
        requested_by=requester,
    )
    office, _office, office_user = _member_of("programme_office")
    turn_on_two_factor(office_user)
    institutions = Institution.objects.count()
    good = {"decision": "refuse", "note": "Geen ICT-opleiding."}
    url = f"{LANGS[lang]}/account/programmabureau/voorstellen/{proposal.pk}/"
    response = office.post(url, {**good, field: value})
    proposal.refresh_from_db()
    assert response.status_code in (200, 302), f"{field}={value!r}: {response.status_code}"
    assert Institution.objects.count() == institutions
    if response.status_code == 302:
        assert field == "note" and value.strip() and len(value) <= 500, value
        assert proposal.status == "refused"
        return
    assert proposal.status == "pending"
    _problem_shown(response, field, lang)
