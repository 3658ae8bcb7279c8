"""The idempotent handbook loader and the ``load_handbook`` command.

Every test starts from the real content (loaded once per test database) and works
on a modified copy of :func:`read_data`; each test's changes are rolled back."""

import copy
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from samenwerkt.handbook import loader
from samenwerkt.handbook.loader import HandbookDataError, load_handbook, read_data
from samenwerkt.handbook.models import (
    CollaborationForm,
    Edition,
    Example,
    ExampleFigure,
    Institution,
    Listing,
    Outcome,
    Reason,
    ReasonBenefit,
    Region,
    Step,
    StepAction,
    Tip,
    TipPoint,
)

pytestmark = pytest.mark.django_db


def plural(model) -> str:
    return str(model._meta.verbose_name_plural)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_app_config("handbook").get_models()}


def snapshot() -> dict[str, list[tuple]]:
    """Every handbook row, field by field, plus the many-to-many links."""
    out = {}
    for model in apps.get_app_config("handbook").get_models():
        out[model.__name__] = sorted(
            model.objects.order_by("pk").values_list(), key=lambda row: row[0]
        )
        for m2m in model._meta.many_to_many:
            through = getattr(model, m2m.name).through
            out[f"{model.__name__}.{m2m.name}"] = sorted(
                through.objects.values_list(), key=lambda row: row[0]
            )
    return out


@pytest.fixture
def data():
    return copy.deepcopy(read_data())


def form_data(data, number: int) -> dict:
    return next(f for f in data["forms"]["forms"] if f["number"] == number)


def example_data(data, slug: str) -> dict:
    return next(e for e in data["examples"]["examples"] if e["slug"] == slug)


# -- idempotence -------------------------------------------------------------------


def test_running_again_changes_nothing():
    before_counts, before = counts(), snapshot()
    report = load_handbook()
    assert report.changed is False
    assert report.created == {}
    assert report.updated == {}
    assert report.lines() == ["nothing to change"]
    assert counts() == before_counts
    assert snapshot() == before


def test_running_the_same_data_twice_changes_nothing_the_second_time(data):
    form_data(data, 3)["name"]["en"] = "Training teachers"
    assert load_handbook(data=data).changed is True
    after_first = snapshot()
    assert load_handbook(data=data).changed is False
    assert snapshot() == after_first


def test_loaded_counts_are_the_handbooks():
    c = counts()
    assert (c["Reason"], c["CollaborationForm"], c["Outcome"], c["Example"]) == (4, 8, 32, 16)
    assert (c["Tip"], c["Step"], c["StepAction"], c["Region"], c["Province"]) == (5, 3, 9, 5, 13)
    assert (c["Institution"], c["Listing"], c["Edition"]) == (57, 59, 1)


def test_a_missing_row_is_created_again():
    Tip.objects.get(number=3).points.filter(position=1).delete()
    before = TipPoint.objects.count()
    report = load_handbook()
    assert report.created == {plural(TipPoint): 1}
    assert report.updated == {}
    assert TipPoint.objects.count() == before + 1


# -- staff edits --------------------------------------------------------------------


def test_a_row_edited_in_admin_is_kept(data):
    CollaborationForm.objects.filter(number=5).update(
        edited_in_admin=True, name_nl="Stages, op onze manier"
    )
    report = load_handbook()
    form = CollaborationForm.objects.get(number=5)
    assert form.name_nl == "Stages, op onze manier"
    assert form.edited_in_admin is True
    assert report.kept == {plural(CollaborationForm): 1}
    assert report.changed is False


def test_an_edited_form_keeps_its_stars_too(data):
    CollaborationForm.objects.filter(number=5).update(edited_in_admin=True)
    form_data(data, 5)["outcomes"]["C"] = 5
    form_data(data, 5)["name"]["nl"] = "Nieuwe naam"
    load_handbook(data=data)
    assert Outcome.objects.get(collaboration_form__number=5, reason__code="C").stars == 2
    assert CollaborationForm.objects.get(number=5).name_nl != "Nieuwe naam"


def test_overwrite_edits_restores_the_yaml(data):
    original = CollaborationForm.objects.get(number=5).name_nl
    CollaborationForm.objects.filter(number=5).update(edited_in_admin=True, name_nl="Eigen naam")
    report = load_handbook(overwrite_edits=True)
    form = CollaborationForm.objects.get(number=5)
    assert form.name_nl == original == form_data(data, 5)["name"]["nl"]
    assert form.edited_in_admin is False
    assert report.updated == {plural(CollaborationForm): 1}
    assert report.kept == {}
    # and from then on the row follows the YAML again
    assert load_handbook().changed is False


