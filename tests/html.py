"""Reading rendered pages through a real HTML parser (lxml.html, CSS through cssselect).

Tests ask for what a visitor and a screen reader get (the language switch's link, the
cards in a section, the message next to a field) instead of a regular expression that
guesses at the template's bytes and breaks, or passes, on a harmless change of
attribute order or whitespace. Attribute values and text come back unescaped.

Checks on *escaping* stay on the raw source (``response.content``): a parser turns
``&lt;script&gt;`` back into ``<script>``, so it cannot tell whether the page
escaped user input.

Note: the HTML parser lowercases attribute names, also inside inline SVG
(``viewBox`` is read as ``viewbox``).
"""

from __future__ import annotations

from lxml import html as lxml_html
from lxml.html import HtmlElement


def parse(page) -> HtmlElement:
    """The document of a test-client response, or of an HTML string."""
    if hasattr(page, "content"):
        page = page.content.decode(page.charset or "utf-8")
    return lxml_html.document_fromstring(page)


def select(node: HtmlElement, css: str) -> list[HtmlElement]:
    return node.cssselect(css)


def one(node: HtmlElement, css: str) -> HtmlElement:
    """The single element matching ``css``; fails when there is none or several."""
    found = node.cssselect(css)
    assert len(found) == 1, f"expected one {css!r}, found {len(found)}"
    return found[0]


def text(node: HtmlElement) -> str:
    """The element's text as read, whitespace collapsed."""
    return " ".join(node.text_content().split())


def texts(node: HtmlElement, css: str) -> list[str]:
    return [text(el) for el in node.cssselect(css)]


def own_text(node: HtmlElement) -> str:
    """The text directly in the element, before its first child element (a list
    item's name without the hint that follows it in a ``<span>``)."""
    return " ".join((node.text or "").split())


def links(node: HtmlElement, css: str = "a[href]") -> list[str]:
    """The ``href`` of every matching link, in document order."""
    return [el.get("href") for el in node.cssselect(css)]


def html_lang(doc: HtmlElement) -> str:
    lang = doc.get("lang")
    assert lang, "the page has no <html lang=...>"
    return lang


def switch_link(doc: HtmlElement, lang: str) -> str:
    """The language switch's link to ``lang``."""
    return one(doc, f'.lang-switch a[lang="{lang}"][hreflang="{lang}"]').get("href")


def section(doc: HtmlElement, heading_id: str) -> HtmlElement:
    """The ``<section>`` labelled by the heading with id ``heading_id``."""
    return one(doc, f'section[aria-labelledby="{heading_id}"]')


def ids(doc: HtmlElement) -> set[str]:
    return {el.get("id") for el in doc.cssselect("[id]")}


def error_summary(doc: HtmlElement) -> HtmlElement:
    return one(doc, ".error-summary")


def error_summary_links(doc: HtmlElement) -> list[tuple[str, str]]:
    """(target id, message) of every link in the error summary, in order."""
    return [
        (el.get("href").removeprefix("#"), text(el)) for el in error_summary(doc).cssselect("a")
    ]


def error_summary_targets(doc: HtmlElement) -> list[str]:
    return [target for target, _message in error_summary_links(doc)]


def field_error(doc: HtmlElement, field_name: str) -> str | None:
    """The message shown next to the field ``field_name`` (Django's ``id_<name>``),
    or None when it has none."""
    found = doc.cssselect(f'.error-message[id="id_{field_name}_error"]')
    assert len(found) <= 1, f"{len(found)} error messages for {field_name!r}"
    return text(found[0]) if found else None


def has_errors(doc: HtmlElement) -> bool:
    """Whether the page shows any error summary or message at a field."""
    return bool(doc.cssselect(".error-summary, .error-message"))
