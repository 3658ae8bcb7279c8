"""The loader removes what the YAML removed, and keeps what staff edited in the admin.

Like test_loader.py, every test works on a modified copy of the shipped YAML against
the loaded handbook; each test's changes are rolled back."""

import copy
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenwerkt.handbook.loader import load_handbook, read_data
from samenwerkt.handbook.models import (
    CollaborationForm,
    Example,
    ExampleFigure,
    ExternalLink,
    Institution,
    Listing,
    Province,
    Region,
    StepAction,
    StepHint,
    Tip,
    TipPoint,
)
from tests.handbook.factories import ExampleFactory, InstitutionFactory, ListingFactory
from tests.handbook.test_loader import counts, example_data, plural, snapshot

pytestmark = pytest.mark.django_db

SHIPPED = read_data()


@pytest.fixture
def data():
    return copy.deepcopy(SHIPPED)


def region_data(data, slug: str) -> dict:
    return next(r for r in data["regions"]["regions"] if r["slug"] == slug)


def drop_example(data, slug: str) -> None:
    data["examples"]["examples"] = [e for e in data["examples"]["examples"] if e["slug"] != slug]


def rename_institution(data, old: str, new: str) -> None:
    for region in data["regions"]["regions"]:
        for level in ("mbo", "hbo"):
            region[level] = [new if entry == old else entry for entry in region.get(level, [])]
    for example in data["examples"]["examples"]:
        example["institutions"] = [new if n == old else n for n in example["institutions"]]
    for facts in data["institutions"]["institutions"]:
        if facts["name"] == old:
            facts["name"] = new


def forget_provinces(data, slugs: set[str]) -> None:
    """Take provinces regions.yaml no longer has out of the institutions' facts."""
    for facts in data["institutions"]["institutions"]:
        facts["provinces"] = [p for p in facts["provinces"] if p not in slugs] or ["utrecht"]


def names_in(region_slug: str) -> list[str]:
    region = Region.objects.get(slug=region_slug)
    return list(region.listings.values_list("institution__name", flat=True))


# -- what the YAML removed goes --------------------------------------------------------


def test_a_removed_example_disappears_with_its_figures(data):
    slug = "make-it-work-omscholing-hva"
    figures = ExampleFigure.objects.filter(example__slug=slug).count()
    assert figures > 0
    drop_example(data, slug)
    report = load_handbook(data=data)
    assert not Example.objects.filter(slug=slug).exists()
    assert Example.objects.count() == 15
    assert report.removed == {plural(Example): 1, plural(ExampleFigure): figures}
    assert f" removed    1 {plural(Example)}" in report.lines()


def test_a_removed_institution_disappears_with_its_listings(data):
    hbo = region_data(data, "zuid-west")["hbo"]
    hbo.remove("NHTV")
    report = load_handbook(data=data)
    assert not Institution.objects.filter(name="NHTV").exists()
    assert "NHTV" not in names_in("zuid-west")
    assert (Institution.objects.count(), Listing.objects.count()) == (56, 58)
    assert report.removed == {plural(Institution): 1, plural(Listing): 1}


def test_a_renamed_institution_is_listed_once(data):
    # Named by two examples: the rename in regions.yaml and examples.yaml reaches both.
    old, new = "Hogeschool Utrecht", "Hogeschool Utrecht (HU)"
    rename_institution(data, old, new)
    load_handbook(data=data)
    assert not Institution.objects.filter(name=old).exists()
    assert Institution.objects.filter(name=new).count() == 1
    assert names_in("noord-west").count(new) == 1
    assert old not in names_in("noord-west")
    assert Institution.objects.count() == 57
    assert Listing.objects.count() == 59
    example = Example.objects.get(slug="duale-opleiding-cloud-engineering-hu")
    assert list(example.institutions.values_list("name", flat=True)) == [new]
    assert list(example.regions.values_list("slug", flat=True)) == ["noord-west"]
    assert load_handbook(data=data).changed is False


