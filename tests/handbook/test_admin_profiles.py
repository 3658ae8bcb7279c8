"""The admin's school profiles: staff read and correct a school's profile (its
locations, programmes and periods inline), search it by school, and each page asks
the database a fixed number of queries however many profiles or rows there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samenwerkt.handbook.models import Institution, Province, SchoolProfile
from tests.accounts.factories import StaffFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/beheer/handbook/schoolprofile/"


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(StaffFactory())  # with two-factor on, as staff must have it
    return client


def profiles(n: int) -> list[SchoolProfile]:
    """Profiles for the first ``n`` schools without one, each with a location."""
    province = Province.objects.order_by("pk").first()
    made = []
    for institution in Institution.objects.filter(profile__isnull=True).order_by("pk")[:n]:
        profile = SchoolProfile.objects.create(
            institution=institution, published=True, kept_by=f"Team ICT {institution.name}"
        )
        profile.locations.create(town="Zwolle", province=province)
        made.append(profile)
    return made


def grow(profile: SchoolProfile, n: int) -> None:
    province = Province.objects.order_by("pk").first()
    for i in range(n):
        profile.locations.create(town=f"Plaats {i}", province=province)
        profile.programmes.create(name_nl=f"Opleiding {i}", level="mbo4", code="25604")
        profile.periods.create(kind="projects", from_month=i + 1, to_month=i + 2)


def queries(client: Client, url: str) -> int:
    client.get(url)  # the process has served it before
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_staff_see_the_profiles_with_their_school_and_keeper(staff):
    (profile,) = profiles(1)
    page = staff.get(CHANGELIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert profile.institution.name in text and profile.kept_by in text


def test_staff_find_a_profile_by_the_schools_name(staff):
    first, second = profiles(2)
    text = staff.get(CHANGELIST, {"q": first.institution.name}).content.decode()
    assert first.kept_by in text and second.kept_by not in text


def test_the_change_page_shows_the_rows_inline(staff):
    (profile,) = profiles(1)
    grow(profile, 2)
    page = staff.get(f"{CHANGELIST}{profile.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Plaats 1" in text and "Opleiding 1" in text
    assert 'name="periods-TOTAL_FORMS"' in text


def test_staff_unpublish_a_profile_without_touching_the_schools_stamp(staff):
    (profile,) = profiles(1)
    location = profile.locations.get()
    stamp = profile.updated_at
    data = {
        "institution": str(profile.institution.pk),
        "contact_role_nl": "",
        "contact_role_en": "",
        "contact_email": "",
        "contact_form_url": "",
        "person_name": "",
        "person_email": "",
        "topics_nl": "",
        "topics_en": "",
        "locations-TOTAL_FORMS": "1",
        "locations-INITIAL_FORMS": "1",
        "locations-0-id": str(location.pk),
        "locations-0-profile": str(profile.pk),
        "locations-0-town": "Zwolle",
        "locations-0-province": str(location.province_id),
        "programmes-TOTAL_FORMS": "0",
        "programmes-INITIAL_FORMS": "0",
        "periods-TOTAL_FORMS": "0",
        "periods-INITIAL_FORMS": "0",
        "_save": "Opslaan",
    }
    response = staff.post(f"{CHANGELIST}{profile.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert not profile.published  # the box was left unticked
    assert profile.updated_at == stamp and profile.kept_by.startswith("Team ICT")


def test_the_list_asks_the_same_number_of_queries_for_1_or_10_profiles(staff):
    profiles(1)
    one = queries(staff, CHANGELIST)
    profiles(9)
    assert SchoolProfile.objects.count() == 10
    assert queries(staff, CHANGELIST) == one


def test_the_change_page_asks_the_same_number_of_queries_for_1_or_5_rows(staff):
    (profile,) = profiles(1)
    url = f"{CHANGELIST}{profile.pk}/change/"
    one = queries(staff, url)
    grow(profile, 4)
    assert queries(staff, url) == one
