"""Typed models of the YAML files under ``data/``: one class per kind of item.

Strict on purpose: a number must be a YAML number (``effort: "3"`` and ``effort: true``
are errors, not 3 and 1), every key must be known (``extra="forbid"`` catches a typo such
as ``sumary:``), and values are checked where the handbook fixes them (stars 1–5, reason
codes A–D, levels, slugs, URLs) and where the database column would refuse them (lengths,
digits). Checks that need another item or file (unique slugs, an example's form, a
form's tips) are in ``checks.py``, which runs them after the files parsed.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from ..models.examples import FigureQualifier, FigureUnit
from ..models.guidance import StepHint
from .fields import (
    Amount,
    ChapterNumber,
    Count,
    EmailAddress,
    Grade,
    Level,
    Line,
    LinkUrl,
    LongSlug,
    Model,
    Name,
    Number,
    OptionalLine,
    OptionalProse,
    Prose,
    ReasonCode,
    Slug,
    Stars,
    Url,
    text,
)

# -- meta.yaml ---------------------------------------------------------------------


class Publisher(Model):
    name: Name
    short: text(40)
    email: EmailAddress
    website: Url


Year = Annotated[int, Field(ge=1990, le=2100)]


class EditionFacts(Model):
    """When the handbook appeared, as far as the handbook itself says."""

    year: Year | None = None
    latest_year_mentioned: Year

    @field_validator("latest_year_mentioned")
    @classmethod
    def _not_after_publication(cls, value: int, info: ValidationInfo) -> int:
        year = info.data.get("year")
        if year is not None and value > year:
            raise ValueError(f"must not be after the year of publication ({year}), got {value}")
        return value


class Share(Model):
    numerator: Number
    denominator: Number

    @field_validator("denominator")
    @classmethod
    def _a_share(cls, value: int, info: ValidationInfo) -> int:
        numerator = info.data.get("numerator")
        if numerator is not None and numerator > value:
            raise ValueError(f"must be at least the numerator ({numerator}), got {value}")
        return value


class Survey(Model):
    average_grade: Grade
    share_not_acting: Share
    max_company_size: Count
    population: Line
    grade_text: Prose
    not_acting_text: Prose


class Chapter(Model):
    number: ChapterNumber
    title: Line


class ExternalLink(Model):
    key: Slug
    url: LinkUrl
    title: Line
    description: OptionalProse | None = None


class Ambassador(Model):
    name: text(200, min_length=0) = ""
    role: OptionalLine | None = None
    message: OptionalProse | None = None


class Beslisboom(Model):
    intro: Prose


class MetaFile(Model):
    version: Literal[1]
    title: Line
    subtitle: Line
    publisher: Publisher
    edition: EditionFacts
    intro: Prose
    survey: Survey
    sources: list[Line] = []
    sources_note: Prose
    chapters: list[Chapter] = []
    links: list[ExternalLink] = []
    ambassador: Ambassador | None = None
    beslisboom: Beslisboom


# -- reasons.yaml ------------------------------------------------------------------


class Benefit(Model):
    title: Line
    body: Prose
    link: Url | None = None


class Reason(Model):
    code: ReasonCode
    slug: Slug
    name: Line
    short_name: Line
    summary: Prose
    benefits: list[Benefit] = []


class ReasonsFile(Model):
    version: Literal[1]
    reasons: list[Reason]


# -- tips.yaml ---------------------------------------------------------------------


class TipPoint(Model):
    title: Line
    body: Prose


class Tip(Model):
    number: Number
    title: Line
    summary: Prose
    points: list[TipPoint] = []


class Closing(Model):
    title: Line
    body: Prose


class TipsFile(Model):
    version: Literal[1]
    tips: list[Tip]
    closing: Closing


# -- forms.yaml --------------------------------------------------------------------


class Form(Model):
    number: Number
    slug: Slug
    name: Line
    effort: Stars
    outcomes: dict[ReasonCode, Stars]
    summary: Prose
    what: Prose
    takes: Prose
    brings: Prose
    highlight: OptionalLine | None = None
    tips: list[Number] = []


class FormsFile(Model):
    version: Literal[1]
    forms: list[Form]


# -- regions.yaml ------------------------------------------------------------------


class Province(Model):
    slug: Slug
    name: Line


def _entry(value: Any) -> Any:
    # The appendix lists most schools by name alone; a mapping adds a note.
    return {"name": value} if isinstance(value, str) else value


class Entry(Model):
    """An institution as the appendix lists it under a region."""

    name: Name
    note: OptionalLine | None = None


Listed = Annotated[Entry, BeforeValidator(_entry)]


class Region(Model):
    slug: Slug
    name: Line
    provinces: list[Province] = []
    mbo: list[Listed] = []
    hbo: list[Listed] = []


class RegionsFile(Model):
    version: Literal[1]
    regions: list[Region]


# -- institutions.yaml -------------------------------------------------------------

Town = Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]


class InstitutionFacts(Model):
    """What we researched about one institution of the appendix (not in the handbook):
    where it teaches and its website, with the source that says so."""

    name: Name
    towns: Annotated[list[Town], Field(min_length=1)]
    provinces: Annotated[list[Slug], Field(min_length=1)]
    website: Url
    source: LinkUrl
    more_sources: list[LinkUrl] = []
    confirmed: bool
    # The researcher's note (English, for editors; not shown on the site).
    note: Annotated[str, StringConstraints(max_length=1000)] | None = None


class InstitutionsFile(Model):
    version: Literal[1]
    checked: date
    institutions: list[InstitutionFacts]


# -- examples.yaml -----------------------------------------------------------------


class Figure(Model):
    label: Line
    value: Amount
    value_max: Amount | None = None
    unit: Literal[tuple(FigureUnit.values)]  # type: ignore[valid-type]
    qualifier: Literal[tuple(FigureQualifier.values)] = FigureQualifier.EXACT.value  # type: ignore[valid-type]

    @field_validator("value_max")
    @classmethod
    def _a_range(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        low = info.data.get("value")
        if value is not None and low is not None and value < low:
            raise ValueError(f"must not be less than value ({low}), got {value}")
        return value


class Example(Model):
    slug: LongSlug
    form: Number
    title: Line
    organisation_names: list[Name] = []
    institutions: list[Name] = []
    other_institutions: list[Name] = []
    levels: list[Level] = []
    regions: list[Slug] = []
    reasons: list[ReasonCode] = []
    links: list[Url] = []
    summary: Prose
    body: Prose
    figures: list[Figure] = []


class ExamplesFile(Model):
    version: Literal[1]
    examples: list[Example]


# -- steps.yaml --------------------------------------------------------------------


class Hint(Model):
    text: Prose
    chapter: ChapterNumber | None = None
    page: Literal[tuple(StepHint.PAGES)] | None = None  # type: ignore[valid-type]
    url: LinkUrl | None = None


class Action(Model):
    number: Number
    title: Line
    body: OptionalProse | None = None
    hints: list[Hint] = []


class Step(Model):
    number: Number
    title: Line
    summary: Prose
    actions: list[Action] = []


class StepsFile(Model):
    version: Literal[1]
    steps: list[Step]


# The files in loading order, each with its model.
FILE_MODELS: dict[str, type[Model]] = {
    "meta": MetaFile,
    "reasons": ReasonsFile,
    "tips": TipsFile,
    "forms": FormsFile,
    "regions": RegionsFile,
    "institutions": InstitutionsFile,
    "examples": ExamplesFile,
    "steps": StepsFile,
}
