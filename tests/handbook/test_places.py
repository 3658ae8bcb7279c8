"""Reads of schools: the appendix's order on one index, a province's own schools first
across pages, and the copies (region position, level) that index relies on."""

import pytest
from django.core.paginator import Paginator
from django.db import connection

from samenwerkt.handbook import selectors
from samenwerkt.handbook.models import Institution, Listing, Region
from tests.handbook.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def names(rows) -> list[str]:
    return [row.name for row in rows]


def test_a_new_listing_copies_its_regions_position_and_its_schools_level():
    school = InstitutionFactory(level="HBO")
    region = Region.objects.get(slug="zuid-oost")
    listing = Listing.objects.create(region=region, institution=school, position=99)
    assert (listing.region_position, listing.level) == (region.position, "HBO")


def test_editing_a_region_or_a_school_keeps_the_copies_true():
    region = Region.objects.get(slug="noord")
    region.position = 42
    region.save()
    assert set(region.listings.values_list("region_position", flat=True)) == {42}
    school = Institution.objects.get(name="Noorderpoort")
    school.level = "HBO"
    school.save()
    assert set(school.listings.values_list("level", flat=True)) == {"HBO"}


def test_a_provinces_own_schools_come_first_on_every_page(much_data):
    everything = selectors.listings(selectors.InstitutionFilters(province="utrecht"))
    own = set(  # in the province and listed in its region (MBO Rijnland is under Zuid-West)
        Institution.objects.filter(
            provinces__slug="utrecht", listings__region__slug="noord-west"
        ).values_list("name", flat=True)
    )
    in_region = Listing.objects.filter(region__slug="noord-west").count()
    assert len(everything) == in_region > 200
    pages = Paginator(everything, 7)
    shown = [row for number in pages.page_range for row in pages.page(number).object_list]
    # Every listing once; the province's own first (flagged), then the rest.
    assert len(shown) == in_region
    assert len({(row.name, row.region_id) for row in shown}) == in_region
    flags = [row.in_province for row in shown]
    assert flags == sorted(flags, reverse=True)
    assert {row.name for row in shown if row.in_province} == own
    assert {"Hogeschool Utrecht", "MBO Utrecht"} <= own
    # Each part keeps the appendix's order: by level, then position.
    rest = [row for row in shown if not row.in_province]
    assert [row.level for row in rest] == sorted(row.level for row in rest)


def test_an_unknown_place_lists_nothing():
    assert list(selectors.listings(selectors.InstitutionFilters(region="atlantis"))) == []
    assert len(selectors.listings(selectors.InstitutionFilters(province="atlantis"))) == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_a_regions_page_of_schools_is_read_in_order_from_the_index(much_data):
    filters = selectors.InstitutionFilters(region="noord-west", level="MBO")
    sql, params = selectors.listings(filters)[:100].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "listing_order" in plan
    assert "TEMP B-TREE" not in plan, plan


def test_schools_near_a_place_are_kept_per_language(django_assert_num_queries):
    from django.utils import translation

    place = selectors.InstitutionFilters(region="oost")
    with translation.override("nl"):
        dutch = selectors.schools_near(place)
    with translation.override("en"):
        english = selectors.schools_near(place)
        with django_assert_num_queries(1):  # kept: only the content version is read
            assert selectors.schools_near(place) == english
    assert {row.region_name for row in dutch} == {"Oost"}
    assert {row.region_name for row in english} == {"East"}
    assert [row.name for row in dutch] == [row.name for row in english]
