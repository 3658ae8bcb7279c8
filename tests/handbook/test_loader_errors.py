"""The loader's checks of the YAML: typed models, cross-references, and messages that
name the file, the item and the field of every problem, all reported together.

Most tests parse only (no database); those that load check that nothing is written."""

import copy
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from samenwerkt.handbook import loader
from samenwerkt.handbook.loader import HandbookDataError, load_handbook, parse_handbook, read_data
from samenwerkt.handbook.models import Institution
from tests.handbook.test_loader import counts, example_data, form_data, snapshot

SHIPPED = read_data()


@pytest.fixture
def data():
    return copy.deepcopy(SHIPPED)


def problems(data) -> list[str]:
    with pytest.raises(HandbookDataError) as exc:
        parse_handbook(data)
    return exc.value.problems


def test_the_shipped_yaml_parses():
    handbook = parse_handbook(SHIPPED)
    assert len(handbook.examples.examples) == 16
    assert len(handbook.listed_institutions) == 57
    assert handbook.listed_institutions["VISTA College"].note.nl.startswith("fusie")


# -- one message per kind of problem -----------------------------------------------------


def test_a_wrong_type(data):
    form_data(data, 4)["effort"] = "3"  # a string, even of a digit, is not a number
    assert problems(data) == ["forms.yaml: forms[4].effort: expected a whole number, got '3'"]


def test_a_bool_is_not_a_star(data):
    form_data(data, 4)["outcomes"]["A"] = True
    assert problems(data) == ["forms.yaml: forms[4].outcomes.A: expected a whole number, got True"]


def test_a_star_out_of_range(data):
    form_data(data, 6)["outcomes"]["D"] = 6
    assert problems(data) == ["forms.yaml: forms[6].outcomes.D: must be 1 to 5 stars, got 6"]


def test_an_unknown_key(data):
    example = example_data(data, "sig-stage-afstudeeropdrachten")
    example["organisations"] = example.pop("organisation_names")  # the key's old name
    assert problems(data) == [
        "examples.yaml: examples[sig-stage-afstudeeropdrachten].organisations: "
        "unknown key (misspelt, or not used by the loader)"
    ]


def test_an_unknown_cross_reference(data):
    example_data(data, "sig-stage-afstudeeropdrachten")["form"] = 9
    assert problems(data) == [
        "examples.yaml: examples[sig-stage-afstudeeropdrachten].form: "
        "unknown form 9 (forms.yaml has 1, 2, 3, 4, 5, 6, 7, 8)"
    ]


def test_an_institution_the_appendix_does_not_list(data):
    example_data(data, "acer-in-house-opleiding")["institutions"] = ["ICT College Nieuwegein"]
    [problem] = problems(data)
    assert problem.startswith(
        "examples.yaml: examples[acer-in-house-opleiding].institutions: "
        "unknown institution 'ICT College Nieuwegein'"
    )
    assert "other_institutions" in problem


def facts_of(data, name: str) -> dict:
    return next(f for f in data["institutions"]["institutions"] if f["name"] == name)


def test_a_listed_school_without_researched_facts(data):
    data["institutions"]["institutions"].remove(facts_of(data, "Noorderpoort"))
    assert problems(data) == [
        "institutions.yaml: institutions: no entry for 'Noorderpoort', which the appendix "
        "lists: add its towns and source"
    ]


def test_an_unknown_province_in_the_facts(data):
    facts_of(data, "Noorderpoort")["provinces"] = ["groningen", "friesland-noord"]
    [problem] = problems(data)
    assert problem.startswith(
        "institutions.yaml: institutions[Noorderpoort].provinces[#2]: "
        "unknown province 'friesland-noord' (regions.yaml has noord-holland"
    )


def test_facts_without_a_town_or_with_a_bad_website(data):
    facts_of(data, "Noorderpoort")["towns"] = []
    facts_of(data, "Landstede")["website"] = "landstede.nl"
    found = problems(data)
    assert len(found) == 2
    assert found[0].startswith("institutions.yaml: institutions[Noorderpoort].towns: ")
    assert found[1] == (
        "institutions.yaml: institutions[Landstede].website: "
        "expected an http(s) URL, got 'landstede.nl'"
    )


def test_a_missing_dutch_text(data):
    del data["tips"]["tips"][2]["points"][0]["title"]["nl"]
    assert problems(data) == ["tips.yaml: tips[3].points[#1].title.nl: the Dutch text is missing"]


def test_an_empty_dutch_text(data):
    data["reasons"]["reasons"][1]["summary"]["nl"] = "   "
    assert problems(data) == ["reasons.yaml: reasons[B].summary.nl: the Dutch text is empty"]


def test_english_may_be_left_out(data):
    del form_data(data, 2)["name"]["en"]
    assert parse_handbook(data).forms.forms[1].name.en == ""


def test_an_item_without_its_key_is_named_by_position(data):
    del data["reasons"]["reasons"][2]["code"]
    assert problems(data) == ["reasons.yaml: reasons[#3].code: missing"]


