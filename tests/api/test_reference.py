"""The API reference page (/api/v1/docs, English at /en/api/v1/docs): every endpoint
and parameter of the schema, every answer's shape, example addresses that answer,
in the page's language, with nothing fetched from another host."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from samenwerkt.core import db_unavailable
from samenwerkt.core.middleware import API_PAGES
from tests.html import html_lang, ids, links, one, parse, select, switch_link, text, texts

pytestmark = pytest.mark.django_db

DOCS = {"nl": "/api/v1/docs", "en": "/en/api/v1/docs"}
COMMITTED_SCHEMA = (
    Path(__file__).resolve().parents[2] / "src" / "samenwerkt" / "api" / "openapi.json"
)
SCHEMA = json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8"))
OPERATIONS = [
    (path, method, operation)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
]
# Endpoints for an organisation's own data: they need a personal API token.
PUBLIC_OPERATIONS = [o for o in OPERATIONS if not o[2].get("security")]
TOKEN_OPERATIONS = [o for o in OPERATIONS if o[2].get("security")]
LANGS = pytest.mark.parametrize("lang", list(DOCS))


def docs(client, lang, **kwargs):
    response = client.get(DOCS[lang], **kwargs)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return parse(response)


def endpoint_section(doc, path: str, method: str):
    """The section whose heading names the method and the path."""
    found = [
        section
        for section in select(doc, "section.endpoint")
        if text(one(section, "h2")) == f"{method.upper()} {path}"
    ]
    assert len(found) == 1, f"expected one section for {method.upper()} {path}"
    return found[0]


def translated(text_en: str, lang: str) -> str:
    with translation.override(lang):
        return translation.gettext(text_en)


# --- language ----------------------------------------------------------------------


@LANGS
def test_the_page_is_in_the_language_of_its_address(client, lang):
    doc = docs(client, lang)
    assert html_lang(doc) == lang
    assert text(one(doc, "h1")) == {"nl": "API-documentatie", "en": "API reference"}[lang]
    other = "en" if lang == "nl" else "nl"
    assert switch_link(doc, other) == DOCS[other]


def test_the_dutch_address_stays_dutch_whatever_the_browser_or_query_asks(client):
    # The page is not the JSON API: its language is its address, as on every page.
    for kwargs in ({"headers": {"accept-language": "en"}}, {"data": {"lang": "en"}}):
        assert html_lang(docs(client, "nl", **kwargs)) == "nl"
    assert html_lang(docs(client, "en", headers={"accept-language": "nl"})) == "en"


def test_the_core_knows_the_reference_is_a_page_not_the_json_api():
    for lang in DOCS:
        with translation.override(lang):
            assert reverse("api_docs:reference").removeprefix("/en") in API_PAGES


@LANGS
def test_every_footer_links_to_the_reference_in_its_language(client, lang):
    home = parse(client.get({"nl": "/", "en": "/en/"}[lang]))
    assert DOCS[lang] in links(home, ".site-footer a")


# --- content -----------------------------------------------------------------------


@LANGS
@pytest.mark.parametrize(
    ("path", "method", "operation"), OPERATIONS, ids=[f"{m}{p}" for p, m, _ in OPERATIONS]
)
def test_every_endpoint_appears_with_its_parameters(client, lang, path, method, operation):
    section = endpoint_section(docs(client, lang), path, method)
    assert translated(operation["summary"], lang) in texts(section, "p")
    parameters = [p for p in operation.get("parameters", []) if p["in"] == "query"]
    rows = select(section, "table.api-table--parameters tbody tr")
    assert [text(one(row, "th code")) for row in rows] == [p["name"] for p in parameters]
    need = {"nl": ("verplicht", "optioneel"), "en": ("required", "optional")}[lang]
    for row, parameter in zip(rows, parameters, strict=True):
        assert text(one(row, ".api-table__need")) == need[0 if parameter.get("required") else 1]
        cell = one(row, "td")
        schema = parameter["schema"]
        value = next((o for o in schema.get("anyOf", []) if o.get("type") != "null"), schema)
        codes = texts(cell, "code")
        assert value["type"] in codes
        for allowed in value.get("enum", []):
            assert allowed in codes
        if schema.get("default") is not None:
            assert str(schema["default"]) in codes
        if "description" in parameter:
            # The description in the page's language (its Markdown turned into HTML).
            shown = text(one(cell, "p"))
            assert shown == translated(parameter["description"], lang).replace("`", "")
    answers = texts(section, ".summary-list dt")
    assert answers == [f"Status {status}" for status in operation["responses"]]


def _answer_shapes() -> set[str]:
    found = set()

    def visit(node):
        if isinstance(node, dict):
            if node.get("$ref", "").startswith("#/components/schemas/"):
                name = node["$ref"].rsplit("/", 1)[1]
                if name not in found:
                    found.add(name)
                    visit(SCHEMA["components"]["schemas"][name])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    for _path, _method, operation in OPERATIONS:
        visit(operation["responses"])
    return found


@LANGS
def test_every_answer_shape_is_listed_field_by_field(client, lang):
    doc = docs(client, lang)
    shapes = _answer_shapes()
    assert {"AdviceOut", "PagedExampleOut", "ExampleOut", "FigureOut", "ErrorOut"} <= shapes
    shown = {heading.get("id").removeprefix("shape-") for heading in select(doc, "h3[id^=shape-]")}
    assert shown == shapes
    for name in shapes:
        table = one(doc, f'table[aria-labelledby="shape-{name}"]')
        fields = texts(table, "tbody th code")
        # In the order the code declares them (the committed schema sorts its keys).
        assert sorted(fields) == sorted(SCHEMA["components"]["schemas"][name]["properties"])


@LANGS
def test_every_link_within_the_page_has_its_target(client, lang):
    doc = docs(client, lang)
    targets = {href.removeprefix("#") for href in links(doc) if href.startswith("#")}
    assert targets
    assert targets <= ids(doc)
    # Each endpoint is in the list of endpoints at the top.
    listed = links(doc, "nav[aria-labelledby=endpoints-title] a")
    assert len(listed) == len(OPERATIONS) + 1  # and the shapes


@LANGS
def test_every_example_address_answers(client, lang):
    doc = docs(client, lang)
    examples = select(doc, ".example-url a")
    assert len(examples) == len(PUBLIC_OPERATIONS)
    # A token's endpoints show how to send the token instead of a link that says 401.
    assert TOKEN_OPERATIONS
    assert len(select(doc, ".token-example")) == len(TOKEN_OPERATIONS)
    for link in examples:
        href = link.get("href")
        # The address shown to copy is the link's, on the site's own address.
        assert text(link) == django_settings.SITE_URL + href
        response = client.get(href)
        assert response.status_code == 200, (href, response.content[:300])
        assert response["Content-Type"].startswith("application/json")
        query = parse_qs(urlsplit(href).query)
        if lang == "en":
            assert query["lang"] == ["en"], href
        else:
            assert "lang" not in query, href
    advice = next(link.get("href") for link in examples if "/advice" in link.get("href"))
    assert advice.startswith("/api/v1/advice?effort=low&reasons=A,C")


@LANGS
def test_the_schema_texts_are_shown_in_the_pages_language(client, lang):
    doc = docs(client, lang)
    page = text(one(doc, "main"))
    summaries = [operation["summary"] for _path, _method, operation in OPERATIONS]
    descriptions = [
        p["description"]
        for _path, _method, operation in OPERATIONS
        for p in operation.get("parameters", [])
        if "description" in p
    ]
    for english in summaries + descriptions:
        shown = translated(english, lang)
        if lang == "nl":
            assert shown != english, f"no Dutch for {english!r}: run make messages"
        assert shown.replace("`", "").replace("*", "") in page


# --- what the page loads, and the cache ----------------------------------------------


@LANGS
def test_the_page_loads_nothing_from_another_host(client, lang):
    response = client.get(DOCS[lang])
    source = response.content.decode().lower()
    for host in ("cdn", "unpkg", "jsdelivr", "//fonts.", "swagger"):
        assert host not in source, f"the docs page references {host!r}"
    doc = parse(response)
    assert not select(doc, "script:not([src]), style, [style]")  # the CSP allows none
    loaded = [el.get("src") for el in select(doc, "[src]")] + [
        el.get("href") for el in select(doc, "link[href]")
    ]
    for address in loaded:
        rel = address.startswith("/") and not address.startswith("//")
        own = address.startswith(django_settings.SITE_URL + "/")  # canonical, alternate
        assert rel or own, f"the docs page loads {address!r}"
    for el in select(doc, "link[href]"):
        if el.get("rel") in ("stylesheet", "icon"):
            assert el.get("href").startswith("/static/")
    for href in links(doc):
        assert href.startswith(("/", "#")) and not href.startswith("//"), href


def test_the_old_swagger_page_is_gone_and_the_schema_stays(client):
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert "swagger" not in client.get("/api/v1/docs").content.decode().lower()


@LANGS
def test_the_page_is_cached_per_language(client, settings, lang):
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()
    try:
        first = client.get(DOCS[lang])
        again = client.get(DOCS[lang], {"utm_source": "x"}, headers={"accept-language": "de"})
        assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
        assert again.content == first.content
        assert html_lang(parse(again)) == lang
    finally:
        caches["default"].clear()


@LANGS
def test_the_page_asks_the_database_almost_nothing(client, django_assert_max_num_queries, lang):
    # A warm process, as every query bound (tests/queries.py): the footer's edition is
    # read once, then kept.
    client.get(DOCS[lang])
    with django_assert_max_num_queries(0):
        assert client.get(DOCS[lang]).status_code == 200


def test_without_the_database_the_reference_gets_the_page_503_and_the_api_json():
    factory = RequestFactory()
    page = db_unavailable.unavailable_response(factory.get("/api/v1/docs"))
    api = db_unavailable.unavailable_response(factory.get("/api/v1/forms"))
    assert page.status_code == api.status_code == 503
    assert page["Content-Type"].startswith("text/html")
    assert api["Content-Type"].startswith("application/json")


def test_the_schemas_markdown_becomes_html_and_everything_else_is_escaped():
    from samenwerkt.api.reference import inline_markdown

    assert inline_markdown("a <b> & `c<d>` or *e*") == (
        "a &lt;b&gt; &amp; <code>c&lt;d&gt;</code> or <em>e</em>"
    )
    assert inline_markdown("") == ""
