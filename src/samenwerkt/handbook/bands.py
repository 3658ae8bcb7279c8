"""Effort bands and reason codes: handbook facts, as plain Python (no Django here).

The beslisboom of the handbook starts from how much of its own people and means a
company can put in. It names three amounts (*weinig*, *gemiddeld*, *veel*); each form
of collaboration falls in one by its effort stars: 1–2 stars little, 3 medium, 5 much.
No form has 4 stars; we count 4 as much, so every possible rating has a band.

This module is the one home of those facts and of their labels. The advisor engine
(pure Python) and the pages (Django) both import it; it imports nothing of ours, so
the layering ``core → handbook → advisor`` holds.

Labels are English source strings marked with ``_`` so ``makemessages`` extracts them
into the Dutch catalogue; pages pass them through ``gettext``/``gettext_lazy``.
"""

from __future__ import annotations

from enum import StrEnum


def _(text: str) -> str:
    """Mark a string for translation without translating it here (gettext_noop)."""
    return text


# Why a company collaborates: the four reasons of chapter 2.
REASON_CODES: tuple[str, ...] = ("A", "B", "C", "D")

# How much one chosen reason may count against another in the advisor (1..MAX_WEIGHT).
MAX_WEIGHT = 3

# Effort stars at or below this are "little"; exactly MEDIUM_STARS is "medium"; more
# is "much" (the handbook's forms have 1, 2, 3 or 5 stars).
LOW_MAX_STARS = 2
MEDIUM_STARS = 3
MIN_STARS, MAX_STARS = 1, 5


class EffortBand(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def order(self) -> int:
        return BAND_ORDER.index(self)

    @property
    def name_label(self) -> str:
        """The band as the beslisboom names it, untranslated ("little effort in …")."""
        return BAND_NAMES[self]

    @property
    def choice_label(self) -> str:
        """The band as an answer to the advisor's first question, untranslated."""
        return BAND_CHOICES[self]


BAND_ORDER: tuple[EffortBand, ...] = (EffortBand.LOW, EffortBand.MEDIUM, EffortBand.HIGH)

# The beslisboom's names of the bands, lower case to sit inside a sentence.
BAND_NAMES: dict[EffortBand, str] = {
    EffortBand.LOW: _("little effort in people and means"),
    EffortBand.MEDIUM: _("medium effort in people and means"),
    EffortBand.HIGH: _("much effort in people and means"),
}

# The same bands as answers a company can recognise itself in: in words, with what the
# handbook's forms of that band ask. The handbook measures effort only in stars (time
# and money together), never in hours, so neither do these labels.
BAND_CHOICES: dict[EffortBand, str] = {
    EffortBand.LOW: _("Little: now and then, such as a stand at a job fair or a guest lesson"),
    EffortBand.MEDIUM: _(
        "Medium: regular time of your people, such as guiding an intern or an employee "
        "who also teaches"
    ),
    EffortBand.HIGH: _(
        "Much: a lasting commitment of people and means, such as shaping a course or a "
        "dual programme together with the school"
    ),
}


def band_for_effort(stars: int) -> EffortBand:
    """The band of a form with ``stars`` effort stars; ValueError outside 1–5."""
    if isinstance(stars, bool) or not MIN_STARS <= stars <= MAX_STARS:
        raise ValueError(f"effort stars must be {MIN_STARS} to {MAX_STARS}, got {stars}")
    if stars <= LOW_MAX_STARS:
        return EffortBand.LOW
    if stars == MEDIUM_STARS:
        return EffortBand.MEDIUM
    return EffortBand.HIGH
