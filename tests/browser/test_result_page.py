"""The advice in a real browser: on a phone the recommendation, its sentence why and
the jump to what to do fit the first screen; the jump lands on what to do; the share
link gets a copy button only where a script may write to the clipboard; the browser's
print gives a clean page, with the folded parts of what to do unfolded."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_small_screens import PHONE, PREFIX

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

# The longest panels: the longest names, three tied forms, the longest sentence why.
FIRST_SCREEN = [
    "/advies/resultaat/?effort=medium&reason=B",
    "/advies/resultaat/?effort=medium&reason=A&reason=B&reason=C&weight_B=3&weight_C=2",
    "/advies/resultaat/?effort=high&reason=A&reason=B&reason=C&reason=D&weight_B=3",
    "/advies/resultaat/?effort=low&reason=A&place=province:overijssel&level=MBO",
]


@pytest.mark.parametrize("path", FIRST_SCREEN)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_on_a_phone_the_advice_and_the_jump_to_what_to_do_fit_the_first_screen(
    new_page, lang, path
):
    page = new_page(viewport=PHONE)
    page.goto(PREFIX[lang] + path)
    panel = page.locator(".panel--result")
    for part in ("h1", "ul.recommended", "p.result-why", "a.jump-link"):
        box = panel.locator(part).bounding_box()
        assert box is not None, part
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
            f"{part} ends at {box['y'] + box['height']:.0f}px, below the first screen "
            f"({PHONE['height']}px) of {PREFIX[lang] + path}"
        )


def test_the_jump_link_lands_on_what_to_do(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/advies/resultaat/?effort=medium&reason=B")
    page.get_by_role("link", name="Wat je nu doet").click()
    expect(page).to_have_url(re.compile(r"#what-to-do$"))
    expect(page.get_by_role("heading", level=2, name="Wat je nu doet")).to_be_in_viewport()


def test_the_share_link_can_be_copied(new_page):
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/advies/resultaat/?effort=high&reason=C")
    link = page.locator(".share-box a.share-link")
    address = link.get_attribute("href")
    page.get_by_role("button", name="Kopieer de link").click()
    expect(page.locator(".share-box [role=status]")).to_have_text("De link is gekopieerd.")
    assert page.evaluate("navigator.clipboard.readText()") == address


def test_without_javascript_the_share_link_is_there_without_a_button(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/en/advies/resultaat/?effort=high&reason=C")
    expect(page.locator(".share-box a.share-link")).to_be_visible()
    expect(page.locator(".share-box button")).to_have_count(0)


def test_printing_gives_a_clean_page(new_page):
    page = new_page()
    page.goto("/advies/resultaat/?effort=medium&reason=B")
    folded = page.locator("#what-to-do details.print-open")
    assert folded.count() > 0
    assert not any(folded.nth(i).evaluate("d => d.open") for i in range(folded.count()))

    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".back-link", "a.jump-link", ".print-hide"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("a.share-link")).to_be_visible()
    expect(page.locator("ul.recommended")).to_be_visible()
    # The panel is printed in ink, not as a dark block.
    background = page.locator(".panel--result").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert background in ("rgba(0, 0, 0, 0)", "transparent"), background
    # An outside link is followed by its address; the share link, which is its own
    # address, is not.
    after = page.locator(".requirement__source a").first.evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert "https://" in after
    share_after = page.locator("a.share-link").evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert share_after in ("none", "normal")

    # The browser's print unfolds what is folded away for the screen, and folds it back.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert all(folded.nth(i).evaluate("d => d.open") for i in range(folded.count()))
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not any(folded.nth(i).evaluate("d => d.open") for i in range(folded.count()))
