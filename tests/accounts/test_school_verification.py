"""Verified schools: a school team is verified at once when its maker's confirmed
address is at the school's own web domain, otherwise the programme office decides
from its queue; nobody else sees the queue or decides."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from samenwerkt.accounts.models import AuditEvent, Organisation, SchoolLink
from samenwerkt.accounts.services import school_domain
from samenwerkt.handbook.models import Institution
from tests.accounts.factories import UserFactory
from tests.personas import (
    COMPANY_A_OWNER,
    PROGRAMME_OFFICE,
    SCHOOL_X_MEMBER,
    STAFF,
    UNVERIFIED_SCHOOL_MEMBER,
)

pytestmark = pytest.mark.django_db

QUEUE = "/account/programmabureau/scholen/"


@pytest.fixture
def deltion():
    return Institution.objects.get(name__icontains="Deltion")


def make_school_team(user, institution) -> SchoolLink:
    client = Client()
    client.force_login(user)
    response = client.post(
        "/account/organisaties/nieuw/onderwijs/",
        {"name": "ICT-team", "institutions": [institution.pk]},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.filter(memberships__user=user).latest("pk")
    return organisation.school_links.get()


def test_the_schools_domain_comes_from_its_website(deltion):
    assert school_domain(deltion) == "deltion.nl"


def test_an_address_at_the_schools_domain_verifies_at_once(deltion):
    link = make_school_team(UserFactory(email="docent@deltion.nl"), deltion)
    assert link.status == "verified" and link.method == "email_domain"
    assert AuditEvent.objects.filter(
        kind="school_verified", organisation=link.organisation
    ).exists()


@pytest.mark.parametrize(
    "email", ["docent@student.deltion.nl", "docent@gmail.com", "docent@deltion.nl.evil.example"]
)
def test_another_address_waits_for_the_programme_office(deltion, email):
    link = make_school_team(UserFactory(email=email), deltion)
    assert link.status == "pending"


def test_an_unconfirmed_address_at_the_domain_is_not_enough(deltion):
    user = UserFactory(email="nieuw@deltion.nl", confirmed=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    assert make_school_team(user, deltion).status == "pending"


def test_the_programme_office_verifies_from_its_queue_and_the_owner_hears(
    personas, django_capture_on_commit_callbacks
):
    office = personas[PROGRAMME_OFFICE].client
    link = personas[UNVERIFIED_SCHOOL_MEMBER].extra["school_link"]
    queue = office.get(QUEUE)
    assert queue.status_code == 200
    assert link.institution.name in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(f"{QUEUE}{link.pk}/", {"decision": "verify", "note": ""})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == "verified" and link.method == "programme_office"
    assert link.decided_by == personas[PROGRAMME_OFFICE].user
    (message,) = mail.outbox
    assert message.to == [personas[UNVERIFIED_SCHOOL_MEMBER].user.email]
    assert link.institution.name in message.subject
    assert "openbaar" in message.subject  # the owner's language: Dutch
    # Out of the queue (the confirmation message names it once, above the list).
    assert f"Besluit over {link.institution.name}" not in office.get(QUEUE).content.decode()


def test_refusing_needs_a_reason_which_the_school_is_sent(
    personas, django_capture_on_commit_callbacks
):
    office = personas[PROGRAMME_OFFICE].client
    link = personas[UNVERIFIED_SCHOOL_MEMBER].extra["school_link"]
    without = office.post(f"{QUEUE}{link.pk}/", {"decision": "refuse", "note": "  "})
    assert without.status_code == 200
    assert "Zeg waarom" in str(without.context["form"].errors["note"])
    link.refresh_from_db()
    assert link.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"{QUEUE}{link.pk}/", {"decision": "refuse", "note": "Niemand kent u hier."})
    link.refresh_from_db()
    assert link.status == "refused"
    assert "Niemand kent u hier." in mail.outbox[0].body
    page = personas[UNVERIFIED_SCHOOL_MEMBER].client.get(
        f"/account/organisaties/{link.organisation_id}/"
    )
    assert "Niemand kent u hier." in page.content.decode()


@pytest.mark.parametrize("who", [COMPANY_A_OWNER, SCHOOL_X_MEMBER, UNVERIFIED_SCHOOL_MEMBER, STAFF])
def test_nobody_else_sees_the_queue_or_decides(personas, who):
    link = personas[UNVERIFIED_SCHOOL_MEMBER].extra["school_link"]
    client = personas[who].client
    assert client.get(QUEUE).status_code == 404
    assert client.post(f"{QUEUE}{link.pk}/", {"decision": "verify"}).status_code == 404
    link.refresh_from_db()
    assert link.status == "pending"


def test_the_team_page_says_where_each_claim_stands(personas):
    verified = personas[SCHOOL_X_MEMBER]
    page = verified.client.get(f"/account/organisaties/{verified.organisation.pk}/")
    assert "Je kunt het profiel publiceren" in page.content.decode()
    waiting = personas[UNVERIFIED_SCHOOL_MEMBER]
    page = waiting.client.get(f"/account/organisaties/{waiting.organisation.pk}/")
    assert "concept" in page.content.decode()
