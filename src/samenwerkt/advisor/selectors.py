"""What the advisor's pages and the API need around the engine's decision:
names, examples and institutions. The decision itself stays in :mod:`engine`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from samenwerkt.handbook import selectors as handbook
from samenwerkt.handbook.bands import BAND_ORDER, EffortBand
from samenwerkt.handbook.models import CollaborationForm, Example, Province, Reason

from . import diagram as diagram_module
from . import engine


@dataclass
class AdviceView:
    advice: engine.Advice
    explanation: str
    collaboration_forms: dict[int, CollaborationForm]
    reasons: list[Reason]
    ranking: list[tuple[engine.RankedForm, CollaborationForm]]
    recommended: list[CollaborationForm]
    neighbours: list[tuple[EffortBand, list[CollaborationForm]]]
    examples: list[Example]
    listings: list[handbook.SchoolRow] | None
    province: Province | None = None  # the place chosen, when it is a province


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
    advice = engine.advise(ratings_table(forms_list), question)
    reasons = reasons if reasons is not None else handbook.reason_list()
    return advice, {f.number: f for f in forms_list}, reasons


def advice_view(
    question: engine.Question,
    *,
    place: handbook.InstitutionFilters | None = None,
    reasons: list[Reason] | None = None,
) -> AdviceView:
    advice, forms, reasons = advice_for(question, reasons=reasons)
    chosen = [r for r in reasons if r.code in question.weights]
    listings = None
    if place is not None and (place.region or place.province or place.level):
        listings = handbook.school_rows(handbook.listings(place)[:60])
    return AdviceView(
        advice=advice,
        explanation=explanation_for(advice, forms, reasons),
        collaboration_forms=forms,
        reasons=chosen,
        ranking=[(item, forms[item.number]) for item in advice.ranking],
        recommended=[forms[n] for n in advice.recommended],
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
