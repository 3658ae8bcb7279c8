"""axe-core (WCAG 2.0/2.1 A and AA) on every public page, in Dutch and English, at
desktop and mobile width, including the advisor's questions and the error states."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, MOBILE

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
    ("about", "/over/", 200),
    ("beslisboom", "/beslisboom/", 200),
    ("advisor-start", "/advies/", 200),
    ("q-effort", "/advies/inzet/", 200),
    ("q-reasons", "/advies/redenen/?effort=medium", 200),
    ("q-weights", "/advies/belang/?effort=medium&reason=A&reason=B", 200),
    ("q-place", "/advies/waar/?effort=medium&reason=B", 200),
    ("check", "/advies/controleer/?effort=medium&reason=B&place=&level=", 200),
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
    ("error-result", "/advies/resultaat/?effort=huge&reason=B", 400),
    ("error-not-found", "/bestaat-niet/", 404),
    # Being added by another developer; checked when it exists.
    ("accessibility-statement", "/toegankelijkheid/", 200),
]
OPTIONAL = {"/toegankelijkheid/"}
LANGUAGES = {"nl": "", "en": "/en"}
VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def contexts(browser, server_url):
    """One browser context per width for this module's many short page visits: the
    pages are public and keep no state, and a new context per visit costs more than
    the check itself. Each test still gets its own page."""
    made = {
        name: browser.new_context(base_url=server_url, viewport=size)
        for name, size in VIEWPORTS.items()
    }
    yield made
    for context in made.values():
        context.close()


@pytest.fixture
def open_page(contexts, server_url):
    pages = []

    def open_(lang, path, status, viewport):
        url = LANGUAGES[lang] + path
        if path in OPTIONAL and _status(server_url + url) == 404:
            pytest.skip(f"{url} does not exist (yet)")
        page = contexts[viewport].new_page()
        pages.append(page)
        response = page.goto(url)
        assert response is not None and response.status == status, (
            f"{url}: expected HTTP {status}, got {response and response.status}"
        )
        assert page.locator("html").get_attribute("lang") == lang
        return page, url

    yield open_
    for page in pages:
        page.close()


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


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "status"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_no_axe_violations(open_page, axe, lang, path, status, viewport):
    page, url = open_page(lang, path, status, viewport)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    report = _report(url, VIEWPORTS[viewport]["width"], violations)
    if violations:
        print(report)
    assert not violations, report


_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.right > width + 1 && !el.closest('.table-scroll, [role=region]');
  }).slice(0, 3).map(el => el.outerHTML.slice(0, 160));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_horizontal_scroll_on_mobile(new_page, lang):
    """WCAG 1.4.10 reflow: at 375px no page scrolls sideways (wide tables scroll inside
    their own region). One page visits them all and reports every page that fails."""
    page = new_page(viewport=MOBILE)
    failures = []
    for _name, path, status in PAGES:
        url = LANGUAGES[lang] + path
        response = page.goto(url)
        if path in OPTIONAL and response.status == 404:
            continue
        assert response.status == status, f"{url}: expected HTTP {status}, got {response.status}"
        overflow = page.evaluate(_OVERFLOW)
        if overflow["scroll"] > overflow["width"]:
            failures.append(f"{url}: {overflow}")
    assert not failures, "pages scroll sideways at 375px:\n" + "\n".join(failures)