def test_overwrite_edits_also_clears_an_unchanged_edited_row():
    Reason.objects.filter(code="B").update(edited_in_admin=True)
    report = load_handbook(overwrite_edits=True)
    assert Reason.objects.get(code="B").edited_in_admin is False
    assert report.updated == {plural(Reason): 1}


def test_an_edited_tip_keeps_its_points(data):
    tip = Tip.objects.get(number=2)
    Tip.objects.filter(pk=tip.pk).update(edited_in_admin=True)
    before = list(tip.points.values_list("title_nl", flat=True))
    data["tips"]["tips"][1]["points"] = data["tips"]["tips"][1]["points"][:1]
    load_handbook(data=data)
    assert list(tip.points.values_list("title_nl", flat=True)) == before


# -- changed YAML ---------------------------------------------------------------------


def test_a_changed_value_updates_the_row(data):
    form_data(data, 7)["name"]["en"] = "Renewing how education is organised"
    form_data(data, 7)["effort"] = 4
    report = load_handbook(data=data)
    form = CollaborationForm.objects.get(number=7)
    assert form.name_en == "Renewing how education is organised"
    assert form.effort == 4
    assert form.band == "high"
    assert report.updated == {plural(CollaborationForm): 1}
    assert report.created == {}


def test_a_changed_star_updates_the_outcome(data):
    form_data(data, 1)["outcomes"]["B"] = 4
    report = load_handbook(data=data)
    assert Outcome.objects.get(collaboration_form__number=1, reason__code="B").stars == 4
    assert Outcome.objects.get(collaboration_form__number=1, reason__code="A").stars == 2
    assert report.updated == {plural(Outcome): 1}


def test_a_changed_survey_figure_updates_the_edition(data):
    data["meta"]["survey"]["average_grade"] = 7.9
    data["meta"]["survey"]["max_company_size"] = 500
    load_handbook(data=data)
    edition = Edition.objects.get()
    assert str(edition.average_grade) == "7.9"
    assert edition.max_company_size == 500


def test_a_removed_tip_point_is_deleted(data):
    points = data["tips"]["tips"][0]["points"]
    kept_titles = [p["title"]["nl"] for p in points[1:]]
    assert kept_titles  # tip 1 has more than one point
    before = TipPoint.objects.count()
    data["tips"]["tips"][0]["points"] = points[1:]
    report = load_handbook(data=data)
    tip = Tip.objects.get(number=1)
    assert list(tip.points.order_by("position").values_list("title_nl", flat=True)) == kept_titles
    assert TipPoint.objects.count() == before - 1
    assert report.changed is True


def test_a_removed_benefit_is_deleted(data):
    reason = data["reasons"]["reasons"][0]
    reason["benefits"] = reason["benefits"][:1]
    load_handbook(data=data)
    assert ReasonBenefit.objects.filter(reason__code=reason["code"]).count() == 1


def test_a_removed_figure_is_deleted(data):
    example_data(data, "make-it-work-omscholing-hva")["figures"] = []
    load_handbook(data=data)
    assert not ExampleFigure.objects.filter(example__slug="make-it-work-omscholing-hva").exists()
    assert ExampleFigure.objects.filter(example__slug="hbo-ict-banenmarkt-utrecht").count() == 2


def test_a_removed_step_action_is_deleted(data):
    data["steps"]["steps"][2]["actions"] = data["steps"]["steps"][2]["actions"][:2]
    load_handbook(data=data)
    assert list(StepAction.objects.filter(step__number=3).values_list("number", flat=True)) == [
        1,
        2,
    ]
    assert StepAction.objects.count() == 8


def test_an_institution_removed_from_one_region_loses_only_that_listing(data):
    oost = next(r for r in data["regions"]["regions"] if r["slug"] == "oost")
    oost["mbo"] = [name for name in oost["mbo"] if name != "Hoornbeeck College"]
    load_handbook(data=data)
    hoornbeeck = Institution.objects.get(name="Hoornbeeck College")
    assert set(hoornbeeck.regions.values_list("slug", flat=True)) == {"noord-west", "zuid-west"}
    assert Listing.objects.count() == 58


