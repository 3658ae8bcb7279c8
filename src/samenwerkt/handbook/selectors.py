"""Reads of the knowledge base. Every public page gets its data here, in a fixed
number of queries whatever the amount of content (prefetching, never per-row)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from samenwerkt.advisor.engine import BAND_ORDER, EffortBand, FormRating, band_for_effort

from .models import (
    Chapter,
    CollaborationForm,
    Edition,
    Example,
    ExternalLink,
    Institution,
    Listing,
    Outcome,
    Province,
    Reason,
    Region,
    Source,
    Step,
    Tip,
)


def edition() -> Edition | None:
    return Edition.objects.first()


def reasons() -> list[Reason]:
    """The reasons with their benefits (the reasons page)."""
    return list(Reason.objects.prefetch_related("benefits"))


def reason_list() -> list[Reason]:
    """Just the four reasons, for choices and labels."""
    return list(Reason.objects.all())


def forms_with_outcomes() -> list[CollaborationForm]:
    outcomes = Outcome.objects.select_related("reason").order_by("reason__code")
    return list(CollaborationForm.objects.prefetch_related(Prefetch("outcomes", queryset=outcomes)))


def outcome_map(form: CollaborationForm) -> dict[str, int]:
    """{reason code: stars} from a form fetched by :func:`forms_with_outcomes`."""
    return {o.reason.code: o.stars for o in form.outcomes.all()}


def ratings_table(forms: list[CollaborationForm] | None = None) -> list[FormRating]:
    """The ratings the advisor engine decides on."""
    forms = forms if forms is not None else forms_with_outcomes()
    return [FormRating(number=f.number, effort=f.effort, outcomes=outcome_map(f)) for f in forms]


def forms_by_band(forms: list[CollaborationForm]) -> list[tuple[EffortBand, list]]:
    return [(band, [f for f in forms if band_for_effort(f.effort) == band]) for band in BAND_ORDER]


FORM_PAGE_EXAMPLES = 6


@dataclass(frozen=True)
class FormPage:
    form: CollaborationForm
    examples: list[Example]  # the first few; the examples list has them all
    example_count: int


def form_detail(slug: str) -> FormPage | None:
    outcomes = Outcome.objects.select_related("reason").order_by("reason__code")
    form = (
        CollaborationForm.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("outcomes", queryset=outcomes),
            Prefetch("tips", queryset=Tip.objects.prefetch_related("points")),
        )
        .first()
    )
    if form is None:
        return None
    examples = Example.objects.select_related("form").filter(form=form).order_by("position", "id")
    return FormPage(
        form=form,
        examples=list(examples[:FORM_PAGE_EXAMPLES]),
        example_count=examples.count(),
    )


def tips() -> list[Tip]:
    return list(Tip.objects.prefetch_related("points", "forms"))


def steps() -> list[Step]:
    return list(Step.objects.prefetch_related("actions__hints"))


@dataclass(frozen=True)
class ExampleFilters:
    form: int | None = None
    reason: str | None = None
    level: str | None = None
    region: str | None = None
    q: str = ""


LEVEL_FIELDS = {"MBO": "level_mbo", "HBO": "level_hbo", "other": "level_other"}


def examples(filters: ExampleFilters = ExampleFilters()) -> QuerySet[Example]:
    qs = Example.objects.select_related("form").prefetch_related("regions", "reasons")
    if filters.form:
        qs = qs.filter(form__number=filters.form)
    if filters.reason:
        qs = qs.filter(reasons__code=filters.reason)
    if filters.level:
        qs = qs.filter(**{LEVEL_FIELDS[filters.level]: True})
    if filters.region:
        qs = qs.filter(regions__slug=filters.region)
    if filters.q:
        qs = qs.filter(Q(title_nl__icontains=filters.q) | Q(title_en__icontains=filters.q))
    return qs.order_by("position", "id").distinct()


def example_refs_by_form(*, per_form: int = 10) -> dict[int, list[Example]]:
    """Slug and title of the first ``per_form`` examples of each form, by form id (one
    query, however many examples there are)."""
    ranked = Example.objects.annotate(
        rank=Window(RowNumber(), partition_by=F("form_id"), order_by=[F("position"), F("id")])
    ).filter(rank__lte=per_form)
    refs: dict[int, list[Example]] = {}
    for example in ranked.only("slug", "title_nl", "title_en", "form_id", "position").order_by(
        "form_id", "position", "id"
    ):
        refs.setdefault(example.form_id, []).append(example)
    return refs


def example_counts_by_form() -> dict[int, int]:
    return dict(
        Example.objects.values("form_id").annotate(n=Count("id")).values_list("form_id", "n")
    )


def example_detail(slug: str) -> Example | None:
    return (
        Example.objects.select_related("form")
        .prefetch_related("institutions", "regions", "reasons", "figures")
        .filter(slug=slug)
        .first()
    )


def examples_for_forms(numbers: list[int], *, per_form: int = 4) -> list[Example]:
    """Examples of the given forms, in the order of ``numbers`` (best advice first)."""
    rows = (
        Example.objects.select_related("form")
        .filter(form__number__in=numbers)
        .order_by("form__number", "position")
    )
    by_form: dict[int, list[Example]] = {}
    for example in rows[: per_form * max(len(numbers), 1) * 4]:
        by_form.setdefault(example.form.number, []).append(example)
    return [e for n in numbers for e in by_form.get(n, [])[:per_form]]


def regions_with_provinces() -> list[Region]:
    return list(Region.objects.prefetch_related("provinces"))


def provinces() -> list[Province]:
    return list(Province.objects.select_related("region"))


@dataclass(frozen=True)
class InstitutionFilters:
    region: str | None = None
    province: str | None = None
    level: str | None = None
    q: str = ""


def region_slug_for(filters: InstitutionFilters) -> str | None:
    """A province narrows to its Techniekpact region, the appendix's unit."""
    if filters.province:
        province = Province.objects.select_related("region").filter(slug=filters.province).first()
        return province.region.slug if province else None
    return filters.region


def listings(filters: InstitutionFilters = InstitutionFilters()) -> QuerySet[Listing]:
    """The appendix's rows (an institution under a region), filtered."""
    qs = Listing.objects.select_related("region", "institution")
    region = region_slug_for(filters)
    if region:
        qs = qs.filter(region__slug=region)
    if filters.level:
        qs = qs.filter(institution__level=filters.level)
    if filters.q:
        qs = qs.filter(institution__name__icontains=filters.q)
    return qs.order_by("region__position", "institution__level", "position", "institution__name")


def regions_with_institutions(region: str | None = None) -> list[Region]:
    listed = Listing.objects.select_related("institution").order_by(
        "institution__level", "position"
    )
    qs = Region.objects.prefetch_related("provinces", Prefetch("listings", queryset=listed))
    if region:
        qs = qs.filter(slug=region)
    return list(qs)


def institutions() -> QuerySet[Institution]:
    return Institution.objects.all()


def about() -> dict:
    """The handbook as a publication: survey figures, sources, chapters, links."""
    return {
        "edition": edition(),
        "sources": list(Source.objects.all()),
        "chapters": list(Chapter.objects.all()),
        "links": list(ExternalLink.objects.all()),
    }
