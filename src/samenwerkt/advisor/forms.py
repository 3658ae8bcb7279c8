"""The advisor's questions, one form per page (GOV.UK style); the flow that strings
them together is in :mod:`questions` (on :mod:`samenwerkt.core.flow`).

Answers travel in the query string, not in a session: every page, and the result,
has a URL that can be bookmarked or shared, and nothing is stored for a visitor.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext_lazy as _

from samenwerkt.core.flow import FlowForm
from samenwerkt.handbook.bands import BAND_ORDER, MAX_WEIGHT, REASON_CODES, band_for_effort
from samenwerkt.handbook.forms import place_choices

# The bands' labels live in handbook/bands.py (one source); translated here, lazily.
BAND_LABELS = {band: gettext_lazy(band.choice_label) for band in BAND_ORDER}

# The engine's scale (1..MAX_WEIGHT); a reason not weighed counts 1, "important".
DEFAULT_WEIGHT = 1
WEIGHT_CHOICES = [
    ("1", _("Important")),
    ("2", _("More important")),
    ("3", _("Most important")),
]
WEIGHT_LABELS = {int(value): label for value, label in WEIGHT_CHOICES}

LEVEL_CHOICES = [("", _("MBO and HBO")), ("MBO", "MBO"), ("HBO", "HBO")]


@dataclass(frozen=True)
class Goal:
    """A reason of the handbook as what a company wants: our words, in both
    languages, next to the handbook's own name of the reason (the reference)."""

    code: str
    title: str
    text: str


# What companies want, per handbook reason (A staff shortage, B innovation and
# research, C social responsibility, D network and brand awareness). Prose of our own,
# summarising chapter 2 of the handbook; the handbook's names come from the database.
GOALS = {
    "A": Goal(
        "A",
        _("Interns and future colleagues"),
        _(
            "Through an internship, a graduation or a practice assignment you get to "
            "know students who may come to work for you later."
        ),
    ),
    "B": Goal(
        "B",
        _("New ideas and research"),
        _(
            "Students have time and room to experiment, for example on a prototype, "
            "and you gain access to new equipment."
        ),
    ),
    "C": Goal(
        "C",
        _("Giving something back"),
        _(
            "You help everyone learn digital skills and show you care for your "
            "neighbourhood or town."
        ),
    ),
    "D": Goal(
        "D",
        _("Being known"),
        _(
            "Students get to know your company while they study, and your network of "
            "schools and companies grows."
        ),
    ),
}


def stars_text(stars: list[int]) -> str:
    """``[1, 2]`` → "1 or 2 effort stars"; ``[3]`` → "3 effort stars"."""
    if len(stars) == 1:
        return ngettext("%(n)s effort star", "%(n)s effort stars", stars[0]) % {"n": stars[0]}
    return gettext("%(first)s or %(last)s effort stars") % {
        "first": ", ".join(str(n) for n in stars[:-1]),
        "last": stars[-1],
    }


@dataclass(frozen=True)
class EffortOption:
    """One answer to the effort question with what the handbook puts in that band."""

    choice: object  # the radio (a bound widget)
    stars: str  # the band's effort stars in words
    forms: list  # the handbook's forms of collaboration in the band


class EffortForm(FlowForm):
    effort = forms.ChoiceField(
        label=_("How much of your own people and means can you put in?"),
        choices=[(band.value, BAND_LABELS[band]) for band in BAND_ORDER],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how much effort you can put in."),
            "invalid_choice": _("Choose one of the three amounts of effort."),
            "repeated": _("Choose one amount of effort."),
        },
    )

    def __init__(self, *args, forms_list=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.forms_list = list(forms_list)

    def options(self) -> list[EffortOption]:
        """Each radio with the handbook's forms of that band and their effort stars:
        what "little", "medium" and "much" ask, in the handbook's own measure."""
        by_band: dict[str, list] = {band.value: [] for band in BAND_ORDER}
        for item in self.forms_list:
            by_band[band_for_effort(item.effort).value].append(item)
        return [
            EffortOption(
                choice=choice,
                stars=stars_text(sorted({f.effort for f in by_band[choice.data["value"]]})),
                forms=by_band[choice.data["value"]],
            )
            if by_band.get(choice.data["value"])
            else EffortOption(choice=choice, stars="", forms=[])
            for choice in self["effort"]
        ]


@dataclass(frozen=True)
class ReasonOption:
    choice: object  # the checkbox (a bound widget)
    goal: Goal
    reason: object  # the handbook's Reason


class ReasonsForm(FlowForm):
    reason = forms.MultipleChoiceField(
        label=_("What do you want from working with education?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one thing you want."),
            "invalid_choice": _("Choose reasons from the list only."),
            "repeated": _("Choose each reason only once."),
        },
    )

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.reasons = {r.code: r for r in reasons}
        self.fields["reason"].choices = [(code, GOALS[code].title) for code in REASON_CODES]

    def options(self) -> list[ReasonOption]:
        """Each checkbox with its goal in our words and the handbook's reason."""
        return [
            ReasonOption(
                choice=choice,
                goal=GOALS[choice.data["value"]],
                reason=self.reasons.get(choice.data["value"]),
            )
            for choice in self["reason"]
        ]


class WeightsForm(FlowForm):
    """How much each chosen reason counts; only asked when there are several. Every
    reason starts as "important" (the engine's weight 1), so Continue is enough."""

    answer_keys = tuple(f"weight_{code}" for code in REASON_CODES)

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.reasons = list(reasons)
        for reason in self.reasons:
            self.fields[f"weight_{reason.code}"] = forms.TypedChoiceField(
                label=GOALS[reason.code].title,
                choices=WEIGHT_CHOICES,
                coerce=int,
                required=False,
                empty_value=DEFAULT_WEIGHT,
                initial=str(DEFAULT_WEIGHT),
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Choose one of the three options."),
                    "repeated": _("Choose one option for each reason."),
                },
            )

    def answered(self) -> bool:
        # Every reason asked has its weight: a reason added later is asked about.
        return all(self.add_prefix(name) in self.query for name in self.fields)

    def rows(self) -> list[tuple[forms.BoundField, object]]:
        """Each weight's radios with the handbook's reason it weighs."""
        return [(self[f"weight_{reason.code}"], reason) for reason in self.reasons]

    def weights(self) -> dict[str, int]:
        return {
            name.removeprefix("weight_"): value or DEFAULT_WEIGHT
            for name, value in self.cleaned_data.items()
        }


class PlaceForm(FlowForm):
    place = forms.ChoiceField(
        label=_("Where do you look for an education partner?"),
        required=False,
        error_messages={"invalid_choice": _("Choose a province or region from the list.")},
    )
    level = forms.ChoiceField(
        label=_("Which level of education?"),
        required=False,
        choices=LEVEL_CHOICES,
        initial="",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose MBO, HBO or both.")},
    )

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(regions)


assert len(WEIGHT_CHOICES) == MAX_WEIGHT
assert set(GOALS) == set(REASON_CODES)
