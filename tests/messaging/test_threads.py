"""A company's first message to a school: relayed by email without the company's
address, answered in the site, the addresses shown only once the school replied; to
the programme office when the school has no verified team; rate-limited; reportable;
and nobody outside the two sides (and the programme office, for its queue) sees it."""

from __future__ import annotations

import pytest
from django.core import mail

from samenwerkt.handbook.models import CollaborationForm, SchoolProfile
from samenwerkt.messaging.models import Thread
from tests.personas import (
    COMPANY_A_MEMBER,
    COMPANY_A_OWNER,
    COMPANY_B_MEMBER,
    PROGRAMME_OFFICE,
    SCHOOL_X_MEMBER,
    STAFF,
    UNVERIFIED_SCHOOL_MEMBER,
)

pytestmark = pytest.mark.django_db

SCHOOL_ADDRESS = "ict-bedrijven@deltion.nl"


@pytest.fixture
def school_x(personas):
    """School X's team published a profile with a general address for companies."""
    institution = personas[SCHOOL_X_MEMBER].extra["school_link"].institution
    SchoolProfile.objects.create(
        institution=institution,
        published=True,
        kept_by="ICT-opleidingen Deltion",
        contact_role_nl="opleidingsmanager ICT",
        contact_email=SCHOOL_ADDRESS,
    )
    return institution


def first_message(**changes) -> dict:
    form = CollaborationForm.objects.order_by("number").first()
    return {
        "collaboration_form": str(form.pk),
        "level": "MBO",
        "offer": "Twee stageplekken in ons developmentteam, met een vaste begeleider.",
        "when": "Vanaf september",
        **changes,
    }


def send(persona, institution, prefix="", **changes):
    return persona.client.post(
        f"{prefix}/account/berichten/nieuw/{institution.slug}/", first_message(**changes)
    )


def test_a_company_writes_to_a_verified_school_and_they_talk_in_the_site(
    personas, school_x, django_capture_on_commit_callbacks
):
    company = personas[COMPANY_A_OWNER]
    with django_capture_on_commit_callbacks(execute=True):
        response = send(company, school_x)
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert thread.route == "school" and thread.school == personas[SCHOOL_X_MEMBER].organisation
    told = company.client.get(response["Location"]).content.decode()
    assert "onderweg naar" in told  # the company is told where it went
    (email,) = mail.outbox
    assert email.to == [SCHOOL_ADDRESS]
    assert company.user.email not in email.body  # relayed without the company's address
    assert "stageplekken" in email.body and company.organisation.name in email.body

    school = personas[SCHOOL_X_MEMBER]
    page = school.client.get(f"/account/berichten/{thread.pk}/").content.decode()
    assert "stageplekken" in page and company.user.email not in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        school.client.post(
            f"/account/berichten/{thread.pk}/", {"body": "Leuk! Wanneer kunt u langskomen?"}
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([company.user.email, personas[COMPANY_A_MEMBER].user.email])
    assert school.user.email not in mail.outbox[0].body
    # Once the school has answered, each side sees the other's address.
    page = company.client.get(f"/account/berichten/{thread.pk}/").content.decode()
    assert "Wanneer kunt u langskomen?" in page
    assert school.user.email.split("@")[0] in page
    assert thread.company.threads_sent.count() == 1


def test_without_a_verified_team_the_message_goes_to_the_programme_office(
    personas, django_capture_on_commit_callbacks
):
    institution = personas[UNVERIFIED_SCHOOL_MEMBER].extra["school_link"].institution
    company = personas[COMPANY_A_OWNER]
    with django_capture_on_commit_callbacks(execute=True):
        response = send(company, institution)
    thread = Thread.objects.get()
    assert thread.route == "programme_office" and thread.school is None
    assert "programmabureau" in company.client.get(response["Location"]).content.decode()
    assert [m.to for m in mail.outbox] == [[personas[PROGRAMME_OFFICE].user.email]]
    office = personas[PROGRAMME_OFFICE].client
    assert institution.name in office.get("/account/berichten/").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"/account/berichten/{thread.pk}/doorsturen/", {"email": "info@school.example"})
    (forwarded,) = mail.outbox
    assert forwarded.to == ["info@school.example"]
    assert company.user.email not in forwarded.body
    thread.refresh_from_db()
    assert thread.forwarded_to == "info@school.example"
    # The school team that is still waiting sees nothing of it.
    waiting = personas[UNVERIFIED_SCHOOL_MEMBER].client
    assert waiting.get(f"/account/berichten/{thread.pk}/").status_code == 404


