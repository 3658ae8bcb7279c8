"""The advisor's question flow, declared once (see :mod:`samenwerkt.core.flow`):

    effort → reasons → weights (only with two or more reasons) → place → check → result

Three questions: how much you can put in, what you want (weighing several reasons is
part of that question, so the counter stays "of 3"), and, optionally, where and which
level. Every page name, answer key and link below follows from this table.
"""

from __future__ import annotations

from samenwerkt.core.flow import Answers, Flow, Step
from samenwerkt.handbook import selectors as handbook
from samenwerkt.handbook.forms import split_place

from . import engine
from .forms import DEFAULT_WEIGHT, EffortForm, PlaceForm, ReasonsForm, WeightsForm


def _context() -> dict:
    # Memoised per content version: one indexed row per request however often read.
    return {"reasons": handbook.reason_list(), "regions": handbook.regions_with_provinces()}


def chosen_reasons(answers: Answers) -> list:
    """The handbook's reasons chosen so far, in code order (empty if not valid)."""
    codes = answers.cleaned("reasons").get("reason", [])
    return [r for r in answers.context["reasons"] if r.code in codes]


FLOW = Flow(
    steps=[
        Step(
            "effort",
            "advisor:effort",
            EffortForm,
            "advisor/question_effort.html",
            form_kwargs=lambda a: {"forms_list": handbook.collaboration_forms()},
        ),
        Step(
            "reasons",
            "advisor:reasons",
            ReasonsForm,
            "advisor/question_reasons.html",
            form_kwargs=lambda a: {"reasons": a.context["reasons"]},
        ),
        Step(
            "weights",
            "advisor:weights",
            WeightsForm,
            "advisor/question_weights.html",
            asked=lambda a: len(chosen_reasons(a)) > 1,
            form_kwargs=lambda a: {"reasons": chosen_reasons(a)},
            part_of="reasons",
        ),
        Step(
            "place",
            "advisor:place",
            PlaceForm,
            "advisor/question_place.html",
        ),
    ],
    start_url_name="advisor:start",
    check_url_name="advisor:check",
    context=_context,
)

# How many questions the advisor asks, as every page states it (home, start, counter).
QUESTION_COUNT = FLOW.total


class AdvisorAnswers:
    """The flow's answers as the advisor's pages use them: the forms by name, the
    chosen reasons, the engine's question and the place filters."""

    def __init__(self, data):
        self.flow = FLOW.read(data)
        forms = self.flow.forms
        self.effort = forms["effort"]
        self.reasons = forms["reasons"]
        self.weights = forms.get("weights")
        self.place = forms["place"]
        self.reasons_all = self.flow.context["reasons"]
        self.regions = self.flow.context["regions"]
        self.chosen = chosen_reasons(self.flow)

    @property
    def has_weights(self) -> bool:
        return self.weights is not None

    @property
    def complete(self) -> bool:
        return self.flow.complete

    def question(self) -> engine.Question:
        """The engine's question; only for complete answers."""
        weights = self.weights.weights() if self.weights is not None else {}
        return engine.Question.build(
            band=self.effort.cleaned_data["effort"],
            reasons={r.code: weights.get(r.code, DEFAULT_WEIGHT) for r in self.chosen},
        )

    def place_filters(self) -> handbook.InstitutionFilters:
        region, province = split_place(self.place.cleaned_data.get("place", ""))
        return handbook.InstitutionFilters(
            region=region, province=province, level=self.place.cleaned_data.get("level") or None
        )

    def place_label(self) -> str:
        value = self.place.cleaned_data.get("place", "")
        for group, options in self.place.fields["place"].choices:
            if isinstance(options, list | tuple):
                for key, label in options:
                    if key == value:
                        return str(label)
            elif group == value:
                return str(options)
        return ""
