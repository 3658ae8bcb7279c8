"""The handbook's facts as loaded into the database, checked against the handbook.

The expected values below are copied from the handbook text
(/work/shared/handbook/samen-werkt-handboek.txt), not from the YAML, so a typo in
the data shows up here."""

from decimal import Decimal

import pytest
from django.apps import apps

from samenwerkt.handbook.models import (
    CollaborationForm,
    Edition,
    Example,
    ExampleFigure,
    ExternalLink,
    Institution,
    Listing,
    Outcome,
    Province,
    Reason,
    Region,
    Step,
    StepAction,
    Tip,
)
from tests.handbook_facts import STARS

pytestmark = pytest.mark.django_db


# The appendix, per Techniekpact region, in the handbook's order.
APPENDIX = {
    "Noord-West": {
        "MBO": [
            "ROC Flevoland",
            "Hoornbeeck College",
            "ROC Horizon College",
            "ROC Nova College",
            "Regio College",
            "ROC Kop v Noord-Holland",
            "MBO Utrecht",
            "ROC Midden Nederland",
            "ROC van Amsterdam",
            "ROC Onderwijsgroep A12",
            "Grafisch Lyceum Utrecht",
            "Mediacollege Amsterdam",
        ],
        "HBO": ["Hogeschool van Amsterdam", "Hogeschool Inholland", "Hogeschool Utrecht"],
    },
    "Noord": {
        "MBO": [
            "ROC Drenthe college",
            "ROC Friesland College",
            "Noorderpoort",
            "ROC Alfa-college",
            "ROC Friese Poort",
        ],
        "HBO": ["Hanzehogeschool Groningen", "NHL Stenden"],
    },
    "Oost": {
        "MBO": [
            "ROC van Twente",
            "Rijn IJssel",
            "Landstede",
            "ROC Deltion College",
            "ROC Onderwijsgroep A12 / Technova",
            "ROC Nijmegen",
            "Aventus",
            "ROC Graafschap College",
            "Hoornbeeck College",
        ],
        "HBO": [
            "Christelijke Hogeschool Windesheim",
            "Saxion Hogescholen",
            "Christelijke Hogeschool Ede",
            "Hogeschool van Arnhem en Nijmegen",
        ],
    },
    "Zuid-Oost": {
        "MBO": [
            "VISTA College",
            "ROC Gilde Opleidingen",
            "ROC de Leijgraaf",
            "Summa College",
            "ROC Ter AA",
            "Koning Willem I College",
            "ROC Tilburg",
        ],
        "HBO": ["Avans Hogeschool", "Fontys Hogescholen", "Zuyd Hogeschool"],
    },
    "Zuid-West": {
        "MBO": [
            "ROC West-Brabant",
            "MBO Rijnland",
            "Techniek College Rotterdam",
            "ROC Mondriaan",
            "ROC Da Vinci College",
            "ROC Rivor",
            "Hoornbeeck College",
            "Scalda",
            "Grafisch Lyceum Rotterdam",
        ],
        "HBO": [
            "Haagse Hogeschool",
            "Hogeschool Leiden",
            "Hogeschool Rotterdam",
            "NHTV",
            "HZ University of Applied Sciences",
        ],
    },
}

PROVINCES = {
    "Noord-West": ["Noord-Holland", "Utrecht", "Flevoland"],
    "Noord": ["Friesland", "Groningen", "Drenthe"],
    "Oost": ["Overijssel", "Gelderland"],
    "Zuid-Oost": ["Oost-Brabant", "Limburg"],
    "Zuid-West": ["Zuid-Holland", "West-Brabant", "Zeeland"],
}


# -- counts --------------------------------------------------------------------


