"""School profiles: a school team prepares its school's profile as a draft, a verified
team shows it on the site, where the finder, the advice and the school's own page mark
it "kept by the school"; nobody else edits it."""

from __future__ import annotations

import pytest
from django.test import Client

from samenwerkt.handbook.models import CollaborationForm, Province, SchoolProfile
from tests.html import parse
from tests.personas import (
    COMPANY_A_OWNER,
    PROGRAMME_OFFICE,
    SCHOOL_X_MEMBER,
    STAFF,
    UNVERIFIED_SCHOOL_MEMBER,
)

pytestmark = pytest.mark.django_db


def profile_data(**changes) -> dict:
    overijssel = Province.objects.get(slug="overijssel")
    internship = CollaborationForm.objects.order_by("number").first()
    data = {
        "contact_role_nl": "opleidingsmanager ICT",
        "contact_role_en": "",
        "contact_email": "ict-bedrijven@deltion.nl",
        "contact_form_url": "",
        "person_name": "",
        "person_email": "",
        "looking_for": [str(internship.pk)],
        "topics_nl": "Cybersecurity en data",
        "topics_en": "",
        "publish": "on",
    }
    rows = {
        "locations": [{"town": "Zwolle", "province": str(overijssel.pk)}],
        "programmes": [
            {"name_nl": "Software developer", "name_en": "", "level": "mbo4", "code": "25604"}
        ],
        "periods": [{"kind": "internships", "from_month": "9", "to_month": "11"}],
    }
    for prefix, filled in rows.items():
        data[f"{prefix}-TOTAL_FORMS"] = "2"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "30"
        for index, row in enumerate(filled):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    data.update(changes)
    return data


def edit_url(persona) -> str:
    return f"/account/scholen/{persona.extra['school_link'].institution.slug}/profiel/"


def test_a_verified_team_publishes_and_the_finder_and_school_page_show_it(personas):
    school = personas[SCHOOL_X_MEMBER]
    response = school.client.post(edit_url(school), profile_data())
    assert response.status_code == 302, response.context and response.context["form"].errors
    profile = SchoolProfile.objects.get(institution=school.extra["school_link"].institution)
    assert profile.published and profile.kept_by == school.organisation.name
    assert [p.code for p in profile.programmes.all()] == ["25604"]
    finder = personas[COMPANY_A_OWNER].client.get("/onderwijsinstellingen/?q=Deltion")
    html = finder.content.decode()
    assert "Bijgehouden door de school, bijgewerkt op" in html
    slug = profile.institution.slug
    assert f'href="/onderwijsinstellingen/{slug}/"' in html
    page = personas[COMPANY_A_OWNER].client.get(f"/onderwijsinstellingen/{slug}/").content.decode()
    for shown in (
        "opleidingsmanager ICT",
        "ict-bedrijven@",
        "Software developer",
        "Zwolle",
        "25604",
        "september",
    ):
        assert shown in page, shown


def test_the_english_page_marks_dutch_text_as_dutch(personas):
    school = personas[SCHOOL_X_MEMBER]
    school.client.post(edit_url(school), profile_data())
    slug = school.extra["school_link"].institution.slug
    doc = parse(school.client.get(f"/en/onderwijsinstellingen/{slug}/").content.decode())
    (role,) = [dd for dd in doc.cssselect("dd[lang]") if "opleidingsmanager" in dd.text_content()]
    assert role.get("lang") == "nl"


def test_a_team_not_yet_verified_keeps_a_draft_that_nobody_sees(personas):
    school = personas[UNVERIFIED_SCHOOL_MEMBER]
    response = school.client.post(edit_url(school), profile_data())
    assert response.status_code == 302
    profile = SchoolProfile.objects.get(institution=school.extra["school_link"].institution)
    assert not profile.published  # the publish box was sent, but it is disabled
    slug = profile.institution.slug
    page = personas[COMPANY_A_OWNER].client.get(f"/onderwijsinstellingen/{slug}/").content.decode()
    assert "ict-bedrijven@" not in page
    assert "opleidingsmanager" in page  # the general advice, not the draft


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"person_email": "piet@deltion.nl"}, "person_consent", "toestemming"),
        ({"contact_email": ""}, "contact_email", "e-mailadres of een webformulier"),
        ({"contact_role_nl": "   "}, "contact_role_nl", "Zeg wie"),
        ({"programmes-0-code": "2560"}, "programmes-0-code", "5 cijfers"),
        ({"programmes-0-level": "hbo9"}, "programmes-0-level", "niveau"),
        ({"locations-0-province": "１"}, "locations-0-province", "provincie"),
    ],
)
def test_bad_profile_input_is_refused_next_to_the_field_and_nothing_saved(
    personas, changes, field, says
):
    school = personas[SCHOOL_X_MEMBER]
    response = school.client.post(edit_url(school), profile_data(**changes))
    assert response.status_code == 200
    doc = parse(response.content.decode())
    message = doc.cssselect(f'.error-message[id="id_{field}_error"]')
    assert message and says in message[0].text_content(), field
    assert doc.cssselect(f'.error-summary a[href="#id_{field}"]')
    assert not SchoolProfile.objects.exists()


@pytest.mark.parametrize(
    "who", [COMPANY_A_OWNER, PROGRAMME_OFFICE, STAFF, UNVERIFIED_SCHOOL_MEMBER]
)
def test_nobody_else_edits_the_schools_profile(personas, who):
    url = edit_url(personas[SCHOOL_X_MEMBER])
    client = personas[who].client
    assert client.get(url).status_code == 404
    assert client.post(url, profile_data()).status_code == 404
    assert not SchoolProfile.objects.exists()


def test_a_refused_team_edits_nothing(personas):
    school = personas[UNVERIFIED_SCHOOL_MEMBER]
    link = school.extra["school_link"]
    link.status = "refused"
    link.save()
    assert school.client.get(edit_url(school)).status_code == 404


def test_the_school_page_has_a_fixed_number_of_queries(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    school = personas[SCHOOL_X_MEMBER]
    school.client.post(edit_url(school), profile_data())
    slug = school.extra["school_link"].institution.slug

    def count() -> int:
        # A visitor not signed in, as the page cache would first serve it, with
        # nothing kept in memory from before.
        from django.core.cache import caches

        from samenwerkt.core import content_memo

        content_memo.clear()
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(f"/onderwijsinstellingen/{slug}/").status_code == 200
        return len(queries)

    before = count()
    profile = SchoolProfile.objects.get()
    province = Province.objects.first()
    for n in range(5):
        profile.locations.create(town=f"Plaats {n}", province=province)
        profile.programmes.create(name_nl=f"Opleiding {n}", level="mbo3")
        profile.periods.create(kind="projects", from_month=n + 1, to_month=n + 2)
    assert count() == before <= 10