def test_a_changed_form_tip_list_updates_the_links(data):
    form_data(data, 1)["tips"] = [5]
    report = load_handbook(data=data)
    form = CollaborationForm.objects.get(number=1)
    assert list(form.tips.values_list("number", flat=True)) == [5]
    assert report.updated == {plural(CollaborationForm): 1}


def test_an_example_moved_to_another_form(data):
    example_data(data, "sig-stage-afstudeeropdrachten")["form"] = 8
    load_handbook(data=data)
    assert Example.objects.get(slug="sig-stage-afstudeeropdrachten").collaboration_form.number == 8


def test_a_new_example_is_created_with_its_links(data):
    new = copy.deepcopy(example_data(data, "kpn-microjobs-roc-amsterdam"))
    new["slug"] = "nieuw-voorbeeld"
    new["institutions"] = ["Hoornbeeck College"]
    new["regions"] = []
    data["examples"]["examples"].append(new)
    report = load_handbook(data=data)
    example = Example.objects.get(slug="nieuw-voorbeeld")
    assert report.created.get(plural(Example)) == 1
    # regions follow from where the institution is listed
    assert set(example.regions.values_list("slug", flat=True)) == {
        "noord-west",
        "oost",
        "zuid-west",
    }
    assert Example.objects.count() == 17


def test_loading_never_touches_other_apps_rows():
    # the loader only knows handbook models; a full reload leaves each count alone
    others = {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label != "handbook"
    }
    load_handbook(overwrite_edits=True)
    assert {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label != "handbook"
    } == others


# -- malformed data ---------------------------------------------------------------------


def _missing_nl(data):
    form_data(data, 2)["name"] = {"en": "Only English"}


def _name_is_a_list(data):
    data["reasons"]["reasons"][0]["name"] = ["A", "B"]


def _effort_seven(data):
    form_data(data, 4)["effort"] = 7


def _effort_zero(data):
    form_data(data, 4)["effort"] = 0


def _effort_word(data):
    form_data(data, 4)["effort"] = "veel"


def _outcome_six(data):
    form_data(data, 6)["outcomes"]["D"] = 6


def _outcome_missing(data):
    del form_data(data, 6)["outcomes"]["D"]


def _outcome_word(data):
    form_data(data, 6)["outcomes"]["D"] = "vijf"


def _unknown_tip(data):
    form_data(data, 6)["tips"] = [2, 9]


def _unknown_form_in_example(data):
    example_data(data, "acer-in-house-opleiding")["form"] = 9


def _unknown_institution_in_example(data):
    example_data(data, "acer-in-house-opleiding")["institutions"] = ["Hogeschool Nergens"]


def _unknown_reason_in_example(data):
    example_data(data, "acer-in-house-opleiding")["reasons"] = ["E"]


def _unknown_region_in_example(data):
    example_data(data, "acer-in-house-opleiding")["regions"] = ["midden"]


def _bad_level(data):
    example_data(data, "acer-in-house-opleiding")["levels"] = ["WO"]


def _figure_value_word(data):
    example_data(data, "acer-in-house-opleiding")["figures"][0]["value"] = "veel"


def _missing_slug(data):
    del form_data(data, 8)["slug"]


def _forms_not_a_list(data):
    data["forms"]["forms"] = None


def _missing_file_section(data):
    del data["steps"]["steps"]


# Each problem names file, item (by natural key, or #position) and field.
MALFORMED = [
    (_missing_nl, "forms.yaml: forms[2].name.nl: "),
    (_name_is_a_list, "reasons.yaml: reasons[A].name: "),
    (_effort_seven, "forms.yaml: forms[4].effort: "),
    (_effort_zero, "forms.yaml: forms[4].effort: "),
    (_effort_word, "forms.yaml: forms[4].effort: "),
    (_outcome_six, "forms.yaml: forms[6].outcomes.D: "),
    (_outcome_missing, "forms.yaml: forms[6].outcomes: "),
    (_outcome_word, "forms.yaml: forms[6].outcomes.D: "),
    (_unknown_tip, "forms.yaml: forms[6].tips: "),
    (_unknown_form_in_example, "examples.yaml: examples[acer-in-house-opleiding].form: "),
    (
        _unknown_institution_in_example,
        "examples.yaml: examples[acer-in-house-opleiding].institutions: ",
    ),
    (_unknown_reason_in_example, "examples.yaml: examples[acer-in-house-opleiding].reasons"),
    (_unknown_region_in_example, "examples.yaml: examples[acer-in-house-opleiding].regions: "),
    (_bad_level, "examples.yaml: examples[acer-in-house-opleiding].levels"),
    (_figure_value_word, "examples.yaml: examples[acer-in-house-opleiding].figures[#1].value: "),
    (_missing_slug, "forms.yaml: forms[8].slug: "),
    (_forms_not_a_list, "forms.yaml: forms: "),
    (_missing_file_section, "steps.yaml: steps: "),
]


