"""What the advisor's pages and the API need around the engine's decision:
names, examples and institutions. The decision itself stays in :mod:`engine`."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from django.utils.translation import gettext

from samenwerkt.core.content_memo import per_content_version
from samenwerkt.handbook import selectors as handbook
from samenwerkt.handbook.bands import BAND_ORDER, EffortBand
from samenwerkt.handbook.models import CollaborationForm, Example, Province, Reason

from . import diagram as diagram_module
from . import engine


@dataclass(frozen=True)
class ChosenReason:
    """A reason the visitor chose, with how much it counts (1 with a single reason)."""

    reason: Reason
    weight: int
    weight_label: str  # the answer it came from: "Most important" …


@dataclass(frozen=True)
class ReasonPart:
    """One chosen reason's part in a form's total: its outcome stars times the weight."""

    chosen: ChosenReason
    stars: int


@dataclass(frozen=True)
class RankedRow:
    item: engine.RankedForm
    collaboration_form: CollaborationForm
    parts: list[ReasonPart]


@dataclass(frozen=True)
class TieOrder:
    """Why ``first`` comes before ``second``, two forms with the same total: the rule
    of :data:`engine.TIE_BREAKS` that decided, and the two values it compared."""

    first: CollaborationForm
    second: CollaborationForm
    rule: str  # "effort", "total_outcome" or "number"
    first_value: int
    second_value: int


@dataclass
class AdviceView:
    advice: engine.Advice
    collaboration_forms: dict[int, CollaborationForm]
    reasons: list[ChosenReason]
    ranking: list[RankedRow]
    recommended: list[CollaborationForm]
    ties: list[TieOrder]  # the order of the recommended forms, pair by pair
    neighbours: list[tuple[EffortBand, list[CollaborationForm]]]
    examples: list[Example]
    listings: list[handbook.SchoolRow] | None
    province: Province | None = None  # the place chosen, when it is a province

    @property
    def several_reasons(self) -> bool:
        """Weights are asked, and a total shown, only with several reasons."""
        return len(self.reasons) > 1

    @property
    def weighted(self) -> bool:
        """Whether any reason counts more than once: the totals show "stars × weight"."""
        return any(chosen.weight != 1 for chosen in self.reasons)


def band_names() -> dict[EffortBand, str]:
    """Each band's name in the active language."""
    return {band: gettext(band.name_label) for band in BAND_ORDER}


def ratings_table(forms: list[CollaborationForm]) -> list[engine.FormRating]:
    """The ratings the engine decides on, from forms fetched by
    :func:`handbook.collaboration_forms`."""
    return [
        engine.FormRating(number=f.number, effort=f.effort, outcomes=handbook.outcome_map(f))
        for f in forms
    ]


@per_content_version
def handbook_ratings() -> list[engine.FormRating]:
    """The handbook's ratings as the engine reads them, built once per content version
    (every advice, on the site and in the API, decides on the same eight rows)."""
    return ratings_table(handbook.collaboration_forms())


def explanation_for(advice: engine.Advice, forms, reasons) -> str:
    return engine.explain(
        advice,
        form_names={n: f"{n}. {f.name}" for n, f in forms.items()},
        reason_names={r.code: f"{r.code}. {r.short_name}" for r in reasons},
        band_names=band_names(),
        _=gettext,
    )


def advice_for(
    question: engine.Question, *, reasons: list[Reason] | None = None
) -> tuple[engine.Advice, dict, list[Reason]]:
    forms_list = handbook.collaboration_forms()
    advice = engine.advise(handbook_ratings(), question)
    reasons = reasons if reasons is not None else handbook.reason_list()
    return advice, {f.number: f for f in forms_list}, reasons


def _ties(advice: engine.Advice, forms: dict[int, CollaborationForm]) -> list[TieOrder]:
    top = [item for item in advice.ranking if item.recommended]
    return [
        TieOrder(
            first=forms[first.number],
            second=forms[second.number],
            rule=(rule := engine.tie_break(first, second)),
            first_value=getattr(first, rule),
            second_value=getattr(second, rule),
        )
        for first, second in pairwise(top)
    ]


def advice_view(
    question: engine.Question,
    *,
    place: handbook.InstitutionFilters | None = None,
    reasons: list[Reason] | None = None,
    weight_labels: dict[int, str] | None = None,
) -> AdviceView:
    """The result page's reading of the advice: each form's stars for the chosen
    reasons and how they add up, why tied forms stand in their order, the neighbouring
    bands, examples and (with a place) schools."""
    advice, forms, reasons = advice_for(question, reasons=reasons)
    labels = weight_labels or {}
    chosen = [
        ChosenReason(r, question.weights[r.code], str(labels.get(question.weights[r.code], "")))
        for r in reasons
        if r.code in question.weights
    ]
    # Schools near the visitor only when a place was chosen: a level alone would list
    # the whole country's, so the page points to the finder instead.
    listings = None
    if place is not None and (place.region or place.province):
        listings = handbook.schools_near(place)
    return AdviceView(
        advice=advice,
        collaboration_forms=forms,
        reasons=chosen,
        ranking=[
            RankedRow(
                item=item,
                collaboration_form=forms[item.number],
                parts=[ReasonPart(c, item.outcomes.get(c.reason.code, 0)) for c in chosen],
            )
            for item in advice.ranking
        ],
        recommended=[forms[n] for n in advice.recommended],
        ties=_ties(advice, forms),
        neighbours=[
            (band, [forms[n] for n in numbers]) for band, numbers in advice.neighbours.items()
        ],
        examples=handbook.examples_for_collaboration_forms(
            list(advice.recommended), level=place.level if place is not None else None
        ),
        listings=listings,
        province=handbook.province_named(place.province) if place else None,
    )


@dataclass
class TreeLeaf:
    band: EffortBand
    reason: Reason
    forms: list[CollaborationForm]
    on_path: bool


def diagram(tree_rows) -> diagram_module.Diagram:
    from django.utils.translation import gettext as _

    return diagram_module.layout(
        tree_rows,
        band_names=band_names(),
        start_label=_("Start"),
        form_label=lambda f: f"{f.number}. {f.name}",
        tie_label=lambda numbers: (
            _("Forms %(numbers)s, equal score") % {"numbers": " + ".join(str(n) for n in numbers)}
        ),
    )


def tree(
    question: engine.Question | None = None,
    *,
    forms_list: list[CollaborationForm] | None = None,
    reasons: list[Reason] | None = None,
) -> list[tuple[EffortBand, list[TreeLeaf]]]:
    """The whole beslisboom, leaves computed from the ratings, with the user's path marked.

    Pass the forms and reasons a page already fetched to save their queries."""
    forms_list = forms_list if forms_list is not None else handbook.collaboration_forms()
    forms = {f.number: f for f in forms_list}
    leaves = engine.tree_leaves(ratings_table(forms_list))
    reasons = reasons if reasons is not None else handbook.reason_list()
    out = []
    for band in BAND_ORDER:
        row = []
        for reason in reasons:
            numbers = leaves.get((band, reason.code), ())
            on_path = bool(question and question.band == band and reason.code in question.weights)
            row.append(TreeLeaf(band, reason, [forms[n] for n in numbers], on_path))
        out.append((band, row))
    return out
