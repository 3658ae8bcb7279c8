"""Read-only API of the knowledge base."""

from typing import Literal

from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from samenwerkt.handbook import selectors
from samenwerkt.handbook.models import Example

from .schemas import (
    LANG_DESCRIPTION,
    ErrorOut,
    ExampleOut,
    FormOut,
    ReasonOut,
    RegionOut,
    StepOut,
    TipOut,
)

router = Router(tags=["handbook"])

Lang = Literal["nl", "en"] | None
MAX_LIMIT = 100
# /forms lists the first examples of each form; /examples?form=N has them all.
EXAMPLES_PER_FORM = 10


class BoundedPagination(LimitOffsetPagination):
    """limit 1–100 and a sane offset: a huge number is a 422, not a database error."""

    class Input(Schema):
        limit: int = Field(
            MAX_LIMIT,
            ge=1,
            le=MAX_LIMIT,
            description=gettext_noop("How many items one answer holds at most."),
        )
        offset: int = Field(
            0, ge=0, le=1_000_000, description=gettext_noop("How many items to skip.")
        )


class LangQuery(Schema):
    lang: Lang = Field(None, description=LANG_DESCRIPTION)


def _plain(number):
    return float(number) if number is not None else None


@router.get(
    "/reasons",
    response={200: list[ReasonOut], 422: ErrorOut},
    summary=gettext_noop("The four reasons A–D"),
)
def reasons(request, params: Query[LangQuery]):
    return [
        {
            "code": r.code,
            "slug": r.slug,
            "name": r.name,
            "short_name": r.short_name,
            "summary": r.summary,
        }
        for r in selectors.reasons()
    ]


@router.get(
    "/forms",
    response={200: list[FormOut], 422: ErrorOut},
    summary=gettext_noop("The eight forms with their stars"),
)
def forms(request, params: Query[LangQuery]):
    forms_list = selectors.collaboration_forms()
    examples = selectors.example_refs_by_collaboration_form(per_form=EXAMPLES_PER_FORM)
    counts = selectors.example_counts_by_collaboration_form()
    return [
        {
            "number": f.number,
            "slug": f.slug,
            "name": f.name,
            "summary": f.summary,
            "effort": f.effort,
            "band": f.band,
            "outcomes": selectors.outcome_map(f),
            "examples": [{"slug": e.slug, "title": e.title} for e in examples.get(f.pk, [])],
            "example_count": counts.get(f.pk, 0),
        }
        for f in forms_list
    ]


class ExampleQuery(Schema):
    lang: Lang = Field(None, description=LANG_DESCRIPTION)
    form: int | None = Field(None, description=gettext_noop("Only examples of this form (1–8)."))
    reason: Literal["A", "B", "C", "D"] | None = Field(
        None, description=gettext_noop("Only examples for this reason.")
    )
    level: Literal["MBO", "HBO", "other"] | None = Field(
        None, description=gettext_noop("Only examples at this level of education.")
    )
    region: str | None = Field(
        None,
        pattern=r"^[a-z0-9-]{1,50}$",
        description=gettext_noop("Only examples in this region: its slug, e.g. noord-west."),
    )


@router.get(
    "/examples",
    response={200: list[ExampleOut], 422: ErrorOut},
    summary=gettext_noop("Practice examples, filterable"),
)
@paginate(BoundedPagination)
def examples(request, params: Query[ExampleQuery]):
    filters = selectors.ExampleFilters(
        form=params.form, reason=params.reason, level=params.level, region=params.region
    )
    qs = selectors.examples(filters).prefetch_related("institutions", "figures")
    return _ExampleRows(qs)


class _ExampleRows:
    """Turns only the requested page of examples into dicts (pagination slices us)."""

    def __init__(self, qs):
        self.qs = qs

    def __len__(self):
        return self.qs.count()

    def count(self):
        return self.qs.count()

    def __getitem__(self, item):
        return [_example(e) for e in self.qs[item]]


def _example(e: Example) -> dict:
    return {
        "slug": e.slug,
        "title": e.title,
        "summary": e.summary,
        "form": e.collaboration_form.number,
        "levels": e.levels,
        "reasons": [r.code for r in e.reasons.all()],
        "regions": [r.slug for r in e.regions.all()],
        "organisations": e.organisation_names,
        "institutions": [i.name for i in e.institutions.all()],
        "links": e.links,
        "figures": [
            {
                "label": f.label,
                "value": float(f.value),
                "value_max": _plain(f.value_max),
                "unit": f.unit,
                "qualifier": f.qualifier,
            }
            for f in e.figures.all()
        ],
    }


@router.get(
    "/regions",
    response={200: list[RegionOut], 422: ErrorOut},
    summary=gettext_noop("Techniekpact regions and schools"),
)
def regions(request, params: Query[LangQuery]):
    rows = selectors.regions_with_institutions()
    return [
        {
            "slug": r.slug,
            "name": r.name,
            "provinces": [p.name for p in r.provinces.all()],
            "institutions": [
                {"name": item.institution.name, "level": item.institution.level}
                for item in r.listings.all()
            ],
        }
        for r in rows
    ]


@router.get(
    "/tips",
    response={200: list[TipOut], 422: ErrorOut},
    summary=gettext_noop("The five golden tips"),
)
def tips(request, params: Query[LangQuery]):
    return [
        {
            "number": t.number,
            "title": t.title,
            "summary": t.summary,
            "points": [{"title": p.title, "body": p.body} for p in t.points.all()],
        }
        for t in selectors.tips()
    ]


@router.get(
    "/steps",
    response={200: list[StepOut], 422: ErrorOut},
    summary=gettext_noop("The three-step plan"),
)
def steps(request, params: Query[LangQuery]):
    return [
        {
            "number": s.number,
            "title": s.title,
            "summary": s.summary,
            "actions": [
                {
                    "number": a.number,
                    "title": a.title,
                    "body": a.body,
                    "hints": [
                        {"text": h.text, "chapter": h.chapter, "url": h.url} for h in a.hints.all()
                    ],
                }
                for a in s.actions.all()
            ],
        }
        for s in selectors.steps()
    ]