def test_counts():
    assert list(Reason.objects.values_list("code", flat=True)) == ["A", "B", "C", "D"]
    assert list(CollaborationForm.objects.values_list("number", flat=True)) == list(range(1, 9))
    assert Outcome.objects.count() == 32
    assert Example.objects.count() == 16
    assert list(Tip.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert list(Step.objects.values_list("number", flat=True)) == [1, 2, 3]
    assert StepAction.objects.count() == 9
    assert Region.objects.count() == 5
    assert Province.objects.count() == 13
    assert Edition.objects.count() == 1


def test_every_form_has_an_example():
    for form in CollaborationForm.objects.all():
        assert form.examples.exists(), f"form {form.number} has no example"


def test_every_step_has_three_actions_numbered_1_to_3():
    for step in Step.objects.all():
        assert list(step.actions.values_list("number", flat=True)) == [1, 2, 3]


def test_every_tip_has_points():
    for tip in Tip.objects.all():
        assert tip.points.exists(), f"tip {tip.number} has no points"


def test_every_outcome_pair_exists_once():
    pairs = set(Outcome.objects.values_list("collaboration_form__number", "reason__code"))
    assert pairs == {(n, code) for n in range(1, 9) for code in "ABCD"}


# -- the ratings table: all 40 numbers ----------------------------------------------


def test_effort_and_outcome_stars():
    loaded = {}
    for form in CollaborationForm.objects.prefetch_related("outcomes__reason"):
        stars = {o.reason.code: o.stars for o in form.outcomes.all()}
        loaded[form.number] = (form.effort, stars["A"], stars["B"], stars["C"], stars["D"])
    assert loaded == STARS


@pytest.mark.parametrize(
    ("number", "code"), [(n, c) for n in range(1, 9) for c in "ABCD"], ids=lambda v: str(v)
)
def test_each_outcome_star(number, code):
    outcome = Outcome.objects.get(collaboration_form__number=number, reason__code=code)
    assert outcome.stars == STARS[number]["ABCD".index(code) + 1]


@pytest.mark.parametrize("number", range(1, 9))
def test_each_effort_star(number):
    assert CollaborationForm.objects.get(number=number).effort == STARS[number][0]


def test_bands_of_the_forms():
    bands = {f.number: f.band for f in CollaborationForm.objects.all()}
    assert bands == {
        1: "low",
        2: "low",
        3: "low",
        4: "medium",
        5: "medium",
        6: "medium",
        7: "high",
        8: "high",
    }


# -- regions, provinces, institutions ------------------------------------------------


def test_regions_and_provinces_in_order():
    regions = {
        region.name_nl: [p.name_nl for p in region.provinces.order_by("position")]
        for region in Region.objects.order_by("position")
    }
    assert list(regions) == list(PROVINCES)
    assert regions == PROVINCES


def test_brabant_is_split():
    assert Province.objects.get(name_nl="Oost-Brabant").region.name_nl == "Zuid-Oost"
    assert Province.objects.get(name_nl="West-Brabant").region.name_nl == "Zuid-West"
    assert not Province.objects.filter(name_nl="Noord-Brabant").exists()


@pytest.mark.parametrize("region", list(APPENDIX))
@pytest.mark.parametrize("level", ["MBO", "HBO"])
def test_appendix_per_region(region, level):
    listed = [
        listing.institution.name
        for listing in Listing.objects.filter(
            region__name_nl=region, institution__level=level
        ).order_by("position")
    ]
    assert listed == APPENDIX[region][level]


def test_every_institution_of_the_appendix_and_no_other():
    expected = {name for levels in APPENDIX.values() for names in levels.values() for name in names}
    assert set(Institution.objects.values_list("name", flat=True)) == expected
    assert Institution.objects.count() == 57
    assert Listing.objects.count() == sum(
        len(names) for levels in APPENDIX.values() for names in levels.values()
    )


def test_institution_levels():
    for levels in APPENDIX.values():
        for level, names in levels.items():
            for name in names:
                assert Institution.objects.get(name=name).level == level


def test_hoornbeeck_is_listed_in_three_regions():
    hoornbeeck = Institution.objects.get(name="Hoornbeeck College")
    regions = set(hoornbeeck.regions.values_list("name_nl", flat=True))
    assert regions == {"Noord-West", "Oost", "Zuid-West"}


def test_institution_notes():
    assert "ROC Arcus College" in Institution.objects.get(name="VISTA College").note_nl
    assert "ROC Leeuwenborgh" in Institution.objects.get(name="VISTA College").note_nl
    assert "Zadkine" in Institution.objects.get(name="Techniek College Rotterdam").note_nl


# -- the survey and the publisher --------------------------------------------------


def test_survey_facts():
    edition = Edition.objects.get()
    assert edition.average_grade == Decimal("7.4")
    assert (edition.not_acting_numerator, edition.not_acting_denominator) == (1, 3)
    assert edition.max_company_size == 250
    assert "7,4" in edition.grade_text_nl  # Dutch notation in the Dutch text
    assert "7.4" in edition.grade_text_en
    assert "250" in edition.not_acting_text_nl
    assert "1 op de 3" in edition.not_acting_text_nl


def test_publisher_contact():
    edition = Edition.objects.get()
    assert edition.publisher_email == "info@hcaict.nl"
    assert edition.publisher_short == "HCA-ICT"
    assert ExternalLink.objects.get(key="contact").url == "mailto:info@hcaict.nl"


def test_external_links():
    urls = set(ExternalLink.objects.values_list("url", flat=True))
    assert "https://netwerk.wijzijnkatapult.nl/" in urls
    assert "https://www.wijzijnkatapult.nl/business-model-publicatie/" in urls


# -- example figures ------------------------------------------------------------------


def figures(slug: str) -> dict[str, ExampleFigure]:
    return {f.label_nl: f for f in Example.objects.get(slug=slug).figures.all()}


def test_hbo_ict_banenmarkt_figures():
    example = Example.objects.get(title_nl__icontains="banenmarkt")
    assert example.collaboration_form.number == 1
    by_unit = {f.unit: f for f in example.figures.all()}
    cost, visitors = by_unit["eur"], by_unit["count"]
    assert cost.value == Decimal("4500")
    assert cost.qualifier == "at_least"
    assert visitors.value == Decimal("1000")
    assert visitors.qualifier == "about"


def test_make_it_work_figures():
    example = Example.objects.get(title_nl__icontains="Make IT Work")
    assert example.collaboration_form.number == 6
    values = {(f.unit, f.value) for f in example.figures.all()}
    assert ("count", Decimal("105")) in values
    assert ("eur", Decimal("6000")) in values


def test_figure_ranges_are_ordered():
    for figure in ExampleFigure.objects.exclude(value_max=None):
        assert figure.value_max >= figure.value


def test_examples_link_to_known_institutions_and_regions():
    example = Example.objects.get(slug="werkplaats-digitaal-vakmanschap-noorderpoort")
    assert example.collaboration_form.number == 7
    assert "Noorderpoort" in set(example.institutions.values_list("name", flat=True))
    assert "Noord" in set(example.regions.values_list("name_nl", flat=True))


# -- every bilingual field ---------------------------------------------------------------


def bilingual_fields(model):
    names = {f.name: f for f in model._meta.fields}
    return [
        (base, names[f"{base}_nl"].blank)
        for base in (n[:-3] for n in names if n.endswith("_nl"))
        if f"{base}_en" in names
    ]


def test_every_bilingual_field_has_dutch_and_english():
    checked = {}
    problems = []
    for model in apps.get_app_config("handbook").get_models():
        fields = bilingual_fields(model)
        if not fields:
            continue
        for obj in model.objects.all():
            for base, optional in fields:
                nl = getattr(obj, f"{base}_nl").strip()
                en = getattr(obj, f"{base}_en").strip()
                checked[model.__name__] = checked.get(model.__name__, 0) + 1
                if optional and not nl and not en:
                    continue
                if not nl or not en:
                    problems.append(f"{model.__name__} {obj.pk} {base}: nl={nl!r} en={en!r}")
    assert not problems, "\n".join(problems)
    # the check really ran, over every kind of bilingual content
    for name in [
        "Edition",
        "Source",
        "Chapter",
        "ExternalLink",
        "Reason",
        "ReasonBenefit",
        "CollaborationForm",
        "Example",
        "ExampleFigure",
        "Tip",
        "TipPoint",
        "Step",
        "StepAction",
        "StepHint",
        "Region",
        "Province",
        "Institution",
    ]:
        assert checked.get(name), f"no {name} rows checked"
