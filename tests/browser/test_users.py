"""The three users issue 7 was written for, end to end in a real browser, on a desktop
and on a 375 px phone, in Dutch and in English: from what they want, through the
advice, to schools with their towns and what to do now.

* The owner of a 15-person software company in Zwolle who wants interns and has
  little time: home → advisor (little effort, interns) → Overijssel, MBO → the advice
  (with little effort the handbook advises making the company known, forms 1 and 2)
  → Zwolle's MBO schools first, with their sites → whom to ask for → internships
  (form 5, one band more) → what to arrange for them: SBB recognition, with its source.
* The HR lead of a 200-person IT firm who wants innovation with an HBO: the advisor
  (a lot of effort, new ideas and research) → Overijssel, HBO → Windesheim in Zwolle
  → for an HBO internship: an internship agreement.
* A programme manager at an MBO school: the finder → her town → her school with its
  site → the internships page's "what to do now", to see what a company must arrange.

The forms are answered by value, not by label, so one walk serves both languages;
what the user reads is checked in the page's language.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

PHONE = {"width": 375, "height": 740}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
PREFIX = {"nl": "", "en": "/en"}
WORDS = {
    "nl": {"in_overijssel": "In Overijssel", "what_to_do": "Wat je nu doet"},
    "en": {"in_overijssel": "In Overijssel", "what_to_do": "What to do now"},
}


def answer(page: Page, **values: str | list[str]) -> None:
    """Tick or choose the given values on a question page and continue."""
    for name, value in values.items():
        for one in value if isinstance(value, list) else [value]:
            field = page.locator(f'[name="{name}"]')
            if field.first.evaluate("el => el.tagName") == "SELECT":
                field.select_option(one)
            else:
                page.locator(f'[name="{name}"][value="{one}"]').check()
    page.locator('button[name="next"]').click()


def walk_the_advisor(page: Page, lang: str, *, effort: str, reason: str, level: str) -> None:
    page.goto(PREFIX[lang] + "/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.goto(PREFIX[lang] + "/advies/inzet/")
    answer(page, effort=effort)
    answer(page, reason=reason)
    answer(page, place="province:overijssel", level=level)
    expect(page).to_have_url(re.compile(r"/advies/controleer/\?"))
    page.locator('a[href*="/advies/resultaat/"]').first.click()
    expect(page).to_have_url(re.compile(r"/advies/resultaat/\?"))


def schools(page: Page) -> list[tuple[str, str]]:
    """(name, level and towns) of the schools in "what to do now", in order."""
    items = page.locator("#what-to-do li.school")
    return [
        (
            item.locator(".school__name").inner_text().strip(),
            item.locator(".school__meta").inner_text().strip(),
        )
        for item in items.all()
    ]


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"scrolls sideways: {width}px"


@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.parametrize("size", SIZES)
def test_the_owner_in_zwolle_who_wants_interns(new_page, size, lang):
    page = new_page(viewport=SIZES[size])
    walk_the_advisor(page, lang, effort="low", reason="A", level="MBO")
    # The advice first, then what to do: schools in Overijssel first, Zwolle's among them.
    expect(page.locator("#what-to-do")).to_contain_text(WORDS[lang]["what_to_do"])
    expect(page.locator("#what-to-do")).to_contain_text(WORDS[lang]["in_overijssel"])
    found = schools(page)
    names = [name for name, _meta in found]
    assert "ROC Deltion College" in names and "Landstede" in names, names
    zwolle = [name for name, meta in found if "Zwolle" in meta]
    assert zwolle and names.index(zwolle[0]) < names.index("ROC Nijmegen"), found
    deltion = page.locator("#what-to-do li.school", has_text="ROC Deltion College")
    expect(deltion.locator("a")).to_have_attribute("href", re.compile(r"^https://"))
    expect(page.locator("#what-to-do")).to_contain_text("opleidingsmanager")
    # Interns are form 5: one band more effort. Its page says what to arrange at MBO
    # level: recognition by SBB, with its source.
    assert_fits(page)
    page.locator('a[href$="/vormen/praktijkopdrachten-stages/"]').first.click()
    expect(page).to_have_url(re.compile(r"/vormen/praktijkopdrachten-stages/$"))
    expect(page.locator("#what-to-do")).to_contain_text("SBB")
    expect(page.locator('#what-to-do a[href*="s-bb.nl"]').first).to_be_attached()
    assert_fits(page)


@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.parametrize("size", SIZES)
def test_the_hr_lead_who_wants_innovation_with_an_hbo(new_page, size, lang):
    page = new_page(viewport=SIZES[size])
    walk_the_advisor(page, lang, effort="high", reason="B", level="HBO")
    found = schools(page)
    assert found and all(meta.startswith("HBO") for _name, meta in found), found
    assert any(
        name == "Christelijke Hogeschool Windesheim" and "Zwolle" in meta for name, meta in found
    ), found
    agreement = {"nl": "stageovereenkomst", "en": "internship agreement"}[lang]
    what_to_do = page.locator("#what-to-do").inner_text().lower()
    recommended = page.locator("ul.recommended li").all_inner_texts()
    # An internship agreement belongs to form 5; whatever is advised, the page names
    # what to arrange at HBO level and whom to ask for.
    assert "opleidingsmanager" in what_to_do
    if any(text.strip().startswith("5.") for text in recommended):
        assert agreement in what_to_do
    assert_fits(page)


@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.parametrize("size", SIZES)
def test_the_programme_manager_at_an_mbo_school(new_page, size, lang):
    page = new_page(viewport=SIZES[size])
    page.goto(PREFIX[lang] + "/onderwijsinstellingen/")
    page.locator('input[name="q"]').fill("Zwolle")
    page.locator('select[name="level"]').select_option("MBO")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"q=Zwolle"))
    found = [name.strip() for name in page.locator(".school__name").all_inner_texts()]
    assert found and set(found) <= {"ROC Deltion College", "Landstede"}, found
    expect(page.locator("li.school", has_text="ROC Deltion College")).to_contain_text("Zwolle")
    # What a company taking her students must arrange.
    page.goto(PREFIX[lang] + "/vormen/praktijkopdrachten-stages/#what-to-do")
    expect(page.locator("#what-to-do")).to_contain_text("SBB")
    assert_fits(page)