@pytest.mark.parametrize(("spoil", "where"), MALFORMED, ids=[f.__name__[1:] for f, _ in MALFORMED])
def test_malformed_data_raises_and_changes_nothing(data, spoil, where):
    # Valid changes that the loader applies before it meets the bad part: they
    # must be rolled back with the rest.
    data["meta"]["title"]["nl"] = "Samen werkt! (gewijzigd)"
    form_data(data, 1)["name"]["en"] = "Changed before the error"
    data["tips"]["tips"][0]["points"] = data["tips"]["tips"][0]["points"][:1]
    spoil(data)
    before = snapshot()
    with pytest.raises(HandbookDataError) as exc:
        load_handbook(data=data)
    assert where in str(exc.value)
    assert snapshot() == before
    assert Edition.objects.get().title_nl == "Samen werkt!"


def test_the_good_data_still_loads_after_an_error(data):
    bad = copy.deepcopy(data)
    form_data(bad, 4)["effort"] = 7
    with pytest.raises(HandbookDataError):
        load_handbook(data=bad)
    form_data(data, 4)["name"]["en"] = "Hybrid teachers"
    load_handbook(data=data)
    assert CollaborationForm.objects.get(number=4).name_en == "Hybrid teachers"


def test_read_data_reports_a_broken_file(tmp_path):
    for name in loader.FILES:
        (tmp_path / f"{name}.yaml").write_text("version: 1\n", encoding="utf-8")
    assert set(read_data(tmp_path)) == set(loader.FILES)

    (tmp_path / "forms.yaml").write_text("forms: [unclosed\n", encoding="utf-8")
    with pytest.raises(HandbookDataError, match=r"forms\.yaml"):
        read_data(tmp_path)

    (tmp_path / "forms.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(HandbookDataError, match="expected a mapping"):
        read_data(tmp_path)

    (tmp_path / "forms.yaml").unlink()
    with pytest.raises(HandbookDataError, match=r"forms\.yaml"):
        read_data(tmp_path)


def test_read_data_gives_the_shipped_files():
    data = read_data()
    assert set(data) == set(loader.FILES)
    assert len(data["forms"]["forms"]) == 8
    assert len(data["examples"]["examples"]) == 16


# -- the command ---------------------------------------------------------------------


def run(*args) -> str:
    out = StringIO()
    call_command("load_handbook", *args, stdout=out)
    return out.getvalue()


def test_command_reports_nothing_to_change():
    before = snapshot()
    assert run() == "nothing to change\n"
    assert snapshot() == before


def test_command_reports_what_it_created_and_updated():
    Tip.objects.get(number=4).points.filter(position=1).delete()
    Step.objects.filter(number=2).update(title_en="Something else")
    lines = run().splitlines()
    assert f" created    1 {plural(TipPoint)}" in lines
    assert f" updated    1 {plural(Step)}" in lines
    assert len(lines) == 2
    assert run() == "nothing to change\n"


def test_command_reports_kept_rows():
    Region.objects.filter(slug="noord").update(edited_in_admin=True, name_en="The North")
    assert run().splitlines() == [f"    kept    1 {plural(Region)} (edited in admin)"]
    assert Region.objects.get(slug="noord").name_en == "The North"


def test_command_overwrite_edits_option():
    Region.objects.filter(slug="noord").update(edited_in_admin=True, name_en="The North")
    assert run("--overwrite-edits").splitlines() == [f" updated    1 {plural(Region)}"]
    region = Region.objects.get(slug="noord")
    assert (region.name_en, region.edited_in_admin) == ("North", False)


def test_command_turns_bad_data_into_a_command_error(monkeypatch, data):
    form_data(data, 3)["effort"] = 7
    monkeypatch.setattr(loader, "read_data", lambda: data)
    before = snapshot()
    with pytest.raises(CommandError, match=r"^handbook data: forms\.yaml: forms\[3\]\.effort: "):
        run()
    assert snapshot() == before


def test_command_has_help():
    from samenwerkt.handbook.management.commands.load_handbook import Command

    assert "idempotent" in Command.help
