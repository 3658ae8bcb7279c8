"""The building blocks of the YAML's typed models: strict scalars and bilingual text.

Each check raises with a plain message naming the value given; ``checks.py`` adds the
file, item and field.
"""

import re
from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from ..bands import MAX_STARS, MIN_STARS, REASON_CODES


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# -- scalar types ------------------------------------------------------------------

SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise ValueError(f"expected a slug (lowercase letters, digits, - or _), got {value!r}")
    return value


def _stars(value: int) -> int:
    if not MIN_STARS <= value <= MAX_STARS:
        raise ValueError(f"must be {MIN_STARS} to {MAX_STARS} stars, got {value!r}")
    return value


# Plain checks rather than Django's URLValidator/EmailValidator: those compile large
# regular expressions on first use (~0.1 s), paid at every `make run`, for no gain on a
# few hand-written addresses.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)


def _is_http(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed [ in the host
        return False
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and not re.search(r"\s", value)


def _url(value: str) -> str:
    if not _is_http(value):
        raise ValueError(f"expected an http(s) URL, got {value!r}")
    return value


def _link(value: str) -> str:
    """An address a page may link to: http(s), or mailto: for the contact address."""
    if value.startswith("mailto:"):
        if not EMAIL.fullmatch(value.removeprefix("mailto:")):
            raise ValueError(f"expected mailto:<an email address>, got {value!r}")
    elif not _is_http(value):
        raise ValueError(f"expected an http(s) or mailto: URL, got {value!r}")
    return value


def _email_address(value: str) -> str:
    if not EMAIL.fullmatch(value):
        raise ValueError(f"expected an email address, got {value!r}")
    return value


def _number(value: Any) -> Any:
    # YAML gives int or float; str(float) keeps 7.4 as 7.4 rather than 7.4000000000000003552…
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"expected a number, got {value!r}")
    return Decimal(str(value))


def text(max_length: int | None = None, *, min_length: int = 1):
    return Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)
    ]


Slug = Annotated[str, StringConstraints(max_length=50), AfterValidator(_slug)]
LongSlug = Annotated[str, StringConstraints(max_length=120), AfterValidator(_slug)]
Url = Annotated[str, StringConstraints(max_length=200), AfterValidator(_url)]
LinkUrl = Annotated[str, StringConstraints(max_length=300), AfterValidator(_link)]
Number = Annotated[int, Field(ge=1, le=32767)]  # PositiveSmallIntegerField, 0 excluded
Stars = Annotated[int, AfterValidator(_stars)]
ReasonCode = Literal[REASON_CODES]  # type: ignore[valid-type]
Level = Literal["MBO", "HBO", "other"]
Amount = Annotated[
    Decimal,
    BeforeValidator(_number),
    Field(allow_inf_nan=False, max_digits=12, decimal_places=2),
]
Grade = Annotated[  # a school grade out of 10, as the survey reports it
    Decimal,
    BeforeValidator(_number),
    Field(ge=1, le=10, max_digits=3, decimal_places=1, allow_inf_nan=False),
]
Count = Annotated[int, Field(ge=1)]
EmailAddress = Annotated[str, AfterValidator(_email_address)]
Name = text(200)
ChapterNumber = text(20)


# -- bilingual text ----------------------------------------------------------------
# {nl: …, en: …}. Dutch is the site's default language, so it is required wherever the
# site shows the field; English may be left out (the page then falls back to Dutch).


class Bilingual(Model):
    def columns(self, prefix: str) -> dict[str, str]:
        return {f"{prefix}_nl": self.nl, f"{prefix}_en": self.en}


class Line(Bilingual):
    """A short text stored in a 300-character column (a title, a name, a label)."""

    nl: text(300)
    en: text(300, min_length=0) = ""


class Prose(Bilingual):
    """A text of any length (a summary, a body)."""

    nl: text()
    en: text(min_length=0) = ""


class OptionalLine(Bilingual):
    nl: text(300, min_length=0) = ""
    en: text(300, min_length=0) = ""


class OptionalProse(Bilingual):
    nl: text(min_length=0) = ""
    en: text(min_length=0) = ""


BILINGUAL = {cls.__name__ for cls in (Line, Prose, OptionalLine, OptionalProse)}


def columns(prefix: str, value: Bilingual | None) -> dict[str, str]:
    """The Dutch and English columns of an optional text; absent is empty."""
    return value.columns(prefix) if value else {f"{prefix}_nl": "", f"{prefix}_en": ""}
