"""The main journeys through the public site in a real browser: mouse, no JavaScript,
keyboard only, the institution finder, the language switch and the error summary."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

# medium effort + reason B (innovation and research) → forms 5 and 4, tied (README).
EXPECTED_FORMS = ["5. Praktijkopdrachten", "4. Je werknemers hybride docent"]


def _recommended(page: Page) -> list[str]:
    return [text.strip() for text in page.locator("ul.recommended li").all_inner_texts()]


def _assert_medium_b_result(page: Page) -> None:
    expect(page).to_have_url(
        re.compile(r"/advies/resultaat/\?effort=medium&reason=B(&place=&level=)?$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Jouw advies")
    recommended = _recommended(page)
    assert len(recommended) == 2, recommended
    for text, expected in zip(recommended, EXPECTED_FORMS, strict=True):
        assert text.startswith(expected), recommended


def _advisor_with_pointer(page: Page) -> None:
    """Home → advisor → result, answering with the pointer (clicks and labels)."""
    page.goto("/")
    page.get_by_role("link", name="Vind de samenwerkingsvorm die bij je past").click()
    expect(page).to_have_url(re.compile(r"/advies/$"))
    page.get_by_role("link", name="Start nu").click()

    # Question 1 of 3: effort.
    expect(page).to_have_url(re.compile(r"/advies/inzet/$"))
    expect(page.locator(".caption")).to_have_text("Vraag 1 van 3")
    page.get_by_label("Gemiddeld: geregeld tijd van je mensen").check()
    page.get_by_role("button", name="Doorgaan").click()

    # Question 2 of 3: what you want (one goal, so no question on importance).
    expect(page).to_have_url(re.compile(r"/advies/redenen/\?"))
    expect(page.locator(".caption")).to_have_text("Vraag 2 van 3")
    page.get_by_label("Nieuwe ideeën en onderzoek").check()
    page.get_by_role("button", name="Doorgaan").click()

    # Question 3 of 3: place, optional: skipped.
    expect(page).to_have_url(re.compile(r"/advies/waar/\?"))
    expect(page.locator(".caption")).to_have_text("Vraag 3 van 3")
    page.get_by_role("button", name="Doorgaan").click()

    # Check your answers.
    expect(page).to_have_url(re.compile(r"/advies/controleer/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer je antwoorden")
    summary = page.locator("dl.summary-list")
    expect(summary).to_contain_text("Gemiddeld: geregeld tijd van je mensen")
    expect(summary).to_contain_text("Nieuwe ideeën en onderzoek")
    expect(summary).to_contain_text("reden B")
    page.get_by_role("link", name="Bekijk mijn advies").click()

    _assert_medium_b_result(page)


def test_advisor_journey_from_home_to_result(page):
    _advisor_with_pointer(page)


def test_advisor_journey_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    # Plain links and GET forms: the whole journey works without any script.
    _advisor_with_pointer(page)


# --- Keyboard only -----------------------------------------------------------

# The focus indicator as computed: the outline (only when it can be seen: a style, a
# width and a colour that is not transparent), the box shadow and the background.
_INDICATOR = """el => {
  const s = getComputedStyle(el);
  const outline = (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0
    || s.outlineColor === 'rgba(0, 0, 0, 0)' || s.outlineColor === 'transparent')
    ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
  return [outline, s.boxShadow, s.backgroundColor];
}"""

_REMEMBER_UNFOCUSED = f"""() => {{
  const indicator = {_INDICATOR};
  window.__unfocused = new Map();
  const focusable = 'a[href], button, summary, input, select, textarea, [tabindex]';
  for (const el of document.querySelectorAll(focusable)) {{
    window.__unfocused.set(el, indicator(el));
  }}
}}"""

_FOCUSED = f"""() => {{
  const indicator = {_INDICATOR};
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const now = indicator(el);
  const before = window.__unfocused && window.__unfocused.get(el);
  return {{
    tag: el.tagName.toLowerCase(),
    id: el.id,
    cls: el.className,
    type: el.type || '',
    value: el.value || '',
    checked: !!el.checked,
    href: el.getAttribute('href') || '',
    text: (el.innerText || el.value || '').trim().slice(0, 80),
    changed: before ? now.some((v, i) => v !== before[i]) : null,
    now: now,
    before: before || null,
  }};
}}"""


def _on_new_page(page: Page) -> None:
    page.wait_for_load_state("load")
    page.evaluate(_REMEMBER_UNFOCUSED)


def _focused(page: Page) -> dict:
    info = page.evaluate(_FOCUSED)
    assert info is not None, "nothing has keyboard focus"
    assert info["changed"], f"focus is not visible on {info}"
    return info


def _tab_to(page: Page, matches, *, limit: int = 60) -> dict:
    """Press Tab until the focused element matches; every stop must show focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = _focused(page)
        if matches(info):
            return info
        seen.append(info["text"] or info["id"] or info["href"])
    raise AssertionError(f"no matching element after {limit} Tabs; focused in turn: {seen}")


