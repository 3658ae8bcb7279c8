"""The beslisboom and the advisor, as pure Python (no Django here).

The handbook's decision tree starts from how much of its own people and means a
company can put in (an effort band), then asks the reason, and ends in the best
fitting form of collaboration. This module generalises it to several, optionally
weighted, reasons:

* effort bands follow the tree (:mod:`samenwerkt.handbook.bands`, the one home of
  the bands and reason codes): *weinig* = forms with 1–2 effort stars, *gemiddeld*
  = 3, *veel* = 4–5;
* within the chosen band a form scores the weighted sum of its outcome stars for the
  chosen reasons; the forms with the top score are recommended together;
* the ranking orders by score, then lower effort first, then higher total outcome
  over all four reasons, then form number (so the order is always the same).

With one reason of weight 1 this is exactly the handbook's tree: each of its twelve
leaves (3 bands × 4 reasons) follows from the ratings table.

Views, the API and the ``advise`` command all call :func:`advise`; it is the one
place the decision rule lives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from samenwerkt.handbook.bands import (
    BAND_ORDER,
    MAX_WEIGHT,
    REASON_CODES,
    EffortBand,
    band_for_effort,
)


class AdviceError(ValueError):
    """A question the advisor cannot answer; ``parameter`` names the culprit."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class FormRating:
    """What the advisor knows of one form: its number, effort and outcome stars."""

    number: int
    effort: int
    outcomes: Mapping[str, int]

    @property
    def band(self) -> EffortBand:
        return band_for_effort(self.effort)

    @property
    def total_outcome(self) -> int:
        return sum(self.outcomes.get(code, 0) for code in REASON_CODES)


@dataclass(frozen=True)
class Question:
    band: EffortBand
    weights: Mapping[str, int]  # reason code → weight (1..MAX_WEIGHT)

    @classmethod
    def build(cls, *, band: str, reasons: Iterable[str] | Mapping[str, int]) -> Question:
        """Validate raw input into a question; raise AdviceError naming the bad part."""
        try:
            effort_band = EffortBand(str(band).strip().lower())
        except ValueError:
            allowed = ", ".join(b.value for b in BAND_ORDER)
            raise AdviceError("effort", f"effort must be one of {allowed}") from None
        if isinstance(reasons, Mapping):
            pairs = list(reasons.items())
        else:
            pairs = [(code, 1) for code in reasons]
        weights: dict[str, int] = {}
        for raw_code, weight in pairs:
            code = str(raw_code).strip().upper()
            if code not in REASON_CODES:
                allowed = ", ".join(REASON_CODES)
                raise AdviceError("reasons", f"reasons must be among {allowed}")
            if not isinstance(weight, int) or not 1 <= weight <= MAX_WEIGHT:
                raise AdviceError("weights", f"a weight must be a whole number 1 to {MAX_WEIGHT}")
            weights[code] = weight
        if not weights:
            raise AdviceError("reasons", "choose at least one reason (A, B, C, D)")
        ordered = {code: weights[code] for code in REASON_CODES if code in weights}
        return cls(band=effort_band, weights=ordered)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(self.weights)


# What ``reasons`` may look like, also published in the API's schema: codes A–D, each
# optionally ``:1``–``:3``, comma-separated. Kept in one place so the schema and the
# parser agree exactly.
REASONS_PATTERN = r"^\s*[A-Da-d]\s*(:\s*[1-3]\s*)?(,\s*[A-Da-d]\s*(:\s*[1-3]\s*)?)*$"
REASONS_MAX_LENGTH = 40
_REASONS_RE = re.compile(REASONS_PATTERN)


def parse_reasons(raw: str) -> dict[str, int]:
    """``"A:2, c"`` → {"A": 2, "C": 1}; raises AdviceError on anything else.

    A reason given twice counts once, with the higher weight.
    """
    if not raw.replace(",", "").strip():
        raise AdviceError("reasons", "choose at least one reason (A, B, C, D)")
    if len(raw) > REASONS_MAX_LENGTH or not _REASONS_RE.match(raw):
        raise AdviceError(
            "reasons",
            f"reasons must be among A, B, C, D, comma-separated, each optionally with a "
            f"weight 1 to {MAX_WEIGHT} after a colon (e.g. A,C:2)",
        )
    weights: dict[str, int] = {}
    for part in raw.split(","):
        code, _sep, weight = part.partition(":")
        code = code.strip().upper()
        weights[code] = max(weights.get(code, 0), int(weight) if weight.strip() else 1)
    return weights


@dataclass(frozen=True)
class RankedForm:
    number: int
    effort: int
    score: int
    total_outcome: int
    outcomes: Mapping[str, int]
    recommended: bool


@dataclass(frozen=True)
class Advice:
    question: Question
    ranking: tuple[RankedForm, ...]
    # What one band less or more effort would recommend (absent at the ends).
    neighbours: Mapping[EffortBand, tuple[int, ...]] = field(default_factory=dict)

    @property
    def recommended(self) -> tuple[int, ...]:
        return tuple(item.number for item in self.ranking if item.recommended)

    @property
    def top_score(self) -> int:
        return self.ranking[0].score if self.ranking else 0


