"""The home page's way in: what companies want, in their own words, with the handbook's
reason (A–D) each goal stands for, and direct routes to a form for those who already
know what they want. Pure data; the view pairs it with the reasons and forms."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Goal:
    reason: str  # the handbook's reason code
    title: str
    text: str


@dataclass(frozen=True)
class Route:
    form: int  # the handbook's form number
    label: str


GOALS = (
    Goal(
        "A",
        _("Interns and future colleagues"),
        _(
            "Get to know students through an internship or an assignment, and find the "
            "colleagues you will need."
        ),
    ),
    Goal(
        "B",
        _("New ideas and research"),
        _("Let students and teachers explore a question of yours or a new technology with you."),
    ),
    Goal(
        "C",
        _("Giving something back"),
        _(
            "Share what your people know with students and teachers, and help train the "
            "professionals of tomorrow."
        ),
    ),
    Goal(
        "D",
        _("Being known"),
        _("Make your company known to students, schools and other companies in your region."),
    ),
)

# Each route leads to the part of a form's page that says what to do.
ROUTES = (
    Route(5, _("I want interns, or a graduation project")),
    Route(2, _("I want to give a guest lecture or a workshop")),
    Route(1, _("I want to meet students at a job fair")),
    Route(6, _("I want to retrain or upskill (future) staff")),
    Route(3, _("I want to show teachers what happens in practice")),
    Route(4, _("I want an employee to teach as well")),
    Route(8, _("I want to help renew what students learn")),
    Route(7, _("I want to help shape new ways of learning")),
)

ROUTE_ANCHOR = "what-to-do"