def test_first_messages_are_limited_per_organisation_per_day(personas, school_x, settings):
    settings.FIRST_MESSAGES_PER_DAY = 2
    company = personas[COMPANY_A_OWNER]
    assert send(company, school_x).status_code == 302
    assert send(personas[COMPANY_A_MEMBER], school_x).status_code == 302
    refused = send(company, school_x)
    assert refused.status_code == 200
    assert "24 uur" in refused.content.decode()
    assert Thread.objects.count() == 2
    # Another company is not held back by it.
    assert send(personas[COMPANY_B_MEMBER], school_x).status_code == 302


def test_a_school_reports_abuse_to_the_programme_office(
    personas, school_x, django_capture_on_commit_callbacks
):
    send(personas[COMPANY_A_OWNER], school_x)
    thread = Thread.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = personas[SCHOOL_X_MEMBER].client.post(f"/account/berichten/{thread.pk}/melden/")
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.reported_at is not None
    assert [m.to for m in mail.outbox] == [[personas[PROGRAMME_OFFICE].user.email]]
    office = personas[PROGRAMME_OFFICE].client
    assert office.get(f"/account/berichten/{thread.pk}/").status_code == 200
    # The company cannot report, nor pass on.
    company = personas[COMPANY_A_OWNER].client
    assert (
        company.post(f"/account/berichten/{thread.pk}/doorsturen/", {"email": "x@y.nl"}).status_code
        == 404
    )


@pytest.mark.parametrize(
    "outsider", [COMPANY_B_MEMBER, UNVERIFIED_SCHOOL_MEMBER, STAFF, PROGRAMME_OFFICE]
)
def test_nobody_else_reads_or_writes_in_a_conversation(personas, school_x, outsider):
    send(personas[COMPANY_A_OWNER], school_x)
    thread = Thread.objects.get()
    client = personas[outsider].client
    base = f"/account/berichten/{thread.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base, {"body": "Hallo"}).status_code == 404
    assert client.post(base + "melden/").status_code == 404
    assert client.post(base + "doorsturen/", {"email": "x@y.nl"}).status_code == 404
    assert thread.messages.count() == 1
    thread.refresh_from_db()
    assert thread.reported_at is None and not thread.forwarded_to
    assert "stageplekken" not in client.get("/account/berichten/").content.decode()


def test_a_school_team_cannot_send_a_first_message(personas, school_x):
    school = personas[SCHOOL_X_MEMBER]
    page = school.client.get(f"/account/berichten/nieuw/{school_x.slug}/")
    assert page.status_code == 200 and "voor een bedrijf" in page.content.decode()
    assert send(school, school_x).status_code == 200
    assert not Thread.objects.exists()


def test_the_school_page_leads_to_the_first_message(personas, school_x):
    page = personas["anonymous"].client.get(f"/onderwijsinstellingen/{school_x.slug}/")
    assert f'href="/account/berichten/nieuw/{school_x.slug}/"' in page.content.decode()


def test_the_messages_list_shows_a_page_at_a_time(personas, settings):
    """An organisation's conversations only grow: the list pages them, newest first."""
    from samenwerkt.handbook.models import CollaborationForm, Institution
    from samenwerkt.messaging.models import Thread

    settings.PAGE_SIZE = 3
    owner = personas["company_a_owner"]
    form = CollaborationForm.objects.order_by("number").first()
    school = Institution.objects.order_by("pk").first()
    for n in range(5):
        Thread.objects.create(
            company=owner.organisation,
            institution=school,
            route="programme_office",
            collaboration_form=form,
            level="MBO",
            offer=f"Aanbod {n}",
            when="nu",
        )
    first = owner.client.get("/account/berichten/")
    second = owner.client.get("/account/berichten/?page=2")
    assert len(first.context["threads"]) == 3 and len(second.context["threads"]) == 2
    assert 'rel="next"' in first.content.decode()
    newest = Thread.objects.filter(company=owner.organisation).order_by("-created_at", "-pk")
    assert [t.pk for t in first.context["threads"]] == [t.pk for t in newest[:3]]
    # A page number that is not one shows the first or last page, never an error.
    assert owner.client.get("/account/berichten/?page=x").status_code == 200
    assert owner.client.get("/account/berichten/?page=99").context["threads"]
