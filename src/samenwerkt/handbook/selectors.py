"""Reads of the knowledge base. Every public page gets its data here, in a fixed
number of queries whatever the amount of content (prefetching, never per-row)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Subquery

from samenwerkt.core.content_memo import per_content_version, per_content_version_one

from .bands import BAND_ORDER, EffortBand, band_for_effort
from .models import (
    Chapter,
    CollaborationForm,
    Edition,
    Example,
    ExternalLink,
    Institution,
    Outcome,
    ProfileLocation,
    Reason,
    SchoolProfile,
    Source,
    Step,
    Tip,
)
from .places import (  # noqa: F401 (re-exported: pages read everything from selectors)
    InstitutionFilters,
    ProvinceFirst,
    SchoolRow,
    institutions,
    institutions_checked,
    listings,
    province_named,
    provinces,
    regions_with_institutions,
    regions_with_provinces,
    school_rows,
    schools_near,
)


@per_content_version_one
def edition() -> Edition | None:
    return Edition.objects.first()


@per_content_version
def reasons() -> list[Reason]:
    """The reasons with their benefits (the reasons page)."""
    return list(Reason.objects.prefetch_related("benefits"))


@per_content_version
def reason_list() -> list[Reason]:
    """Just the four reasons, for choices and labels."""
    return list(Reason.objects.all())


@per_content_version
def collaboration_forms() -> list[CollaborationForm]:
    """The eight forms with their outcome stars (and each outcome's reason)."""
    outcomes = Outcome.objects.select_related("reason").order_by("reason__code")
    return list(CollaborationForm.objects.prefetch_related(Prefetch("outcomes", queryset=outcomes)))


def outcome_map(collaboration_form: CollaborationForm) -> dict[str, int]:
    """{reason code: stars} from a form fetched by :func:`collaboration_forms`."""
    return {o.reason.code: o.stars for o in collaboration_form.outcomes.all()}


def collaboration_forms_by_band(
    forms: list[CollaborationForm],
) -> list[tuple[EffortBand, list[CollaborationForm]]]:
    return [(band, [f for f in forms if band_for_effort(f.effort) == band]) for band in BAND_ORDER]


COLLABORATION_FORM_PAGE_EXAMPLES = 6


@dataclass(frozen=True)
class CollaborationFormPage:
    collaboration_form: CollaborationForm
    examples: list[Example]  # the first few; the examples list has them all
    example_count: int


@per_content_version
def _collaboration_form_pages() -> dict[str, CollaborationFormPage]:
    """Every form's page data by slug, read once per content version: the eight
    forms with stars and tips (four queries), the first examples of each (one small
    indexed query per form) and the example counts (one)."""
    outcomes = Outcome.objects.select_related("reason").order_by("reason__code")
    forms = CollaborationForm.objects.prefetch_related(
        Prefetch("outcomes", queryset=outcomes),
        Prefetch("tips", queryset=Tip.objects.prefetch_related("points")),
    )
    counts = example_counts_by_collaboration_form()
    pages = {}
    for collaboration_form in forms:
        examples = list(
            _examples_of_form(collaboration_form.pk).select_related("collaboration_form")[
                :COLLABORATION_FORM_PAGE_EXAMPLES
            ]
        )
        pages[collaboration_form.slug] = CollaborationFormPage(
            collaboration_form=collaboration_form,
            examples=examples,
            example_count=counts.get(collaboration_form.pk, 0),
        )
    return pages


def collaboration_form_page(slug: str) -> CollaborationFormPage | None:
    return _collaboration_form_pages().get(slug)


@per_content_version
def tips() -> list[Tip]:
    return list(Tip.objects.prefetch_related("points", "forms"))


@per_content_version
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
    qs = Example.objects.select_related("collaboration_form").prefetch_related("regions", "reasons")
    if filters.form:
        qs = qs.filter(collaboration_form__number=filters.form)
    if filters.reason:
        qs = qs.filter(reasons__code=filters.reason)
    if filters.level:
        qs = qs.filter(**{LEVEL_FIELDS[filters.level]: True})
    if filters.region:
        qs = qs.filter(regions__slug=filters.region)
    if filters.q:
        qs = qs.filter(Q(title_nl__icontains=filters.q) | Q(title_en__icontains=filters.q))
    return qs.order_by("position", "id").distinct()


def _examples_of_form(form: int, *, by: str = "id") -> QuerySet[Example]:
    """The examples of one form (by its ``id`` or ``number``) in the lists' order, on
    the (collaboration_form, position) index: sliced, a LIMIT reads only the rows it
    keeps, however many examples the form has."""
    form_id = (
        form
        if by == "id"
        else Subquery(CollaborationForm.objects.filter(number=form).values("id")[:1])
    )
    return Example.objects.filter(collaboration_form_id=form_id).order_by("position", "id")


@per_content_version
def example_refs_by_collaboration_form(*, per_form: int = 10) -> dict[int, list[Example]]:
    """Slug and title of the first ``per_form`` examples of each form, by form id: one
    small indexed query per form (the handbook has eight)."""
    fields = ("slug", "title_nl", "title_en", "collaboration_form_id", "position")
    return {
        form_id: list(_examples_of_form(form_id).only(*fields)[:per_form])
        for form_id in CollaborationForm.objects.order_by("number").values_list("id", flat=True)
    }


def example_counts_by_collaboration_form() -> dict[int, int]:
    return dict(
        Example.objects.values("collaboration_form_id")
        .annotate(n=Count("id"))
        .values_list("collaboration_form_id", "n")
    )


def institution_detail(slug: str) -> Institution | None:
    return Institution.objects.prefetch_related("regions", "provinces").filter(slug=slug).first()


def published_profile(institution: Institution) -> SchoolProfile | None:
    """The school's own profile, if its team published one (drafts are never shown)."""
    return (
        SchoolProfile.objects.filter(institution=institution, published=True)
        .prefetch_related(
            Prefetch("locations", ProfileLocation.objects.select_related("province")),
            "programmes",
            "periods",
            "looking_for",
        )
        .first()
    )


def example_detail(slug: str) -> Example | None:
    return (
        Example.objects.select_related("collaboration_form")
        .prefetch_related("institutions", "regions", "reasons", "figures")
        .filter(slug=slug)
        .first()
    )


# What an example card shows (components/example_card.html).
EXAMPLE_CARD_FIELDS = (
    "slug",
    "title_nl",
    "title_en",
    "summary_nl",
    "summary_en",
    "level_mbo",
    "level_hbo",
    "level_other",
    "position",
    "collaboration_form__number",
)


def examples_for_collaboration_forms(
    numbers: list[int], *, per_form: int = 4, level: str | None = None
) -> list[Example]:
    # Memoised per content version: the advice asks for few combinations of forms and
    # levels, and the examples change only with the content.
    return _examples_for_collaboration_forms(tuple(numbers), per_form, level)


@per_content_version
def _examples_for_collaboration_forms(
    numbers: tuple[int, ...], per_form: int, level: str | None
) -> list[Example]:
    """The first ``per_form`` examples of each of the given forms, in the order of
    ``numbers`` (best advice first): every recommended form shows its own examples,
    however many another form has. With a ``level`` (MBO, HBO, other), each form's
    examples at that level come first, then the rest, each part in the lists' order.
    One small indexed query per form, reading only what a card shows."""
    order = ("position", "id")
    if level in LEVEL_FIELDS:
        order = (f"-{LEVEL_FIELDS[level]}", *order)
    return [
        example
        for number in numbers
        for example in _examples_of_form(number, by="number")
        .order_by(*order)
        .select_related("collaboration_form")
        .only(*EXAMPLE_CARD_FIELDS)[:per_form]
    ]


def about() -> dict:
    """The handbook as a publication: survey figures, sources, chapters, links."""
    return {
        "edition": edition(),
        "sources": list(Source.objects.all()),
        "chapters": list(Chapter.objects.all()),
        "links": list(ExternalLink.objects.all()),
    }
