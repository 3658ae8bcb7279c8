"""One notation for numbers and amounts on every page (core/numbers.py), and the site's
own words instead of the printed book's.

Every page of the accessibility suite (tests/browser/test_accessibility.py: PAGES), plus
every form and example page, in Dutch and English, through the test client. The checks
read the visible text of <main> and the footer (lxml), with addresses, e-mail
addresses, version numbers and code left out, so they look at what a reader reads.
"""

from __future__ import annotations

import re

import pytest
import yaml

from tests.browser.test_accessibility import DATA, FORM_SLUGS, OPTIONAL, PAGES
from tests.html import parse

pytestmark = pytest.mark.django_db

EXAMPLE_SLUGS = [
    e["slug"] for e in yaml.safe_load((DATA / "examples.yaml").read_text())["examples"]
]
ALL_PAGES = sorted(
    {path for _, path, _ in PAGES}
    | {f"/vormen/{slug}/" for slug in FORM_SLUGS}
    | {f"/voorbeelden/{slug}/" for slug in EXAMPLE_SLUGS}
    | {"/privacy/", "/contact/"}
)
LANGUAGES = {"nl": "", "en": "/en"}

# Tokens that are not prose: addresses (/en/, https://…, ?effort=…), e-mail addresses,
# versioned names (WCAG 2.1, OpenAPI 3.1, api/v1) and code.
NOT_PROSE = re.compile(r"\S*[/@=_:]\S*|\b(?:WCAG|OpenAPI|HTTP|TLS|v)\)?\s?\d+(?:\.\d+)+")

WRONG = {
    "nl": [
        # A decimal point (7.4); Dutch groups thousands with a point: 4.500 is right.
        (re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.])"), "a decimal point in Dutch"),
        # English grouping (4,500): three digits after a comma.
        (re.compile(r"(?<![\d.,])\d{1,3},\d{3}(?![\d,])"), "an English thousands comma"),
        (re.compile("€(?!\u00a0\\d)"), "€ not followed by a non-breaking space and a number"),
    ],
    "en": [
        (re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d,])"), "a decimal comma in English"),
        (re.compile(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.])"), "a Dutch thousands point"),
        (re.compile(r"€(?!\d)"), "€ not directly followed by a number"),
    ],
}

# The printed book's way of pointing ("read chapter 2", "look it up in the appendix");
# a page says where to go and links to it. A source line (p.source) cites the handbook's
# chapter or appendix, and that stays.
BOOK_WORDING = {
    "nl": re.compile(r"\b(hoofdstuk|bijlage|vermelding(en)?|lees in|zie pagina)\b", re.I),
    "en": re.compile(r"\b(chapter|appendix|listings?|see page)\b", re.I),
}


def visible_text(response) -> str:
    doc = parse(response)
    for node in doc.cssselect("script, style, code, pre, .visually-hidden"):
        node.drop_tree()
    parts = [el.text_content() for el in doc.cssselect("main, footer")]
    return NOT_PROSE.sub(" ", " ".join(" ".join(parts).split(" ")))


def prose_without_sources(response) -> str:
    doc = parse(response)
    for node in doc.cssselect("p.source, script, style, code, pre"):
        node.drop_tree()
    return " ".join(el.text_content() for el in doc.cssselect("main, footer"))


def _get(client, lang: str, path: str):
    response = client.get(LANGUAGES[lang] + path)
    if path in OPTIONAL and response.status_code == 404:
        pytest.skip(f"{path} does not exist (yet)")
    return response


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_writes_numbers_and_amounts_in_its_languages_notation(client, lang):
    wrong = []
    for path in ALL_PAGES:
        text = visible_text(_get(client, lang, path))
        for pattern, what in WRONG[lang]:
            for match in pattern.finditer(text):
                around = text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ")
                wrong.append(f"{LANGUAGES[lang]}{path}: {what}: …{around}…")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_points_like_a_printed_book(client, lang):
    wrong = []
    for path in ALL_PAGES:
        text = prose_without_sources(_get(client, lang, path))
        for match in BOOK_WORDING[lang].finditer(text):
            around = " ".join(text[max(0, match.start() - 40) : match.end() + 40].split())
            wrong.append(f"{LANGUAGES[lang]}{path}: …{around}…")
    assert not wrong, "\n".join(wrong)


# The account pages (sign in, sign up, password reset): forms, which need csrftoken.
ACCOUNT_PAGES = [path for path in ALL_PAGES if path.startswith("/account/")]


def test_reading_the_site_sets_no_cookie(client):
    # What the privacy statement promises: no cookie for a visitor who reads.
    for lang in LANGUAGES:
        for path in ALL_PAGES:
            if path in ACCOUNT_PAGES:
                continue
            response = _get(client, lang, path)
            assert not response.cookies, f"{LANGUAGES[lang]}{path} sets {list(response.cookies)}"


def test_the_account_pages_set_only_the_form_cookie(client):
    # The privacy statement names csrftoken for them, and nothing else.
    assert ACCOUNT_PAGES
    for path in ACCOUNT_PAGES:
        response = _get(client, "nl", path)
        assert set(response.cookies) <= {"csrftoken"}, f"{path} sets {list(response.cookies)}"


def test_the_checks_catch_what_they_are_for():
    def flagged(lang, text):
        return [what for pattern, what in WRONG[lang] if pattern.search(NOT_PROSE.sub(" ", text))]

    assert flagged("nl", "gemiddeld een 7.4")
    assert flagged("nl", "kost €4.500")
    assert flagged("nl", "kost € 4.500")  # an ordinary space may end the line
    assert flagged("nl", "kost €4,500")
    assert not flagged("nl", "kost minimaal €\u00a04.500 en krijgt een 7,4; 1.000 bezoekers")
    assert not flagged("nl", "(WCAG) 2.1 op /api/v1/docs, info@hcaict.nl, https://a.nl/x?y=1.5")
    assert flagged("en", "a 7,4 on average")
    assert flagged("en", "costs € 4,500")
    assert flagged("en", "costs 4.500 euro")
    assert not flagged("en", "costs €4,500 and scores 7.4 with 1,000 visitors")


@pytest.mark.parametrize(
    ("lang", "grade", "amount", "range_", "year"),
    [
        ("nl", "7,4", "€\u00a04.500", "€\u00a04.500–6.000", "2018"),
        ("en", "7.4", "€4,500", "€4,500–6,000", "2018"),
    ],
)
def test_the_one_place_that_formats_numbers(lang, grade, amount, range_, year):
    from decimal import Decimal

    from django.utils import translation

    from samenwerkt.core.numbers import format_euro, format_number

    with translation.override(lang):
        assert format_number(Decimal("7.4")) == grade
        assert format_number(Decimal("4500.00")) == amount.lstrip("€\u00a0")
        assert format_euro(Decimal("4500.00")) == amount
        assert format_euro(f"{format_number(4500)}–{format_number(6000)}") == range_
        assert format_number(2018, grouping=False) == year
