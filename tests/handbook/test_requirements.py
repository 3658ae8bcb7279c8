"""What a form asks of a company (handbook/requirements/): a pure table, tested without
the database. Every item carries its sources, the year it held and whether a source
settles it; what no source settles is put as a question to the school."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from samenwerkt.handbook import requirements
from samenwerkt.handbook.requirements import (
    ALL_FORMS,
    CHECK_WITH_THE_SCHOOL,
    LANGUAGES,
    LEVELS,
    REQUIREMENTS,
    Requirement,
    for_every_form,
    for_form,
)

ITEMS = {item.key: item for item in REQUIREMENTS}


def test_keys_are_unique():
    assert len(ITEMS) == len(REQUIREMENTS)


@pytest.mark.parametrize("number", ALL_FORMS)
def test_every_form_has_at_least_one_item(number):
    assert for_form(number)
    for level in LEVELS:
        assert for_form(number, level=level)


@pytest.mark.parametrize("item", REQUIREMENTS, ids=lambda item: item.key)
def test_every_item_has_a_source_a_date_and_a_confirmed_flag(item):
    assert item.sources
    for source in item.sources:
        assert source.name.strip()
        url = urlsplit(source.url)
        assert url.scheme == "https" and url.netloc, source.url
    # The year the sources said it (the research notes are of 2023–2026).
    assert re.fullmatch(r"20\d\d", item.as_of), item.as_of
    assert type(item.confirmed) is bool
    assert item.forms and set(item.forms) <= set(ALL_FORMS)
    assert item.level in (None, *LEVELS)
    for lang in LANGUAGES:
        assert item.title[lang].strip()
        assert item.text[lang].strip()


def test_an_item_cannot_be_made_without_saying_whether_it_is_confirmed():
    fields = {f.name: f for f in dataclasses.fields(Requirement)}
    assert fields["confirmed"].default is dataclasses.MISSING
    with pytest.raises(TypeError):
        Requirement(
            key="x",
            title={"nl": "x", "en": "x"},
            forms=(5,),
            level=None,
            text={"nl": "x", "en": "x"},
            sources=(),
            as_of="2026",
        )


@pytest.mark.parametrize("item", REQUIREMENTS, ids=lambda item: item.key)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_what_no_source_settles_is_put_as_a_question_to_the_school(item, lang):
    wording = item.wording(lang)
    if item.confirmed:
        assert wording == item.text[lang]
        assert not wording.startswith(CHECK_WITH_THE_SCHOOL[lang])
    else:
        assert wording == f"{CHECK_WITH_THE_SCHOOL[lang]} {item.text[lang]}"


def test_the_unconfirmed_points_of_the_research_notes_are_not_stated_as_facts():
    # Marked [unconfirmed] in the notes: fees for recognition, whether the allowance is
    # mandatory now, whether the work-based learning subsidy still runs, the SLIM
    # windows, the fund's rounds, minor deadlines elsewhere, exam periods.
    unconfirmed = {item.key for item in REQUIREMENTS if not item.confirmed}
    assert unconfirmed == {
        "recognition-fees",
        "internship-allowance-bill",
        "subsidy-praktijkleren",
        "slim-windows",
        "regional-investment-fund-rounds",
        "minor-lead-time",
        "exam-periods",
    }
    assert ITEMS["recognition-fees"].wording("en") == (
        "Check with the school whether recognition as a training company costs anything."
    )
    assert ITEMS["recognition-fees"].wording("nl").startswith("Vraag na bij de school of ")


def test_form_5_at_mbo_asks_for_sbb_recognition_with_its_source():
    items = for_form(5, level="MBO")
    keys = [item.key for item in items]
    assert {"recognised-training-company", "internship-agreement-mbo", "workplace-trainer"} <= set(
        keys
    )
    recognition = ITEMS["recognised-training-company"]
    assert recognition.confirmed and recognition.level == "MBO"
    assert "SBB" in recognition.text["en"] and "erkend leerbedrijf" in recognition.text["en"]
    assert any(source.url.startswith("https://www.s-bb.nl/") for source in recognition.sources)
    # Nothing for HBO only at MBO.
    assert all(item.level in (None, "MBO") for item in items)
    assert "internship-agreement-hbo" not in keys


def test_form_5_at_hbo_has_the_internship_agreement_and_a_supervisor():
    keys = {item.key for item in for_form(5, level="HBO")}
    assert {"internship-agreement-hbo", "company-supervisor"} <= keys
    assert "recognised-training-company" not in keys
    assert "1–2 hours a week" in ITEMS["company-supervisor"].text["en"]


def test_the_hybrid_teachers_six_hours_hold_at_mbo():
    item = ITEMS["hybrid-teaching-hours-mbo"]
    assert item.forms == (4,) and item.level == "MBO" and item.confirmed
    assert "6 hours a week" in item.text["en"]


@pytest.mark.parametrize("number", [1, 2])
def test_guests_in_a_school_may_be_asked_for_a_certificate_of_conduct(number):
    assert "certificate-of-conduct" in {item.key for item in for_form(number)}


def test_without_a_level_every_item_of_the_form_is_given():
    for number in ALL_FORMS:
        everything = for_form(number)
        by_level = {item.key for level in LEVELS for item in for_form(number, level=level)}
        assert {item.key for item in everything} == by_level


def test_what_holds_for_every_form_can_be_left_out_and_asked_for_once():
    shared = for_every_form()
    assert shared and all(item.forms == ALL_FORMS for item in shared)
    for number in ALL_FORMS:
        own = for_form(number, shared=False)
        assert not {item.key for item in own} & {item.key for item in shared}
        assert len(own) + len(shared) == len(for_form(number))


@pytest.mark.parametrize("level", ["mbo", "WO", ""])
def test_an_unknown_level_is_refused(level):
    with pytest.raises(ValueError):
        for_form(5, level=level)


def test_the_table_is_pure_python():
    # import-linter forbids Django here (make lint); this holds it in the suite too.
    code = (
        "import sys; import samenwerkt.handbook.requirements; "
        "sys.exit(1 if 'django' in sys.modules else 0)"
    )
    src = requirements.__file__.rsplit("/samenwerkt/", 1)[0]
    done = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": src}, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
