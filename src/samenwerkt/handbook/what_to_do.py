"""What to do now with a form of collaboration: the handbook's step 2 ("explore the
options": contact the school, discuss your ideas, choose a first initiative) made
concrete for one or more forms: which schools, whom to ask for, what to prepare and
arrange (:mod:`requirements`), and the programme office to turn to.

Both the form pages and the advisor's result show it (templates/handbook/_what_to_do.html).
It reads only memoised tables (the step plan, the edition), so it costs a page no
query once the process has served one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from samenwerkt.core.translation import current_language

from . import requirements, selectors
from .models import CollaborationForm, Listing, Province, StepAction

STEP = 2  # the step plan's "explore the options for collaboration"


@dataclass(frozen=True)
class Item:
    """A requirement in the page's language."""

    title: str
    text: str
    level: str | None
    confirmed: bool
    sources: tuple[requirements.Source, ...]
    as_of: str


@dataclass(frozen=True)
class FormItems:
    collaboration_form: CollaborationForm
    items: list[Item]

    @property
    def groups(self) -> list[tuple[str | None, list[Item]]]:
        """The items by level: MBO, then HBO, then those for both (None)."""
        groups = [
            (level, [i for i in self.items if i.level == level])
            for level in (*requirements.LEVELS, None)
        ]
        return [(level, items) for level, items in groups if items]


@dataclass(frozen=True)
class WhatToDo:
    forms: list[FormItems]  # each form's own items
    general: list[Item]  # what holds for every form (the school year)
    level: str | None  # "MBO", "HBO" or None: both
    actions: list[StepAction]  # the step's three actions, with their hints
    listings: list[Listing] | None  # schools for the chosen place; None: no place chosen
    province: Province | None = None
    place_label: str = ""
    finder_url: str = ""
    place_url: str = ""  # where to add a place to the advice (the advisor only)
    email: str = ""  # the programme office, as the handbook gives it
    website: str = ""
    network_url: str = ""
    step_url: str = ""


def _item(requirement: requirements.Requirement, lang: str) -> Item:
    return Item(
        title=requirement.heading(lang),
        text=requirement.wording(lang),
        level=requirement.level,
        confirmed=requirement.confirmed,
        sources=requirement.sources,
        as_of=requirement.as_of,
    )


def what_to_do(
    forms: list[CollaborationForm],
    *,
    level: str | None = None,
    listings: list[Listing] | None = None,
    province: Province | None = None,
    place_label: str = "",
    place_url: str = "",
) -> WhatToDo:
    """For the given forms (best first) at ``level`` ("MBO", "HBO" or None for both)."""
    lang = current_language()
    per_form = [
        FormItems(
            collaboration_form=form,
            items=[
                _item(r, lang)
                for r in requirements.for_form(form.number, level=level, shared=False)
            ],
        )
        for form in forms
    ]
    general = [_item(r, lang) for r in requirements.for_every_form(level=level)]
    steps = selectors.steps()
    step = next((s for s in steps if s.number == STEP), None)
    network = next(
        (
            hint.url
            for s in steps
            for action in s.actions.all()
            for hint in action.hints.all()
            if hint.page == "network" and hint.url
        ),
        "",
    )
    edition = selectors.edition()
    finder_url = reverse("handbook:institutions") + (f"?level={level}" if level else "")
    return WhatToDo(
        forms=per_form,
        general=general,
        level=level,
        actions=list(step.actions.all()) if step else [],
        listings=listings,
        province=province,
        place_label=place_label,
        finder_url=finder_url,
        place_url=place_url,
        email=edition.publisher_email if edition else "",
        website=edition.publisher_website if edition else "",
        network_url=network,
        step_url=reverse("handbook:steps") + f"#stap-{STEP}",
    )
