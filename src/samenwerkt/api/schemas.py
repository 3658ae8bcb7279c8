"""Shapes of the JSON API. Integrators rely on these; change them with care."""

from django.utils.translation import gettext_noop
from ninja import Schema

# The texts of the schema (summaries, descriptions) stay English in the OpenAPI
# document; gettext_noop marks them for the Dutch catalogue, from which the API
# reference page (api/reference.py) shows them in the reader's language.
LANG_DESCRIPTION = gettext_noop(
    "The language of the answer: nl (Dutch) or en (English). Without it the "
    "Accept-Language header decides, and Dutch when that names neither."
)


class ReasonOut(Schema):
    code: str
    slug: str
    name: str
    short_name: str
    summary: str


class ExampleRef(Schema):
    slug: str
    title: str


class FormOut(Schema):
    number: int
    slug: str
    name: str
    summary: str
    effort: int
    band: str
    outcomes: dict[str, int]
    examples: list[ExampleRef]  # the first ten; /examples?form=N lists them all
    example_count: int


class RankedOut(Schema):
    number: int
    name: str
    score: int
    effort: int
    recommended: bool


class AdviceOut(Schema):
    effort: str
    reasons: dict[str, int]
    recommended: list[int]
    ranking: list[RankedOut]
    explanation: str
    neighbours: dict[str, list[int]]


class InstitutionOut(Schema):
    name: str
    level: str


class RegionOut(Schema):
    slug: str
    name: str
    provinces: list[str]
    institutions: list[InstitutionOut]


class FigureOut(Schema):
    label: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str


class ExampleOut(Schema):
    slug: str
    title: str
    summary: str
    form: int
    levels: list[str]
    reasons: list[str]
    regions: list[str]
    organisations: list[str]
    institutions: list[str]
    links: list[str]
    figures: list[FigureOut]


class PointOut(Schema):
    title: str
    body: str


class TipOut(Schema):
    number: int
    title: str
    summary: str
    points: list[PointOut]


class HintOut(Schema):
    text: str
    chapter: str
    url: str


class ActionOut(Schema):
    number: int
    title: str
    body: str
    hints: list[HintOut]


class StepOut(Schema):
    number: int
    title: str
    summary: str
    actions: list[ActionOut]


class ErrorDetail(Schema):
    loc: list[str]
    msg: str
    type: str


class ErrorOut(Schema):
    detail: list[ErrorDetail]
