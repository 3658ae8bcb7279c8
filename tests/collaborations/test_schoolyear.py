"""The school year's arithmetic (collaborations/schoolyear.py), on its own."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenwerkt.collaborations.schoolyear import (
    deadlines,
    elective_adoption_on_or_after,
    in_months,
    minor_settled_by,
    month_starts,
    placement_starts,
)

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31))
months = st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=12, unique=True)


def test_without_the_schools_own_months_placements_start_in_the_usual_ones():
    assert placement_starts(date(2026, 12, 2)) == [
        date(2027, 1, 1),
        date(2027, 2, 1),
        date(2027, 8, 1),
        date(2027, 9, 1),
    ]


def test_the_schools_own_months_come_first():
    assert placement_starts(date(2026, 12, 2), (4, 11), count=2) == [
        date(2027, 4, 1),
        date(2027, 11, 1),
    ]


def test_a_start_on_the_day_itself_is_not_offered():
    assert placement_starts(date(2027, 1, 1), count=1) == [date(2027, 2, 1)]


def test_months_are_checked():
    with pytest.raises(ValueError):
        month_starts(date(2026, 1, 1), (0,))
    with pytest.raises(ValueError):
        month_starts(date(2026, 1, 1), ())


@given(days, months)
def test_starts_are_first_days_of_those_months_after_the_day_in_order(day, chosen):
    starts = month_starts(day, tuple(chosen), count=4)
    assert starts == sorted(starts) and len(set(starts)) == 4
    assert all(s > day and s.day == 1 and s.month in chosen for s in starts)
    # None is skipped: no wanted month between the day and the first start.
    between = day + timedelta(days=1)
    while between < starts[0]:
        assert not (between.day == 1 and between.month in chosen)
        between += timedelta(days=1)


def test_an_mbo_internship_needs_recognition_and_the_agreement_before_it_starts():
    start = date(2027, 9, 1)
    found = deadlines(form=5, level="MBO", start=start)
    assert [(d.key, d.due, d.source) for d in found] == [
        ("sbb_recognition", start, "s-bb.nl"),
        ("internship_agreement", start, "s-bb.nl"),
    ]


def test_an_hbo_internship_needs_the_agreement_and_the_schools_approval():
    found = deadlines(form=5, level="HBO", start=date(2027, 2, 1))
    assert [d.key for d in found] == ["internship_agreement", "assignment_approved"]


def test_a_minor_is_settled_by_the_first_of_february_before_its_school_year():
    assert minor_settled_by(date(2027, 9, 1)) == date(2027, 2, 1)
    assert minor_settled_by(date(2028, 2, 1)) == date(2027, 2, 1)  # same school year
    (minor,) = deadlines(form=8, level="HBO", start=date(2027, 9, 1))
    assert minor.confirmed is False  # one school's example: check with the school


def test_an_elective_module_must_be_adopted_on_the_last_adoption_day_before_the_start():
    (module,) = deadlines(form=8, level="MBO", start=date(2027, 9, 1))
    assert module.due == date(2027, 7, 1)
    (on_the_day,) = deadlines(form=8, level="MBO", start=date(2027, 10, 1))
    assert on_the_day.due == date(2027, 7, 1)  # adopted on the start day is too late


def test_forms_without_dated_requirements_have_no_deadlines():
    assert deadlines(form=1, level="MBO", start=date(2027, 9, 1)) == []
    assert deadlines(form=None, level=None, start=date(2027, 9, 1)) == []


@given(days)
def test_elective_adoption_is_the_next_quarter_day(day):
    adopted = elective_adoption_on_or_after(day)
    assert adopted >= day and adopted.day == 1 and adopted.month in (1, 4, 7, 10)
    assert (adopted - day).days <= 92


@given(days, st.integers(min_value=1, max_value=8), st.sampled_from(["MBO", "HBO"]))
def test_no_deadline_falls_after_the_start(start, form, level):
    for deadline in deadlines(form=form, level=level, start=start):
        assert deadline.due <= start


@pytest.mark.parametrize(
    ("day", "from_month", "to_month", "inside"),
    [
        (date(2027, 3, 15), 2, 4, True),
        (date(2027, 5, 1), 2, 4, False),
        (date(2027, 1, 10), 11, 2, True),  # over the new year
        (date(2027, 12, 31), 11, 2, True),
        (date(2027, 6, 1), 11, 2, False),
    ],
)
def test_a_day_in_a_stretch_of_months(day, from_month, to_month, inside):
    assert in_months(day, from_month, to_month) is inside


@given(days, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=12))
def test_a_stretch_and_the_rest_of_the_year_cover_every_day_once(day, a, b):
    if a == b:
        assert in_months(day, a, b) is (day.month == a)
        return
    rest_from, rest_to = b % 12 + 1, (a - 2) % 12 + 1
    if rest_from == a:  # the stretch is the whole year (March to February)
        assert in_months(day, a, b)
        return
    assert in_months(day, a, b) != in_months(day, rest_from, rest_to)