def test_a_removed_region_disappears_with_its_provinces_and_its_own_schools(data):
    noord = region_data(data, "noord")
    schools = set(noord["mbo"]) | set(noord["hbo"])
    data["regions"]["regions"].remove(noord)
    forget_provinces(data, {p["slug"] for p in noord["provinces"]})
    for example in data["examples"]["examples"]:
        example["institutions"] = [n for n in example["institutions"] if n not in schools]
        example["regions"] = [s for s in example["regions"] if s != "noord"]
    report = load_handbook(data=data)
    assert not Region.objects.filter(slug="noord").exists()
    assert not Province.objects.filter(slug__in=["friesland", "groningen", "drenthe"]).exists()
    assert not Institution.objects.filter(name__in=schools).exists()
    assert report.removed[plural(Region)] == 1
    assert report.removed[plural(Province)] == 3
    assert report.removed[plural(Institution)] == len(schools)
    example = Example.objects.get(slug="werkplaats-digitaal-vakmanschap-noorderpoort")
    assert not example.regions.filter(slug="noord").exists()


def test_a_removed_tip_disappears_from_its_forms(data):
    data["tips"]["tips"] = [t for t in data["tips"]["tips"] if t["number"] != 5]
    for form in data["forms"]["forms"]:
        form["tips"] = [n for n in form["tips"] if n != 5]
    points = TipPoint.objects.filter(tip__number=5).count()
    report = load_handbook(data=data)
    assert not Tip.objects.filter(number=5).exists()
    assert not CollaborationForm.objects.filter(tips__number=5).exists()
    assert report.removed == {plural(Tip): 1, plural(TipPoint): points}


def test_a_removed_step_action_goes_with_its_hints(data):
    hints = StepHint.objects.filter(action__step__number=1, action__number=3).count()
    assert hints == 2
    actions = data["steps"]["steps"][0]["actions"]
    data["steps"]["steps"][0]["actions"] = actions[:2]
    report = load_handbook(data=data)
    assert not StepAction.objects.filter(step__number=1, number=3).exists()
    assert report.removed == {plural(StepAction): 1, plural(StepHint): hints}


def test_a_removed_figure_is_counted(data):
    example_data(data, "hbo-ict-banenmarkt-utrecht")["figures"].pop()
    report = load_handbook(data=data)
    assert ExampleFigure.objects.filter(example__slug="hbo-ict-banenmarkt-utrecht").count() == 1
    assert report.removed == {plural(ExampleFigure): 1}
    assert report.changed is True


def test_a_removed_form_goes_after_its_examples(data):
    # An example's form is a PROTECT key: the examples must go first.
    data["forms"]["forms"] = [f for f in data["forms"]["forms"] if f["number"] != 8]
    for slug in [e["slug"] for e in data["examples"]["examples"] if e["form"] == 8]:
        drop_example(data, slug)
    report = load_handbook(data=data)
    assert list(CollaborationForm.objects.values_list("number", flat=True)) == list(range(1, 8))
    assert report.removed[plural(CollaborationForm)] == 1
    assert report.removed[plural(Example)] == 2


def test_a_removed_link_disappears(data):
    data["meta"]["links"] = [link for link in data["meta"]["links"] if link["key"] != "contact"]
    load_handbook(data=data)
    assert not ExternalLink.objects.filter(key="contact").exists()


def test_a_row_added_outside_the_admin_is_removed():
    # Only the admin marks rows as staff's; anything else the YAML lacks is stale.
    ExampleFactory(slug="niet-in-de-yaml")
    report = load_handbook()
    assert not Example.objects.filter(slug="niet-in-de-yaml").exists()
    assert report.removed == {plural(Example): 1}


# -- what staff edited stays -------------------------------------------------------------


def test_an_edited_institution_the_yaml_dropped_is_kept_and_still_listed(data):
    Institution.objects.filter(name="NHTV").update(edited_in_admin=True)
    region_data(data, "zuid-west")["hbo"].remove("NHTV")
    report = load_handbook(data=data)
    assert Institution.objects.filter(name="NHTV").exists()
    assert "NHTV" in names_in("zuid-west")
    assert report.kept == {plural(Institution): 1}
    assert report.removed == {}
    assert f"    kept    1 {plural(Institution)} (edited in admin)" in report.lines()

    report = load_handbook(data=data, overwrite_edits=True)
    assert not Institution.objects.filter(name="NHTV").exists()
    assert report.removed == {plural(Institution): 1, plural(Listing): 1}