def test_a_duplicate_natural_key(data):
    data["examples"]["examples"][3]["slug"] = data["examples"]["examples"][0]["slug"]
    assert problems(data) == [
        "examples.yaml: examples[hbo-ict-banenmarkt-utrecht].slug: "
        "'hbo-ict-banenmarkt-utrecht' is used twice (first by item #1)"
    ]


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (
            lambda d: d["meta"]["links"][0].update(url="netwerk.wijzijnkatapult.nl"),
            "meta.yaml: links[network].url: expected an http(s) or mailto: URL",
        ),
        (
            lambda d: d["reasons"]["reasons"][0].update(slug="Personeels Tekort"),
            "reasons.yaml: reasons[A].slug: expected a slug",
        ),
        (
            lambda d: example_data(d, "acer-in-house-opleiding")["figures"][0].update(value_max=1),
            "examples.yaml: examples[acer-in-house-opleiding].figures[#1].value_max: "
            "must not be less than value",
        ),
        (
            lambda d: d["regions"]["regions"][1]["hbo"].append("ROC Flevoland"),
            "regions.yaml: regions[noord].hbo[ROC Flevoland]: listed as MBO in noord-west",
        ),
        (
            lambda d: d["steps"]["steps"][0]["actions"][0]["hints"][0].update(chapter="9"),
            "steps.yaml: steps[1].actions[1].hints[#1].chapter: unknown chapter '9'",
        ),
        (
            lambda d: d["steps"]["steps"][0]["actions"][0]["hints"][0].update(page="home"),
            "steps.yaml: steps[1].actions[1].hints[#1].page: expected 'reasons'",
        ),
        (
            lambda d: d["meta"]["survey"].update(average_grade=7.45),
            "meta.yaml: survey.average_grade: at most 1 decimals, got 7.45",
        ),
        (
            lambda d: d["meta"]["edition"].update(year=2016),
            "meta.yaml: edition.latest_year_mentioned: must not be after the year of "
            "publication (2016), got 2018",
        ),
        (
            lambda d: d["meta"]["edition"].update(year="2019"),
            "meta.yaml: edition.year: ",
        ),
    ],
    ids=["url", "slug", "range", "level", "chapter", "page", "grade", "edition", "year-text"],
)
def test_more_checks(data, spoil, expected):
    spoil(data)
    [problem] = problems(data)
    assert problem.startswith(expected)


@given(
    effort=st.one_of(
        st.integers(-10, 20), st.booleans(), st.floats(), st.text(max_size=3), st.none()
    )
)
def test_effort_is_a_whole_number_of_stars(effort):
    # Strict: exactly the ints 1..5 pass; a bool, a float (even 3.0) or a string never.
    data = copy.deepcopy(SHIPPED)
    form_data(data, 3)["effort"] = effort
    valid = type(effort) is int and 1 <= effort <= 5
    try:
        parsed = parse_handbook(data)
    except HandbookDataError as exc:
        assert not valid
        [problem] = exc.problems
        assert problem.startswith("forms.yaml: forms[3].effort: ")
    else:
        assert valid
        assert parsed.forms.forms[2].effort == effort


# -- all together, nothing written -------------------------------------------------------


def spoil_three_files(data):
    form_data(data, 4)["effort"] = 7
    form_data(data, 5)["sumary"] = {"nl": "typo"}
    example_data(data, "acer-in-house-opleiding")["reasons"] = ["A", "E"]
    data["tips"]["tips"][0]["title"] = {"en": "Only English"}


def test_several_problems_are_reported_together(data):
    spoil_three_files(data)
    with pytest.raises(HandbookDataError) as exc:
        parse_handbook(data)
    assert exc.value.problems == [
        "tips.yaml: tips[1].title.nl: the Dutch text is missing",
        "forms.yaml: forms[4].effort: must be 1 to 5 stars, got 7",
        "forms.yaml: forms[5].sumary: unknown key (misspelt, or not used by the loader)",
        "examples.yaml: examples[acer-in-house-opleiding].reasons[#2]: "
        "expected 'A', 'B', 'C' or 'D', got 'E'",
    ]
    assert str(exc.value).splitlines()[0] == "4 problems"
    assert str(exc.value).splitlines()[1:] == [f"  {p}" for p in exc.value.problems]


@pytest.mark.django_db
def test_nothing_is_written_when_the_yaml_is_invalid(data):
    # Valid changes and removals alongside the problems: none of them may land.
    form_data(data, 1)["name"]["nl"] = "Gewijzigd"
    data["examples"]["examples"].pop()
    data["regions"]["regions"][0]["hbo"].pop()
    spoil_three_files(data)
    before_counts, before = counts(), snapshot()
    with pytest.raises(HandbookDataError):
        load_handbook(data=data)
    assert counts() == before_counts
    assert snapshot() == before


@pytest.mark.django_db
def test_a_clash_with_a_kept_row_is_reported_not_crashed(data):
    # Staff edited NHTV; the YAML renames it to a name with the same slug. The kept row
    # holds the slug, so the load stops, rolled back, and says what to do.
    Institution.objects.filter(name="NHTV").update(edited_in_admin=True)
    for region in data["regions"]["regions"]:
        region["hbo"] = ["Nhtv" if n == "NHTV" else n for n in region["hbo"]]
    for facts in data["institutions"]["institutions"]:
        facts["name"] = "Nhtv" if facts["name"] == "NHTV" else facts["name"]
    before = snapshot()
    with pytest.raises(HandbookDataError, match="--overwrite-edits"):
        load_handbook(data=data)
    assert snapshot() == before


@pytest.mark.django_db
def test_the_command_prints_every_problem_and_fails(monkeypatch, data):
    spoil_three_files(data)
    monkeypatch.setattr(loader, "read_data", lambda: data)
    before = counts()
    with pytest.raises(CommandError) as exc:
        call_command("load_handbook", stdout=StringIO())
    lines = str(exc.value).splitlines()
    assert lines[0] == "handbook data: 4 problems"
    assert "  forms.yaml: forms[4].effort: must be 1 to 5 stars, got 7" in lines
    assert counts() == before
