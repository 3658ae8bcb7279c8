"""Phones and small screens: the main menu folds behind one button that works by
keyboard and without JavaScript, and shows as a row of links at desktop width; tables
that reflow into cards keep their table semantics in the browser's accessibility tree;
axe-core on the pages whose markup differs on a phone (the open menu, the tables as
cards). (That no page scrolls sideways at 320 px is test_accessibility.py's reflow
test; axe on every page at desktop width is its test_no_axe_violations.)"""

from __future__ import annotations

from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import DESKTOP, REFLOW
from .test_accessibility import _AXE_RUN, AXE_OPTIONS, _report
from .test_journeys import _focused, _on_new_page, _tab_to

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

PHONE = {"width": 375, "height": 667}
PREFIX = {"nl": "", "en": "/en"}
MENU_NAME = {"nl": "Hoofdmenu", "en": "Main menu"}
LINKS = {
    "nl": [
        "Home",
        "Advieshulp",
        "Redenen",
        "Vormen",
        "Voorbeelden",
        "Gouden tips",
        "Stappenplan",
        "Onderwijsinstellingen",
    ],
    "en": [
        "Home",
        "Advisor",
        "Reasons",
        "Forms",
        "Examples",
        "Golden tips",
        "Step plan",
        "Institutions",
    ],
}


def _menu(page: Page, lang: str):
    return page.get_by_role("navigation", name=MENU_NAME[lang])


def _visible_links(page: Page, lang: str) -> list[str]:
    links = _menu(page, lang).get_by_role("link")
    return [text.strip() for text in links.all_inner_texts()]


