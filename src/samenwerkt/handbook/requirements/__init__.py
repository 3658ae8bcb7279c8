"""What a company has to arrange for each form of collaboration, in the Netherlands.

The handbook says *which* form fits; it does not say what a form asks of a company in
law and practice (a recognised training company, an internship agreement, a teaching
qualification …). These items come from public sources outside the handbook, gathered
in the project's research notes (``shared/research/practicalities.md``), and only what
those sources support is carried over. Each item names its sources and the year it was
true (``as_of``) and says whether a source settles it (``confirmed``). What no source
settled is written as a question to put to the school ("Check with the school whether …"),
never as a fact.

Pure Python (no Django; import-linter keeps it so): a table people argue about, tested
on its own (tests/handbook/test_requirements.py). Texts are bilingual dicts like the
handbook's YAML, so the translation catalogue is not involved. Form numbers are chapter
3's. The table is split by form only to keep each file readable: ``internships`` holds
form 5, the most asked for; ``other_forms`` the rest and what holds for every form.
"""

from __future__ import annotations

from . import internships, other_forms
from .model import ALL_FORMS, CHECK_WITH_THE_SCHOOL, LANGUAGES, LEVELS, Requirement, Source

__all__ = [
    "ALL_FORMS",
    "CHECK_WITH_THE_SCHOOL",
    "LANGUAGES",
    "LEVELS",
    "REQUIREMENTS",
    "Requirement",
    "Source",
    "for_every_form",
    "for_form",
]

REQUIREMENTS: tuple[Requirement, ...] = (*other_forms.ITEMS, *internships.ITEMS)


def _at(item: Requirement, level: str | None) -> bool:
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)} or None, not {level!r}")
    return level is None or item.level in (None, level)


def for_form(number: int, *, level: str | None = None, shared: bool = True) -> list[Requirement]:
    """The items for one form, in the table's order: with a level ("MBO" or "HBO"),
    that level's items and those for both; without one, every item. ``shared=False``
    leaves out what holds for every form (:func:`for_every_form`)."""
    return [
        item
        for item in REQUIREMENTS
        if number in item.forms and _at(item, level) and (shared or item.forms != ALL_FORMS)
    ]


def for_every_form(*, level: str | None = None) -> list[Requirement]:
    """What holds whichever form a company chooses (the school year)."""
    return [item for item in REQUIREMENTS if item.forms == ALL_FORMS and _at(item, level)]
