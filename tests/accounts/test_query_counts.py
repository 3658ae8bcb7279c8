"""The signed-in pages ask the database a fixed number of queries whatever the data
size (DESIGN.md): each page is counted with a few rows and again with many, and the
two counts must be equal. A count that grows with the rows is an N+1 to fix with
select_related or prefetch_related in the page's selector, not a bound to raise."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samenwerkt.accounts.models import AuditEvent, Membership, Organisation, SchoolLink
from samenwerkt.handbook.models import CollaborationForm, Institution, Province, SchoolProfile
from samenwerkt.messaging.models import Message, Thread
from tests.accounts.factories import UserFactory
from tests.html import parse
from tests.personas import (
    COMPANY_A_MEMBER,
    COMPANY_A_OWNER,
    PROGRAMME_OFFICE,
    SCHOOL_X_MEMBER,
)

pytestmark = pytest.mark.django_db

# No page here needs more, with few rows or many; the equal counts are the real test.
CEILING = 25


def queries(client: Client, url: str) -> int:
    client.get(url)  # the process has served it before (tests/queries.py)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def assert_flat(client: Client, url: str, grow: Callable[[], object]) -> None:
    """The page's count with the rows there are, then after ``grow`` adds many."""
    few = queries(client, url)
    grow()
    many = queries(client, url)
    assert many == few, f"{url}: {few} queries with a few rows, {many} with many"
    assert few <= CEILING, f"{url}: {few} queries"


def _province() -> Province:
    return Province.objects.order_by("pk").first()


def _companies(user, n: int) -> None:
    for i in range(n):
        company = Organisation.objects.create(
            name=f"Extra bedrijf {i}", kind="company", size="small", province=_province()
        )
        Membership.objects.create(organisation=company, user=user, role="member")


def _schools_without_threads(n: int):
    return Institution.objects.filter(threads__isnull=True).order_by("pk")[:n]


def _thread(company: Organisation, institution: Institution, started_by, school=None) -> Thread:
    return Thread.objects.create(
        company=company,
        institution=institution,
        school=school,
        route=Thread.Route.SCHOOL if school else Thread.Route.PROGRAMME_OFFICE,
        started_by=started_by,
        collaboration_form=CollaborationForm.objects.order_by("number").first(),
        level="MBO",
        offer="Twee stageplekken",
        when="Vanaf september",
    )


def _profile(institution: Institution, rows: int) -> SchoolProfile:
    profile, _made = SchoolProfile.objects.get_or_create(
        institution=institution,
        defaults={"published": True, "kept_by": "ICT-opleidingen", "contact_role_nl": "ICT"},
    )
    _profile_rows(profile, rows)
    return profile


def _profile_rows(profile: SchoolProfile, n: int) -> None:
    start = profile.programmes.count()
    for i in range(start, start + n):
        profile.locations.create(town=f"Plaats {i}", province=_province())
        profile.programmes.create(name_nl=f"Opleiding {i}", level="mbo4", code="25604")
        profile.periods.create(kind="projects", from_month=1 + i % 12, to_month=1 + i % 12)


def test_the_account_page_with_1_or_10_organisations_and_addresses(personas):
    owner = personas[COMPANY_A_OWNER]

    def grow():
        _companies(owner.user, 9)
        for i in range(9):
            EmailAddress.objects.create(user=owner.user, email=f"extra{i}@bitsbytes.nl")

    assert_flat(owner.client, "/account/", grow)


def test_an_organisations_members_page_with_2_or_12_members(personas):
    owner = personas[COMPANY_A_OWNER]  # owner: the page shows every member's buttons
    company = owner.organisation

    def grow():
        for i in range(10):
            role = "owner" if i % 3 == 0 else "member"
            Membership.objects.create(organisation=company, user=UserFactory(), role=role)

    assert_flat(owner.client, f"/account/organisaties/{company.pk}/", grow)


def test_a_school_teams_page_with_1_or_6_schools(personas):
    school = personas[SCHOOL_X_MEMBER]
    team = school.organisation

    def grow():
        for institution in Institution.objects.filter(school_links__isnull=True)[:5]:
            SchoolLink.objects.create(organisation=team, institution=institution)

    assert_flat(school.client, f"/account/organisaties/{team.pk}/", grow)


def test_the_organisation_list_with_1_or_5_organisations(personas):
    member = personas[COMPANY_A_MEMBER]
    assert_flat(member.client, "/account/organisaties/", lambda: _companies(member.user, 4))


def test_the_messages_list_with_1_or_10_threads(personas):
    owner = personas[COMPANY_A_OWNER]
    team = personas[SCHOOL_X_MEMBER].organisation
    schools = list(_schools_without_threads(10))
    _thread(owner.organisation, schools[0], owner.user, school=team)

    def grow():
        for i, institution in enumerate(schools[1:]):
            _thread(owner.organisation, institution, owner.user, school=team if i % 2 else None)

    assert_flat(owner.client, "/account/berichten/", grow)


