"""The API reference for people, read from the API's own OpenAPI schema.

Every endpoint with its method, path, summary, query parameters (type, allowed values,
default, limits, required or not), its answers and a ready-to-copy example address; and
the shape of every answer, field by field. Nothing is written here by hand that the
schema says already, so a new endpoint or parameter appears on the page by itself.

The schema's texts are English (they are marked with ``gettext_noop`` where they are
written); the page shows them through the Dutch catalogue in Dutch. Type names
(``string``, ``integer``) and field names stay as the JSON has them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .api import api

SCHEMA_REF = "#/components/schemas/"
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    required: bool
    type: SafeString
    rules: list[SafeString]  # allowed values, default, limits, an example
    description: SafeString


@dataclass(frozen=True)
class Answer:
    status: str
    meaning: str
    shape: SafeString


@dataclass(frozen=True)
class Endpoint:
    anchor: str
    method: str
    path: str
    summary: SafeString
    description: SafeString
    parameters: list[Parameter]
    answers: list[Answer]
    example: str  # a path with a query that answers 200 (with a token where needed)
    needs_token: bool


@dataclass(frozen=True)
class Field:
    name: str
    type: SafeString
    required: bool


@dataclass(frozen=True)
class Shape:
    name: str
    anchor: str
    fields: list[Field]


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: SafeString
    endpoints: list[Endpoint]
    shapes: list[Shape]


@cache
def schema() -> dict[str, Any]:
    """The schema the API serves at /api/v1/openapi.json (it never changes at run time)."""
    return api.get_openapi_schema()


def reference(language: str) -> Reference:
    """The whole reference in the active language (``language`` picks the example
    addresses' ``lang``)."""
    document = schema()
    components = document.get("components", {}).get("schemas", {})
    endpoints = [
        _endpoint(path, method, operation, language)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method in METHODS
    ]
    info = document["info"]
    return Reference(
        title=info["title"],
        version=info["version"],
        description=_prose(info.get("description", "")),
        endpoints=endpoints,
        shapes=[_shape(name, components[name]) for name in _answer_shapes(document)],
    )


def _endpoint(path: str, method: str, operation: dict, language: str) -> Endpoint:
    parameters = [_parameter(p) for p in operation.get("parameters", []) if p["in"] == "query"]
    return Endpoint(
        anchor=_slug(path),
        method=method.upper(),
        path=path,
        summary=_prose(operation.get("summary", "")),
        description=_prose(operation.get("description", "")),
        parameters=parameters,
        answers=[
            _answer(status, answer) for status, answer in operation.get("responses", {}).items()
        ],
        example=example_path(path, operation, language),
        needs_token=bool(operation.get("security")),
    )


def _parameter(parameter: dict) -> Parameter:
    schema = parameter.get("schema", {})
    value = _not_null(schema)
    rules: list[SafeString] = []
    if "enum" in value:
        rules.append(
            format_html(
                "{} {}", _("One of:"), format_html_join(", ", "<code>{}</code>", _each(value))
            )
        )
    if schema.get("default") is not None:
        rules.append(format_html("{} <code>{}</code>", _("Default:"), schema["default"]))
    if "minimum" in value and "maximum" in value:
        low = format_html("<code>{}</code>", value["minimum"])
        high = format_html("<code>{}</code>", value["maximum"])
        rules.append(_translated(_("From %(low)s to %(high)s."), low=low, high=high))
    if "maxLength" in value:
        rules.append(
            format_html("{}", _("At most %(count)s characters.") % {"count": value["maxLength"]})
        )
    if "pattern" in value and "enum" not in value:
        rules.append(format_html("{} <code>{}</code>", _("Pattern:"), value["pattern"]))
    examples = parameter.get("examples") or value.get("examples")
    if examples:
        rules.append(format_html("{} <code>{}</code>", _("Example:"), examples[0]))
    description = parameter.get("description") or schema.get("description") or ""
    return Parameter(
        name=parameter["name"],
        required=bool(parameter.get("required")),
        type=_type(value),  # an optional parameter's "or null" means: left out
        rules=rules,
        description=_prose(description),
    )


def _each(schema: dict):
    return [(item,) for item in schema["enum"]]


# The status codes the API answers with, in our words (the schema has HTTP's phrases).
def _meaning(status: str | int, fallback: str) -> str:
    meanings = {
        "200": _("The answer."),
        "422": _(
            "A parameter is missing or has a value it does not take; the answer names "
            "each such parameter."
        ),
    }
    return meanings.get(str(status), fallback)


def _answer(status: str | int, answer: dict) -> Answer:
    content = answer.get("content", {}).get("application/json", {})
    shape = _type(content["schema"]) if "schema" in content else mark_safe("")
    return Answer(
        status=str(status), meaning=_meaning(status, answer.get("description", "")), shape=shape
    )


def _shape(name: str, schema: dict) -> Shape:
    required = set(schema.get("required", []))
    return Shape(
        name=name,
        anchor=_shape_anchor(name),
        fields=[
            Field(name=field, type=_type(sub), required=field in required)
            for field, sub in schema.get("properties", {}).items()
        ],
    )


def _answer_shapes(document: dict) -> list[str]:
    """The named shapes the answers use, each once, in the order they are met: an
    endpoint's own answer, then the shapes inside it; the errors' shapes last."""
    components = document.get("components", {}).get("schemas", {})
    found: list[str] = []

    def visit(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith(SCHEMA_REF):
                name = ref.removeprefix(SCHEMA_REF)
                if name not in found:
                    found.append(name)
                    visit(components.get(name, {}))
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    answers = [
        (str(status), answer)
        for operations in document["paths"].values()
        for operation in operations.values()
        for status, answer in operation.get("responses", {}).items()
    ]
    # The successful answers first; the error shape, shared by all, after them.
    for _status, answer in sorted(answers, key=lambda item: not item[0].startswith("2")):
        visit(answer)
    return found


def _type(schema: dict) -> SafeString:
    """A schema's type as a reader says it: ``list of`` a linked shape, ``string or
    null``, ``object: key → integer``."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(SCHEMA_REF)
        return format_html('<a href="#{}">{}</a>', _shape_anchor(name), name)
    if "anyOf" in schema:
        first, *others = [_type(option) for option in schema["anyOf"]]
        for other in others:
            first = _translated(_("%(one)s or %(other)s"), one=first, other=other)
        return first
    kind = schema.get("type")
    if kind == "array":
        return _translated(_("list of %(type)s"), type=_type(schema.get("items", {})))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return _translated(_("object: key → %(type)s"), type=_type(schema["additionalProperties"]))
    return format_html("{}", kind or _("any"))


def _translated(text: str, **parts: SafeString) -> SafeString:
    """A translated sentence with HTML parts put in: the sentence escaped, the parts
    (already safe) as they are."""
    return mark_safe(escape(text) % parts)  # the text escaped; parts are SafeString


def _not_null(schema: dict) -> dict:
    """The one non-null option of ``X or null``, else the schema itself."""
    options = [o for o in schema.get("anyOf", []) if o.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def example_path(path: str, operation: dict, language: str) -> str:
    """The endpoint's address with a value for every required parameter (the schema's
    example, else its first allowed value), and ``lang`` for an English reader."""
    query = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "query":
            continue
        value = _not_null(parameter.get("schema", {}))
        if parameter.get("required"):
            examples = parameter.get("examples") or value.get("examples") or value.get("enum")
            query[parameter["name"]] = examples[0]
        elif parameter["name"] == "lang" and language != "nl":
            query["lang"] = language
    return f"{path}?{urlencode(query, safe=',:')}" if query else path


def _slug(path: str) -> str:
    return "endpoint-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


def _shape_anchor(name: str) -> str:
    return f"shape-{name}"


def _prose(text: str) -> SafeString:
    """A text of the schema in the page's language, its Markdown as HTML."""
    return inline_markdown(_(text)) if text else mark_safe("")


_CODE = re.compile(r"`([^`]+)`")
_EMPHASIS = re.compile(r"\*([^*]+)\*")


def inline_markdown(text: str) -> SafeString:
    """The little Markdown the schema's texts use: `code` and *emphasis*, escaped."""
    escaped = html.escape(text, quote=False)
    escaped = _CODE.sub(r"<code>\1</code>", escaped)
    return mark_safe(_EMPHASIS.sub(r"<em>\1</em>", escaped))