def score(rating: FormRating, weights: Mapping[str, int]) -> int:
    return sum(weight * rating.outcomes.get(code, 0) for code, weight in weights.items())


# How forms with the same score are ordered, rule by rule: (attribute, 1 when the lower
# value comes first, -1 when the higher does). Less effort first, then more outcome
# stars over all four reasons, then the lower form number, so the order is always the
# same. FormRating and RankedForm both carry these attributes.
TIE_BREAKS: tuple[tuple[str, int], ...] = (("effort", 1), ("total_outcome", -1), ("number", 1))


def _rank_key(form_score: int, form: FormRating | RankedForm) -> tuple[int, ...]:
    return (-form_score, *(sign * getattr(form, name) for name, sign in TIE_BREAKS))


def tie_break(first: RankedForm, second: RankedForm) -> str:
    """The rule of :data:`TIE_BREAKS` that puts ``first`` before ``second`` when both
    have the same score: ``"effort"``, ``"total_outcome"`` or ``"number"``."""
    if first.score != second.score:
        raise ValueError("only forms with the same score are ordered by a tie break")
    for name, _sign in TIE_BREAKS:
        if getattr(first, name) != getattr(second, name):
            return name
    return TIE_BREAKS[-1][0]


def rank_band(ratings: Iterable[FormRating], question: Question) -> tuple[RankedForm, ...]:
    """The forms of the question's band, best first, with the top ones marked."""
    in_band = [r for r in ratings if r.band == question.band]
    scored = sorted(
        ((score(r, question.weights), r) for r in in_band),
        key=lambda pair: _rank_key(*pair),
    )
    best = scored[0][0] if scored else None
    return tuple(
        RankedForm(
            number=r.number,
            effort=r.effort,
            score=s,
            total_outcome=r.total_outcome,
            outcomes=dict(r.outcomes),
            recommended=s == best,
        )
        for s, r in scored
    )


def advise(ratings: Iterable[FormRating], question: Question) -> Advice:
    """Rank the forms of the chosen band and look one band down and up."""
    ratings = list(ratings)
    neighbours: dict[EffortBand, tuple[int, ...]] = {}
    position = question.band.order
    for other in (position - 1, position + 1):
        if 0 <= other < len(BAND_ORDER):
            band = BAND_ORDER[other]
            nearby = rank_band(ratings, Question(band=band, weights=question.weights))
            neighbours[band] = tuple(item.number for item in nearby if item.recommended)
    return Advice(question=question, ranking=rank_band(ratings, question), neighbours=neighbours)


def tree_leaves(ratings: Iterable[FormRating]) -> dict[tuple[EffortBand, str], tuple[int, ...]]:
    """Every leaf of the handbook's beslisboom: (band, reason) → recommended forms."""
    ratings = list(ratings)
    return {
        (band, code): advise(ratings, Question(band=band, weights={code: 1})).recommended
        for band in BAND_ORDER
        for code in REASON_CODES
    }


def _identity(text: str) -> str:
    return text


def explain(
    advice: Advice,
    *,
    form_names: Mapping[int, str],
    reason_names: Mapping[str, str],
    band_names: Mapping[EffortBand, str],
    _: Callable[[str], str] = _identity,
) -> str:
    """The advice in plain words. ``_`` translates; Django passes its gettext."""
    question = advice.question
    if not advice.ranking:
        return _("No form of collaboration asks %(band)s.") % {"band": band_names[question.band]}
    reasons = ", ".join(reason_names[code] for code in question.reasons)
    best = [form_names[n] for n in advice.recommended]
    weighted = any(weight != 1 for weight in question.weights.values())
    parts = [
        _("With %(band)s, the forms that fit are the ones the handbook rates in that band.")
        % {"band": band_names[question.band]},
    ]
    if len(question.reasons) == 1:
        parts.append(
            _("For the reason “%(reasons)s” the best expected outcome is %(score)s of 5 stars.")
            % {"reasons": reasons, "score": advice.top_score}
        )
    elif weighted:
        parts.append(
            _(
                "For the reasons %(reasons)s we add up the outcome stars, each times its "
                "weight; the best total is %(score)s."
            )
            % {"reasons": reasons, "score": advice.top_score}
        )
    else:
        parts.append(
            _(
                "For the reasons %(reasons)s we add up the outcome stars; "
                "the best total is %(score)s."
            )
            % {"reasons": reasons, "score": advice.top_score}
        )
    if len(best) == 1:
        parts.append(_("Recommended: %(form)s.") % {"form": best[0]})
    else:
        parts.append(
            _("These forms score equally well and are recommended together: %(forms)s.")
            % {"forms": "; ".join(best)}
        )
    return " ".join(parts)
