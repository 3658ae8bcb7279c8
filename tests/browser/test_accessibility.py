"""axe-core (WCAG 2.0/2.1 A and AA) on every page the app serves, in Dutch and English
at desktop width: the public pages, the advisor's questions, the error states and the
error pages (400, 403, the CSRF failure, 404, 405, 429, and the bilingual 500 and 503);
and reflow (WCAG 1.4.10) on the same pages at 320 CSS pixels.

axe runs here at one width: its rules look at the markup, names, roles and colours,
which the CSS does not change with the width, except in two places: on a phone the main
menu is a disclosure button (a different element; the desktop row is hidden) and tables
show as cards. test_small_screens.py runs axe at phone width on the pages with those.
What else changes with the width, content that no longer fits, is what the reflow
test checks."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, REFLOW
from .error_pages import ERROR_PAGES, ErrorPages

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

DATA = Path(__file__).resolve().parents[2] / "src" / "samenwerkt" / "handbook" / "data"
FORM_SLUGS = [f["slug"] for f in yaml.safe_load((DATA / "forms.yaml").read_text())["forms"]]
EXAMPLE_SLUG = yaml.safe_load((DATA / "examples.yaml").read_text())["examples"][0]["slug"]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

# (id, path without language prefix, expected HTTP status)
PAGES = [
    ("home", "/", 200),
    ("reasons", "/redenen/", 200),
    ("forms", "/vormen/", 200),
    *[(f"form-{slug}", f"/vormen/{slug}/", 200) for slug in FORM_SLUGS],
    ("examples", "/voorbeelden/", 200),
    ("examples-filtered", "/voorbeelden/?form=5&level=HBO", 200),
    ("example", f"/voorbeelden/{EXAMPLE_SLUG}/", 200),
    ("tips", "/gouden-tips/", 200),
    ("steps", "/stappenplan/", 200),
    ("institutions", "/onderwijsinstellingen/", 200),
    ("institutions-filtered", "/onderwijsinstellingen/?place=province:utrecht&level=HBO", 200),
    # A school's page without a profile of its own (with one: test_account_pages.py).
    ("institution", "/onderwijsinstellingen/roc-deltion-college/", 200),
    ("about", "/over/", 200),
    ("privacy", "/privacy/", 200),
    ("contact", "/contact/", 200),
    ("beslisboom", "/beslisboom/", 200),
    # The API reference: Dutch at /api/v1/docs, English at /en/api/v1/docs.
    ("api-docs", "/api/v1/docs", 200),
    ("advisor-start", "/advies/", 200),
    ("q-effort", "/advies/inzet/", 200),
    ("q-reasons", "/advies/redenen/?effort=medium", 200),
    ("q-weights", "/advies/belang/?effort=medium&reason=A&reason=B", 200),
    ("q-place", "/advies/waar/?effort=medium&reason=B", 200),
    ("check", "/advies/controleer/?effort=medium&reason=B&place=&level=", 200),
    # "Change" from the check page: the question with its way back there.
    ("q-reasons-change", "/advies/redenen/?effort=medium&reason=B&place=&level=&return=check", 200),
    (
        "check-full",
        "/advies/controleer/?effort=low&reason=A&reason=C&weight_A=1&weight_C=3"
        "&place=province:utrecht&level=HBO",
        200,
    ),
    ("result", "/advies/resultaat/?effort=medium&reason=B", 200),
    (
        "result-full",
        "/advies/resultaat/?effort=low&reason=A&reason=C&weight_C=2"
        "&place=province:utrecht&level=HBO",
        200,
    ),
    # Error states.
    ("error-examples-level", "/voorbeelden/?level=XYZ", 400),
    ("error-institutions-place", "/onderwijsinstellingen/?place=nowhere", 400),
    ("error-q-effort", "/advies/inzet/?next=1", 400),
    ("error-q-reasons", "/advies/redenen/?effort=medium&next=1", 400),
    # A wrong weight and a repeated reason in the link, shown with their messages.
    ("error-q-weights", "/advies/belang/?effort=low&reason=A&reason=C&weight_A=9", 400),
    ("error-q-reasons-twice", "/advies/redenen/?effort=low&reason=A&reason=A", 400),
    ("error-result", "/advies/resultaat/?effort=huge&reason=B", 400),
    ("error-not-found", "/bestaat-niet/", 404),
    # Accounts, not signed in (signed in and with errors: test_account_pages.py).
    ("sign-in", "/account/login/", 200),
    ("sign-up", "/account/signup/", 200),
    ("password-reset", "/account/password/reset/", 200),
    ("password-reset-sent", "/account/password/reset/done/", 200),
    ("password-reset-bad-link", "/account/password/reset/key/1z-geen-geldige-sleutel/", 200),
    ("confirm-email-sent", "/account/confirm-email/", 200),
    ("confirm-email-bad-link", "/account/confirm-email/geen-geldige-sleutel/", 200),
    ("account-inactive", "/account/inactive/", 200),
    # Being added by another developer; checked when it exists.
    ("accessibility-statement", "/toegankelijkheid/", 200),
]
OPTIONAL = {"/toegankelijkheid/"}
LANGUAGES = {"nl": "", "en": "/en"}


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def desktop_page(browser, server_url):
    """One page at desktop width for this module's many short visits, with axe-core
    injected by the context into every document it loads (one copy sent to the browser,
    not one per page). The pages are public and keep no state; every test navigates
    afresh, and a new context or page per visit costs more than the check itself."""
    context = browser.new_context(base_url=server_url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    context.add_init_script(Axe().axe_script)
    page = context.new_page()
    yield page
    context.close()


def _open(page, server_url: str, lang: str, path: str, status: int) -> str:
    url = LANGUAGES[lang] + path
    if path in OPTIONAL and _status(server_url + url) == 404:
        pytest.skip(f"{url} does not exist (yet)")
    response = page.goto(url)
    assert response is not None and response.status == status, (
        f"{url}: expected HTTP {status}, got {response and response.status}"
    )
    assert page.locator("html").get_attribute("lang") == lang
    return url


def _report(url: str, width: int, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) on {url} at {width}px:"]
    for violation in violations:
        node = violation["nodes"][0]
        lines.append(
            f"- {violation['id']} ({violation['impact']}, {len(violation['nodes'])} node(s)): "
            f"{violation['help']}\n    first node {node['target']}: {node['html']}\n"
            f"    {violation['helpUrl']}"
        )
    return "\n".join(lines)


# Only the violations travel back: the rest of axe's result is large and unused.
_AXE_RUN = "options => axe.run(document, options).then(results => results.violations)"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "status"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_no_axe_violations(desktop_page, server_url, lang, path, status):
    url = _open(desktop_page, server_url, lang, path, status)
    _assert_no_violations(desktop_page, url)


def _assert_no_violations(page, url: str) -> None:
    violations = page.evaluate(_AXE_RUN, AXE_OPTIONS)
    report = _report(url, DESKTOP["width"], violations)
    if violations:
        print(report)
    assert not violations, report


@pytest.fixture(scope="module")
def error_pages(browser, served, tmp_path_factory):
    with ErrorPages(browser, served, tmp_path_factory.mktemp("outage")) as pages:
        yield pages


# The pages a plain GET does not reach, each opened the way a visitor meets it (see
# error_pages.py) in each language it has, the lock-out last. Opening some costs a
# sign-in or ten, so each is opened once for both checks: reflow at 320 px, then axe at
# desktop width (the layout is CSS only: no script of ours looks at the width).
@pytest.mark.parametrize(("kind", "lang"), ERROR_PAGES, ids=["-".join(p) for p in ERROR_PAGES])
def test_error_pages_have_no_axe_violations_and_reflow(error_pages, kind, lang):
    page = error_pages.open(kind, lang, viewport=REFLOW, init_script=Axe().axe_script)
    overflow = _overflows(page)
    width = REFLOW["width"]
    assert not overflow, f"the {kind} page ({lang}) scrolls sideways at {width}px: {overflow}"
    page.set_viewport_size(DESKTOP)
    _assert_no_violations(page, f"the {kind} page ({lang})")


# What does not fit at 320 px (WCAG 1.4.10), on the page itself and inside boxes that
# could hide it by scrolling on their own:
# - wide: elements that stick out past the right edge;
# - text: text that sticks out (names the culprit, such as a long word in a column);
# - tables: a table wider than the viewport (it must reflow, not scroll in a region);
# - scrollers: any element whose content is wider than its box and that scrolls or
#   clips it sideways (a .table-scroll region that still has to scroll);
# - words: a word split over two lines other than at a hyphen or soft hyphen (the test
#   browser cannot hyphenate, so any other split is mid-word: "profession|aliseren").
# The one exception is a region marked data-reflow-exception: the decision-tree
# drawing, which needs its two-dimensional layout (allowed by 1.4.10) and has a table
# with the same content. Visually hidden text (clipped to 1 px) is left out.
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const exempt = el => el.closest('[data-reflow-exception]');
  const clipped = el => {
    for (let e = el; e; e = e.parentElement) {
      if (e.clientWidth <= 1 && getComputedStyle(e).overflow === 'hidden') return true;
    }
    return false;
  };
  const name = el => el.outerHTML.slice(0, 160);
  const all = [...document.querySelectorAll('body *')];
  const wide = all.filter(el => el.getBoundingClientRect().right > width + 1 && !exempt(el))
    .slice(0, 3).map(name);
  const tables = [...document.querySelectorAll('table')]
    .filter(t => t.getBoundingClientRect().width > width && !exempt(t))
    .slice(0, 3).map(t => `${Math.round(t.getBoundingClientRect().width)}px: ${name(t)}`);
  // A text field scrolls the value typed into it by nature (a long address in a narrow
  // field): that is the field's own editing, not page content that fails to reflow.
  const scrollers = all.filter(el => {
    if (el.matches('input, textarea, select')) return false;
    if (el.scrollWidth <= el.clientWidth + 1 || getComputedStyle(el).overflowX === 'visible') {
      return false;
    }
    return !exempt(el) && !clipped(el);
  }).slice(0, 3).map(el => `${el.scrollWidth}px in ${el.clientWidth}px: ${name(el)}`);
  const text = [];
  const words = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (exempt(parent) || clipped(parent) || parent.closest('svg, script, style')) continue;
    range.selectNodeContents(node);
    if (text.length < 3 && range.getBoundingClientRect().right > width + 1) {
      text.push(node.textContent.trim().slice(0, 160));
    }
    // A URL shown as text (the share link) may break anywhere.
    if (words.length >= 5 || parent.closest('.share-link')) continue;
    for (const match of node.textContent.matchAll(/\\S{4,}/g)) {
      if (/[-\\/\\u00ad–]/.test(match[0])) continue;
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.top)));
      if (lines.size > 1) words.push(`${match[0]} (in ${name(parent).slice(0, 60)})`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide, text, tables, scrollers,
          words};
}"""


def _overflows(page) -> dict | None:
    found = page.evaluate(_OVERFLOW)
    problems = ("wide", "tables", "scrollers", "words")
    failed = found["scroll"] > found["width"] or any(found[key] for key in problems)
    return {key: value for key, value in found.items() if value} if failed else None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reflow_at_320px(new_page, lang):
    """WCAG 1.4.10 reflow: at 320 CSS pixels no page scrolls sideways, and nothing
    hides the problem by scrolling in a region of its own: tables reflow into cards,
    captions wrap, no word is split mid-word. Only the decision-tree drawing scrolls in
    its region (a diagram; its table fits). One page visits them all and reports every
    page that fails."""
    page = new_page(viewport=REFLOW)
    failures = []
    for _name, path, status in PAGES:
        url = LANGUAGES[lang] + path
        response = page.goto(url)
        if path in OPTIONAL and response.status == 404:
            continue
        assert response.status == status, f"{url}: expected HTTP {status}, got {response.status}"
        if overflow := _overflows(page):
            failures.append(f"{url}: {overflow}")
    width = REFLOW["width"]
    assert not failures, f"pages scroll sideways at {width}px:\n" + "\n".join(failures)