def test_the_school_teams_messages_list_with_1_or_10_threads(personas):
    owner = personas[COMPANY_A_OWNER]
    school = personas[SCHOOL_X_MEMBER]
    institution = school.extra["school_link"].institution
    _thread(owner.organisation, institution, owner.user, school=school.organisation)

    def grow():
        for i in range(9):
            company = Organisation.objects.create(
                name=f"Bedrijf {i}", kind="company", size="small", province=_province()
            )
            _thread(company, institution, UserFactory(), school=school.organisation)

    assert_flat(school.client, "/account/berichten/", grow)


def test_a_thread_with_1_or_10_messages(personas):
    owner = personas[COMPANY_A_OWNER]
    school = personas[SCHOOL_X_MEMBER]
    thread = _thread(
        owner.organisation,
        school.extra["school_link"].institution,
        owner.user,
        school=school.organisation,
    )
    Message.objects.create(thread=thread, author=owner.user, side="company", body="Hallo")

    def grow():
        for i in range(9):
            author, side = (school.user, "school") if i % 2 == 0 else (UserFactory(), "company")
            Message.objects.create(thread=thread, author=author, side=side, body=f"Bericht {i}")

    for persona in (owner, school):
        assert_flat(persona.client, f"/account/berichten/{thread.pk}/", lambda: None)
    assert_flat(owner.client, f"/account/berichten/{thread.pk}/", grow)


def test_the_security_log_with_1_or_30_events(personas):
    owner = personas[COMPANY_A_OWNER]
    AuditEvent.objects.filter(user=owner.user).delete()
    AuditEvent.objects.create(user=owner.user, actor=owner.user, kind="signed_in", ip="192.0.2.1")

    def grow():
        kinds = ["signed_in", "role_changed", "invitation_accepted"]
        for i in range(29):
            # Someone else did some of it (an owner changing one's role): the page names
            # them; some events name the organisation.
            actor = owner.user if i % 2 else UserFactory()
            AuditEvent.objects.create(
                user=owner.user,
                actor=actor,
                organisation=owner.organisation if i % 3 else None,
                kind=kinds[i % 3],
                ip="192.0.2.1",
            )

    assert_flat(owner.client, "/account/beveiliging/", grow)
    # Compared by id, not by loading each event's account: others are still named.
    page = parse(owner.client.get("/account/beveiliging/")).text_content()
    others = AuditEvent.objects.filter(user=owner.user).exclude(actor=owner.user)
    assert others.count() == 15
    assert all(event.actor.email in page for event in others)
    assert page.count(owner.user.email) == 0


def test_the_programme_office_queue_with_1_or_10_pending_links(personas):
    office = personas[PROGRAMME_OFFICE]
    assert SchoolLink.objects.filter(status="pending").count() == 1

    def grow():
        taken = SchoolLink.objects.values("institution")
        for i, institution in enumerate(Institution.objects.exclude(pk__in=taken)[:9]):
            team = Organisation.objects.create(name=f"Schoolteam {i}", kind="education")
            SchoolLink.objects.create(
                organisation=team, institution=institution, requested_by=UserFactory()
            )

    assert_flat(office.client, "/account/programmabureau/scholen/", grow)


def test_a_schools_profile_edit_page_with_1_or_5_rows(personas):
    school = personas[SCHOOL_X_MEMBER]
    institution = school.extra["school_link"].institution
    profile = _profile(institution, 1)
    url = f"/account/scholen/{institution.slug}/profiel/"
    assert_flat(school.client, url, lambda: _profile_rows(profile, 4))


def test_the_public_school_page_with_a_profile_of_1_or_5_programmes(personas):
    institution = personas[SCHOOL_X_MEMBER].extra["school_link"].institution
    profile = _profile(institution, 1)
    url = f"/onderwijsinstellingen/{institution.slug}/"
    assert_flat(Client(), url, lambda: _profile_rows(profile, 4))
    # A signed-in visitor sees the same page.
    assert_flat(personas[COMPANY_A_OWNER].client, url, lambda: _profile_rows(profile, 1))


def test_location_rows_sharing_their_menu_still_show_their_own_province(personas):
    # The edit page reads the provinces once for every row (core/formsets.py); each
    # row must still show its own province chosen, and an empty row none.
    school = personas[SCHOOL_X_MEMBER]
    institution = school.extra["school_link"].institution
    profile = _profile(institution, 0)
    first, second = Province.objects.order_by("pk")[:2]
    profile.locations.create(town="Almelo", province=first)  # rows in town order
    profile.locations.create(town="Zwolle", province=second)
    page = school.client.get(f"/account/scholen/{institution.slug}/profiel/").content.decode()
    for index, province in enumerate((first, second)):
        select = page.split(f'name="locations-{index}-province"', 1)[1].split("</select>", 1)[0]
        assert f'<option value="{province.pk}" selected>' in select
        assert select.count(" selected>") == 1
    empty = page.split('name="locations-2-province"', 1)[1].split("</select>", 1)[0]
    assert " selected>" not in empty.replace('<option value="" selected>', "")
