"""The advisor over JSON: the same engine as the question pages and the CLI."""

from typing import Literal

from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from samenwerkt.advisor import engine
from samenwerkt.advisor.selectors import advice_for, explanation_for

from .schemas import LANG_DESCRIPTION, AdviceOut, ErrorOut

router = Router(tags=["advisor"])


class AdviceQuery(Schema):
    effort: Literal["low", "medium", "high"] = Field(
        ...,
        description=gettext_noop("Effort band: low (1–2 effort stars), medium (3) or high (5)."),
    )
    reasons: str = Field(
        ...,
        max_length=engine.REASONS_MAX_LENGTH,
        pattern=engine.REASONS_PATTERN,
        description=gettext_noop(
            "Comma-separated reason codes A–D, each optionally weighted 1–3: `A,C` or `A:2,C`."
        ),
        examples=["A,C"],
    )
    lang: Literal["nl", "en"] | None = Field(None, description=LANG_DESCRIPTION)


@router.get(
    "/advice",
    response={200: AdviceOut, 422: ErrorOut},
    summary=gettext_noop("Which forms of collaboration fit an effort band and reasons"),
)
def advice(request, params: Query[AdviceQuery]):
    try:
        question = engine.Question.build(
            band=params.effort, reasons=engine.parse_reasons(params.reasons)
        )
    except engine.AdviceError as exc:
        raise ValidationError(
            [{"loc": ["query", exc.parameter], "msg": exc.message, "type": "value_error"}]
        ) from None
    result, forms, reasons = advice_for(question)
    return {
        "effort": question.band.value,
        "reasons": dict(question.weights),
        "recommended": list(result.recommended),
        "ranking": [
            {
                "number": item.number,
                "name": forms[item.number].name,
                "score": item.score,
                "effort": item.effort,
                "recommended": item.recommended,
            }
            for item in result.ranking
        ],
        "explanation": explanation_for(result, forms, reasons),
        "neighbours": {band.value: list(numbers) for band, numbers in result.neighbours.items()},
    }
