"""The school year's arithmetic for a plan: when placements can start, and the dates
worked back from a start (DESIGN.md: a pure table, tested on its own in
tests/collaborations/test_schoolyear.py).

Facts from the research notes (shared/research/practicalities.md), each with its source
and the year it was true:

* placements and graduation periods usually start in August/September or
  January/February (stagegidsfontysict.nl; aventusfactory.nl; 2026), unless the school's
  profile gives its own months;
* before an MBO internship starts, the company is recognised by SBB for the programme
  and the three-party internship agreement is signed (s-bb.nl; 2026);
* before an HBO internship or graduation assignment starts, the internship agreement
  is signed and the school has approved the assignment (inholland.nl; hva.nl; 2026);
* MBO elective modules are adopted on 1 January, 1 April, 1 July or 1 October
  (s-bb.nl "voorstel keuzedeel"; 2026);
* HBO minors are published well before the school year: Hogeschool Utrecht on
  1 February for the next year (husite.nl; 2026). Other schools' dates are not settled
  by a source, so that deadline is marked ``confirmed=False``: the plan says to check
  with the school.

Pure Python: no Django. Dates are ``datetime.date``; months are 1–12.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .workflow import INTERNSHIP_FORM

# The months in which placements usually start when the school's profile says nothing.
USUAL_START_MONTHS: tuple[int, ...] = (8, 9, 1, 2)
ELECTIVE_ADOPTION_MONTHS: tuple[int, ...] = (1, 4, 7, 10)
# Hogeschool Utrecht publishes its minors on 1 February for the school year that
# starts that September.
MINOR_PUBLICATION = (2, 1)
NEW_CONTENT_FORM = 8  # chapter 3's form 8: new course content


@dataclass(frozen=True)
class Deadline:
    key: str  # what must be done; the pages word it
    due: date  # done before this day
    source: str
    as_of: str
    confirmed: bool = True  # False: a source's example; "check with the school"


def month_starts(after: date, months: tuple[int, ...], *, count: int = 4) -> list[date]:
    """The first days of the given months strictly after ``after``, soonest first."""
    if not months or any(not 1 <= m <= 12 for m in months):
        raise ValueError("months are 1 to 12, at least one")
    found: list[date] = []
    year, month = after.year, after.month
    while len(found) < count:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        if month in months:
            found.append(date(year, month, 1))
    return found


def placement_starts(after: date, school_months: tuple[int, ...] = (), *, count: int = 4):
    """When placements can start after ``after``: the school's own months from its
    profile, else the usual August/September and January/February."""
    return month_starts(after, tuple(school_months) or USUAL_START_MONTHS, count=count)


def elective_adoption_on_or_after(day: date) -> date:
    """The first day SBB adopts elective modules on or after ``day``."""
    if day.day == 1 and day.month in ELECTIVE_ADOPTION_MONTHS:
        return day
    return month_starts(day, ELECTIVE_ADOPTION_MONTHS, count=1)[0]


def minor_settled_by(start: date) -> date:
    """The day a minor starting on ``start`` must be settled by, after Hogeschool
    Utrecht's example: 1 February before the school year it starts in (a school year
    runs from August)."""
    school_year = start.year if start.month >= 8 else start.year - 1
    month, day = MINOR_PUBLICATION
    return date(school_year, month, day)


def deadlines(*, form: int | None, level: str | None, start: date) -> list[Deadline]:
    """What must be done before a plan's start, worked back from it."""
    if form == INTERNSHIP_FORM and level == "MBO":
        return [
            Deadline("sbb_recognition", start, "s-bb.nl", "2026"),
            Deadline("internship_agreement", start, "s-bb.nl", "2026"),
        ]
    if form == INTERNSHIP_FORM and level == "HBO":
        return [
            Deadline("internship_agreement", start, "inholland.nl", "2026"),
            Deadline("assignment_approved", start, "hva.nl", "2026"),
        ]
    if form == NEW_CONTENT_FORM and level == "HBO":
        return [Deadline("minor_settled", minor_settled_by(start), "husite.nl", "2026", False)]
    if form == NEW_CONTENT_FORM and level == "MBO":
        # A module proposed now is adopted on the next adoption day; it must be adopted
        # before the start, so the last adoption day before the start is the deadline.
        last = _last_adoption_before(start)
        return [Deadline("elective_adopted", last, "s-bb.nl", "2026")]
    return []


def _last_adoption_before(start: date) -> date:
    day = start - timedelta(days=1)
    while not (day.day == 1 and day.month in ELECTIVE_ADOPTION_MONTHS):
        day -= timedelta(days=1)
    return day


def in_months(day: date, from_month: int, to_month: int) -> bool:
    """Whether ``day`` falls in the months from ``from_month`` to ``to_month``, both
    included; a stretch may run over the new year (November to February)."""
    if from_month <= to_month:
        return from_month <= day.month <= to_month
    return day.month >= from_month or day.month <= to_month