def test_an_edited_example_the_yaml_dropped_is_kept(data):
    Example.objects.filter(slug="acer-in-house-opleiding").update(edited_in_admin=True)
    drop_example(data, "acer-in-house-opleiding")
    assert load_handbook(data=data).kept == {plural(Example): 1}
    assert Example.objects.filter(slug="acer-in-house-opleiding").exists()
    load_handbook(data=data, overwrite_edits=True)
    assert not Example.objects.filter(slug="acer-in-house-opleiding").exists()


def test_rows_staff_added_in_the_admin_stay(data):
    # The admin marks every save edited_in_admin, so also what staff create there.
    school = InstitutionFactory(name="Nieuwe School", edited_in_admin=True)
    ListingFactory(institution=school, region=Region.objects.get(slug="oost"))
    example = ExampleFactory(edited_in_admin=True)
    example.institutions.add(school)
    before = counts()
    report = load_handbook(data=data)
    assert counts() == before
    assert "Nieuwe School" in names_in("oost")
    assert report.kept == {plural(Institution): 1, plural(Example): 1}
    assert report.changed is False


def test_a_form_still_used_by_a_kept_example_is_kept(data):
    # The YAML drops form 8 and its examples, but staff edited one of them: the form
    # stays for it instead of failing the load on the PROTECT key.
    Example.objects.filter(slug="infosupport-net-en-java-minor").update(edited_in_admin=True)
    data["forms"]["forms"] = [f for f in data["forms"]["forms"] if f["number"] != 8]
    for slug in [e["slug"] for e in data["examples"]["examples"] if e["form"] == 8]:
        drop_example(data, slug)
    report = load_handbook(data=data)
    assert CollaborationForm.objects.filter(number=8).exists()
    assert report.in_use == {plural(CollaborationForm): 1}
    assert report.kept == {plural(Example): 1}
    assert f"    kept    1 {plural(CollaborationForm)} (dropped from the YAML, still in use)" in (
        report.lines()
    )


def test_an_edited_region_keeps_its_provinces_and_listings(data):
    Region.objects.filter(slug="oost").update(edited_in_admin=True)
    oost = region_data(data, "oost")
    oost["provinces"] = oost["provinces"][:1]
    forget_provinces(data, {"gelderland"})
    oost["mbo"].remove("Hoornbeeck College")  # still listed elsewhere, so still in the YAML
    before = names_in("oost")
    report = load_handbook(data=data)
    assert Province.objects.filter(region__slug="oost").count() == 2
    assert names_in("oost") == before
    assert report.kept == {plural(Region): 1}


# -- twice is once ---------------------------------------------------------------------


def test_a_removal_is_done_once(data):
    drop_example(data, "sig-stage-afstudeeropdrachten")
    region_data(data, "zuid-west")["hbo"].remove("NHTV")
    assert load_handbook(data=data).removed
    after = snapshot()
    report = load_handbook(data=data)
    assert report.changed is False
    assert report.lines() == ["nothing to change"]
    assert snapshot() == after


def test_the_full_yaml_brings_removed_rows_back(data):
    drop_example(data, "sig-stage-afstudeeropdrachten")
    load_handbook(data=data)
    report = load_handbook()
    assert report.created == {plural(Example): 1}
    assert Example.objects.count() == 16


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(keep=st.sets(st.sampled_from([e["slug"] for e in SHIPPED["examples"]["examples"]])))
def test_any_subset_of_examples_loads_to_exactly_that_subset(keep):
    # Whatever the YAML keeps, the table ends up holding just that, and the next load
    # of the same YAML changes nothing; the full YAML then restores all sixteen.
    data = copy.deepcopy(SHIPPED)
    data["examples"]["examples"] = [e for e in data["examples"]["examples"] if e["slug"] in keep]
    load_handbook(data=data)
    assert set(Example.objects.values_list("slug", flat=True)) == keep
    assert load_handbook(data=data).changed is False
    load_handbook()
    assert Example.objects.count() == 16


# -- the command -------------------------------------------------------------------------


def test_command_reports_removed_rows():
    ExampleFactory()
    out = StringIO()
    call_command("load_handbook", stdout=out)
    assert out.getvalue().splitlines() == [f" removed    1 {plural(Example)}"]