def test_advisor_journey_keyboard_only(page):
    page.goto("/")
    _on_new_page(page)
    page.keyboard.press("Tab")
    first = _focused(page)
    assert "skip-link" in first["cls"], f"first Tab stop is not the skip link: {first}"
    assert first["href"] == "#main"
    expect(page.locator(".skip-link")).to_be_in_viewport()

    _tab_to(page, lambda f: f["href"].endswith("/advies/") and "button" in f["cls"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/advies/$"))

    _on_new_page(page)
    _tab_to(page, lambda f: f["href"].endswith("/advies/inzet/"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/advies/inzet/$"))

    # Effort: the radio group is one Tab stop; Space checks, arrows move the choice.
    _on_new_page(page)
    _tab_to(page, lambda f: f["type"] == "radio")
    page.keyboard.press("Space")
    expect(page.locator("#id_effort_0")).to_be_checked()
    page.keyboard.press("ArrowDown")
    radio = _focused(page)
    assert radio["value"] == "medium" and radio["checked"], radio
    _tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Doorgaan")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/advies/redenen/\?effort=medium$"))

    # Reasons: each checkbox is a Tab stop; Space ticks B.
    _on_new_page(page)
    _tab_to(page, lambda f: f["type"] == "checkbox" and f["value"] == "B")
    page.keyboard.press("Space")
    expect(page.locator("input[name=reason][value=B]")).to_be_checked()
    _tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Doorgaan")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/advies/waar/\?"))

    # Place: optional, skip it.
    _on_new_page(page)
    _tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Doorgaan")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/advies/controleer/\?"))

    _on_new_page(page)
    _tab_to(page, lambda f: f["text"] == "Bekijk mijn advies")
    page.keyboard.press("Enter")
    _assert_medium_b_result(page)


# --- Institution finder ------------------------------------------------------


def test_institution_finder_by_province_and_level(page):
    page.goto("/onderwijsinstellingen/")
    page.get_by_label("Provincie of Techniekpact-regio").select_option(label="Utrecht")
    page.get_by_label("Niveau").select_option("HBO")
    page.get_by_role("button", name="Toon onderwijsinstellingen").click()

    expect(page).to_have_url(re.compile(r"place=province%3Autrecht"))
    expect(page).to_have_url(re.compile(r"level=HBO"))
    main = page.locator("main")
    expect(main).to_contain_text("Hogeschool Utrecht")
    expect(main).to_contain_text("Hogeschool van Amsterdam")
    text = main.inner_text()
    for not_listed in ("MBO Utrecht", "ROC Midden Nederland", "Grafisch Lyceum Utrecht"):
        assert not_listed not in text, f"MBO school {not_listed!r} listed for HBO"
    for other_region in ("Hanzehogeschool Groningen", "Fontys Hogescholen", "Saxion Hogescholen"):
        assert other_region not in text, f"{other_region!r} is not in Utrecht's region"
    # The filter keeps its choices after submitting.
    expect(page.get_by_label("Provincie of Techniekpact-regio")).to_have_value("province:utrecht")
    expect(page.get_by_label("Niveau")).to_have_value("HBO")


# --- Language switch ---------------------------------------------------------


def test_language_switch_keeps_the_page(page):
    page.goto("/vormen/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("navigation", name="Taal").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/vormen/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main menu")).to_contain_text("Forms")
    expect(page.locator("main")).to_contain_text("Making your company known to students")

    # Back to Dutch from the English page.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Nederlands").click()
    expect(page).to_have_url(re.compile(r"/vormen/$"))
    assert "/en/" not in page.url
    expect(page.locator("main")).to_contain_text("Je bedrijf bekend maken bij studenten")


def test_language_switch_keeps_the_query_string(page):
    page.goto("/voorbeelden/?form=5&level=HBO")
    page.get_by_role("navigation", name="Taal").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/voorbeelden/\?form=5&level=HBO$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice examples")
    expect(page.get_by_label("Form of collaboration")).to_have_value("5")
    expect(page.get_by_label("Level")).to_have_value("HBO")


# --- Error summary -----------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_error_summary_links_to_the_first_radio(new_page, javascript):
    page = new_page(java_script_enabled=javascript)
    page.goto("/advies/inzet/")
    page.get_by_role("button", name="Doorgaan").click()
    expect(page).to_have_url(re.compile(r"/advies/inzet/\?next=1$"))
    expect(page).to_have_title(re.compile(r"^Fout: "))
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Er is een probleem")
    if javascript:
        # The script moves focus to the summary so it is read out first.
        expect(summary).to_be_focused()
    # The message also sits next to the field.
    expect(page.locator(".field--error .error-message")).to_have_text(
        "Kies hoeveel inzet je kunt leveren."
    )
    summary.get_by_role("link", name="Kies hoeveel inzet je kunt leveren.").click()
    first_radio = page.locator("#id_effort_0")
    expect(first_radio).to_have_attribute("type", "radio")
    expect(first_radio).to_be_focused()


# --- The API reference -------------------------------------------------------


def test_api_reference_from_the_footer_and_its_copy_buttons(new_page):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto("/en/")
    page.get_by_role("contentinfo").get_by_role("link", name="API for integrators").click()
    expect(page).to_have_url(re.compile(r"/en/api/v1/docs$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("API reference")
    advice = page.locator("section.endpoint", has=page.locator("h2#endpoint-api-v1-advice"))
    address = advice.locator(".example-url code").inner_text()
    assert address.endswith("/api/v1/advice?effort=low&reasons=A,C&lang=en"), address
    advice.get_by_role("button", name=f"Copy the address {address}").click()
    expect(advice.get_by_role("status")).to_have_text("The address is copied.")
    assert page.evaluate("navigator.clipboard.readText()") == address
    # The example answers with JSON.
    advice.locator(".example-url a").click()
    assert page.evaluate("JSON.parse(document.body.innerText).effort") == "low"


def test_api_reference_without_javascript_has_the_addresses_and_no_buttons(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/api/v1/docs")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    endpoints = page.locator("section.endpoint").count()
    assert endpoints >= 7
    # Every public endpoint has its address; a token's endpoint shows how to send it.
    with_token = page.locator(".token-example").count()
    assert with_token == 3
    expect(page.locator(".example-url a")).to_have_count(endpoints - with_token)
    expect(page.locator(".example-url button")).to_have_count(0)