def _ax_nodes(page: Page, *, ignored: bool = False) -> list[dict]:
    """Chromium's own accessibility tree (what a screen reader is given), not
    Playwright's reading of the markup; with ``ignored`` also the nodes it leaves out
    (they still link their children)."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return [node for node in nodes if ignored or not node.get("ignored")]


def _ax_menu_button(page: Page) -> dict:
    """The menu button as Chromium exposes it: role, name and expanded state."""
    found = []
    for node in _ax_nodes(page):
        role = node.get("role", {}).get("value")
        if role in ("DisclosureTriangle", "button") and node.get("name", {}).get("value"):
            props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
            if "expanded" in props:
                found.append(
                    {"role": role, "name": node["name"]["value"], "expanded": props["expanded"]}
                )
    assert len(found) == 1, f"expected one expandable button, found {found}"
    return found[0]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("key", ["Enter", "Space"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_menu_at_375px_is_one_button_that_the_keyboard_opens(new_page, lang, key, javascript):
    page = new_page(viewport=PHONE, java_script_enabled=javascript)
    page.goto(PREFIX[lang] + "/vormen/")
    _on_new_page(page)
    nav = _menu(page, lang)
    toggle = nav.locator("summary")

    # Closed: the menu bar is the button alone, one line high; no link shows.
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Menu")
    assert _visible_links(page, lang) == []
    bar, button = nav.bounding_box(), toggle.bounding_box()
    assert bar["height"] <= button["height"] + 1, (bar, button)
    assert button["height"] < 60, f"the menu button is not one line high: {button}"
    assert _ax_menu_button(page) == {
        "role": "DisclosureTriangle",
        "name": "Menu",
        "expanded": False,
    }

    # By keyboard: Tab reaches it with a visible focus, Enter or Space opens it.
    _tab_to(page, lambda f: f["tag"] == "summary", limit=10)
    page.keyboard.press(key)
    assert _visible_links(page, lang) == LINKS[lang]
    assert _ax_menu_button(page)["expanded"] is True
    # The current page is marked, and the links are the next Tab stops.
    expect(nav.get_by_role("link", name=LINKS[lang][3])).to_have_attribute("aria-current", "page")
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == LINKS[lang][0]

    if javascript:
        # app.js: Escape closes the menu and returns focus to its button.
        page.keyboard.press("Escape")
        assert _visible_links(page, lang) == []
        assert _focused(page)["tag"] == "summary"
    else:
        # Without script the button closes it again.
        toggle.click()
        assert _visible_links(page, lang) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_menu_at_desktop_width_is_a_row_of_links_without_a_button(new_page, lang):
    page = new_page(viewport=DESKTOP)
    page.goto(PREFIX[lang] + "/")
    nav = _menu(page, lang)
    expect(nav.locator("summary")).to_be_hidden()
    assert _visible_links(page, lang) == LINKS[lang]
    # One row: every link on the first one's line.
    tops = {
        round(box["y"]) for box in (link.bounding_box() for link in nav.get_by_role("link").all())
    }
    assert len(tops) == 1, f"the menu wraps at {DESKTOP['width']}px: {sorted(tops)}"
    # No button in the accessibility tree either.
    assert not [
        node
        for node in _ax_nodes(page)
        if node.get("role", {}).get("value") == "DisclosureTriangle"
    ]


# (path, the reflowing table's caption id, and what Chromium should expose inside it:
# column headers, rows (the header row included), row headers, cells)
TABLES = [
    ("/vormen/", "matrix-caption", 6, 9, 8, 40),
    # One row header per effort band, spanning its four rows.
    ("/beslisboom/", "tree-table-caption", 3, 13, 3, 24),
    # Low effort: forms 1-3; columns form, effort, A, C, score.
    ("/advies/resultaat/?effort=low&reason=A&reason=C&weight_C=2", "ranking-caption", 5, 4, 3, 12),
]


@pytest.mark.parametrize(("path", "caption", "columns", "rows", "row_headers", "cells"), TABLES)
def test_reflowed_tables_stay_tables_for_screen_readers(
    new_page, path, caption, columns, rows, row_headers, cells
):
    """At 320 px each row shows as a card (display: block), yet Chromium still exposes a
    table named by its caption, with its column headers, row headers and cells."""
    page = new_page(viewport=REFLOW)
    page.goto(path)
    table = page.locator(f"table:has(> caption#{caption})")
    assert table.evaluate("t => getComputedStyle(t).display") == "block", "not reflowed"
    assert table.locator("tbody tr").first.evaluate("r => getComputedStyle(r).display") == "block"
    name = table.locator("caption").inner_text().strip()

    nodes = _ax_nodes(page, ignored=True)
    named = [
        node
        for node in nodes
        if node.get("role", {}).get("value") == "table"
        and node.get("name", {}).get("value") == name
        and not node.get("ignored")
    ]
    assert len(named) == 1, f"no table named {name!r} in the accessibility tree"
    by_id = {node["nodeId"]: node for node in nodes}
    inside = Counter()
    todo = list(named[0].get("childIds", []))
    while todo:
        node = by_id.get(todo.pop())
        if node is None:
            continue
        if not node.get("ignored"):
            inside[node.get("role", {}).get("value")] += 1
        todo.extend(node.get("childIds", []))
    found = {role: inside[role] for role in ("columnheader", "row", "rowheader", "cell")}
    assert found == {
        "columnheader": columns,
        "row": rows,
        "rowheader": row_headers,
        "cell": cells,
    }


# The narrow menu (hidden at desktop width, where test_accessibility runs axe) open,
# and every table that reflows, shown as cards.
PHONE_PAGES = [
    "/",
    "/vormen/",
    "/beslisboom/",
    "/advies/resultaat/?effort=low&reason=A&reason=C&weight_C=2&place=province:utrecht&level=HBO",
]


@pytest.mark.parametrize("path", PHONE_PAGES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_axe_violations_at_phone_width_with_the_menu_open(new_page, lang, path):
    page = new_page(viewport=PHONE)
    page.context.add_init_script(Axe().axe_script)
    page.goto(PREFIX[lang] + path)
    _menu(page, lang).locator("summary").click()
    assert _visible_links(page, lang) == LINKS[lang]
    violations = page.evaluate(_AXE_RUN, AXE_OPTIONS)
    report = _report(PREFIX[lang] + path, PHONE["width"], violations)
    assert not violations, report
