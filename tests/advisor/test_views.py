"""The advisor's question pages, the result and the beslisboom, in both languages.

Answers travel in the query string, so every step is a GET; assertions compare
query strings as parsed pairs, and lean on handbook data (form names and links)
rather than on interface strings.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.utils.html import escape

from samenwerkt.handbook.models import (
    CollaborationForm,
    Example,
    Institution,
    Listing,
    Reason,
    Region,
)
from tests.handbook_facts import LEAVES as FACT_LEAVES

# (band, reason) → recommended form numbers, as lists like the JSON and pages give them.
LEAVES = {key: list(forms) for key, forms in FACT_LEAVES.items()}

pytestmark = pytest.mark.django_db

BANDS = ["low", "medium", "high"]


# --- helpers -------------------------------------------------------------------


def text(response) -> str:
    return response.content.decode()


def html_lang(page: str) -> str:
    match = re.search(r"<html lang=\"([^\"]+)\">", page)
    assert match, "the page has no <html lang=...>"
    return match.group(1)


def url(path: str, pairs) -> str:
    return f"{path}?{urlencode(pairs)}" if pairs else path


def assert_redirects_to(response, path: str, pairs):
    assert response.status_code == 302, f"expected a redirect, got {response.status_code}"
    target = urlsplit(response["Location"])
    assert target.path == path
    assert sorted(parse_qsl(target.query)) == sorted(pairs)


def section(page: str, heading_id: str) -> str:
    match = re.search(rf'aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)
    assert match, f"no section {heading_id!r} on the page"
    return match.group(1)


def form_links(fragment: str) -> list[tuple[str, int, str]]:
    """(href, number, name) of every link to a form in an HTML fragment."""
    return [
        (href, int(number), unescape(name))
        for href, number, name in re.findall(
            r'<a href="((?:/en)?/vormen/[^"]+/)">(\d+)\. ([^<]+)</a>', fragment
        )
    ]


def recommended(page: str) -> list[tuple[str, int, str]]:
    match = re.search(r'<ul class="recommended">(.*?)</ul>', page, re.S)
    assert match, "no list of recommended forms"
    return form_links(match.group(1))


def expected_links(numbers, lang: str = "nl") -> list[tuple[str, int, str]]:
    forms = {f.number: f for f in CollaborationForm.objects.all()}
    prefix = "/en" if lang == "en" else ""
    return [
        (f"{prefix}/vormen/{forms[n].slug}/", n, getattr(forms[n], f"name_{lang}")) for n in numbers
    ]


def examples_shown(fragment: str, prefix: str = "") -> set[str]:
    return set(re.findall(rf'<a href="{prefix}/voorbeelden/([^/"]+)/"', fragment))


def error_summary_targets(page: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert summary, "no error summary on the page"
    return re.findall(r'<a href="#([^"]+)">', summary.group(0))


def ids_on(page: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page))


def result_url(effort, *reasons, prefix="", **extra) -> str:
    pairs = [("effort", effort), *[("reason", r) for r in reasons], *extra.items()]
    return url(f"{prefix}/advies/resultaat/", pairs)


# --- start and the question pages ------------------------------------------------


@pytest.mark.parametrize(("prefix", "lang"), [("", "nl"), ("/en", "en")])
def test_start_page_leads_to_the_first_question(client, prefix, lang):
    response = client.get(f"{prefix}/advies/")
    assert response.status_code == 200
    page = text(response)
    assert html_lang(page) == lang
    assert f'href="{prefix}/advies/inzet/"' in page
    assert f'href="{prefix}/beslisboom/"' in page


@pytest.mark.parametrize(("prefix", "lang"), [("", "nl"), ("/en", "en")])
def test_happy_path_with_one_reason_skips_the_weights(client, prefix, lang):
    answers: list[tuple[str, str]] = []

    page = client.get(f"{prefix}/advies/inzet/")
    assert page.status_code == 200
    assert html_lang(text(page)) == lang
    assert 'name="effort" value="medium"' in text(page)

    answers.append(("effort", "medium"))
    response = client.get(url(f"{prefix}/advies/inzet/", [*answers, ("next", "1")]))
    assert_redirects_to(response, f"{prefix}/advies/redenen/", answers)

    page = client.get(response["Location"])
    assert page.status_code == 200
    reasons_page = text(page)
    # The earlier answer rides along in a hidden field; the reasons are offered by name.
    assert '<input type="hidden" name="effort" value="medium">' in reasons_page
    for reason in Reason.objects.all():
        assert escape(getattr(reason, f"name_{lang}")) in reasons_page

    answers.append(("reason", "B"))
    response = client.get(url(f"{prefix}/advies/redenen/", [*answers, ("next", "1")]))
    assert_redirects_to(response, f"{prefix}/advies/waar/", answers)

    page = client.get(response["Location"])
    assert page.status_code == 200
    place_page = text(page)
    assert '<option value="province:utrecht">' in place_page
    # Back goes to the reasons: there was no weights question.
    back = re.search(r'<a class="back-link" href="([^"]+)"', place_page).group(1)
    assert urlsplit(unescape(back)).path == f"{prefix}/advies/redenen/"

    answers += [("place", "province:utrecht"), ("level", "HBO")]
    response = client.get(url(f"{prefix}/advies/waar/", [*answers, ("next", "1")]))
    assert_redirects_to(response, f"{prefix}/advies/controleer/", answers)

    page = client.get(response["Location"])
    assert page.status_code == 200
    check_page = text(page)
    reason_b = Reason.objects.get(code="B")
    assert escape(getattr(reason_b, f"name_{lang}")) in check_page
    assert "Utrecht, HBO" in check_page
    link = re.search(r'<a class="button" href="([^"]+)">', check_page).group(1)
    target = urlsplit(unescape(link))
    assert target.path == f"{prefix}/advies/resultaat/"
    assert sorted(parse_qsl(target.query)) == sorted(answers)

    page = client.get(unescape(link))
    assert page.status_code == 200
    assert [n for _h, n, _name in recommended(text(page))] == [5, 4]


def test_happy_path_with_several_reasons_asks_their_weights(client):
    answers = [("effort", "low"), ("reason", "A"), ("reason", "C")]
    response = client.get(url("/advies/redenen/", [*answers, ("next", "1")]))
    assert_redirects_to(response, "/advies/belang/", answers)

    page = text(client.get(response["Location"]))
    assert 'name="weight_A"' in page
    assert 'name="weight_C"' in page
    assert 'name="weight_B"' not in page
    for code in ("A", "C"):
        assert escape(Reason.objects.get(code=code).name_nl) in page

    answers.append(("weight_C", "3"))
    response = client.get(url("/advies/belang/", [*answers, ("next", "1")]))
    assert_redirects_to(response, "/advies/waar/", answers)

    place_page = text(client.get(response["Location"]))
    back = re.search(r'<a class="back-link" href="([^"]+)"', place_page).group(1)
    assert urlsplit(unescape(back)).path == "/advies/belang/"

    response = client.get(url("/advies/waar/", [*answers, ("next", "1")]))
    assert_redirects_to(response, "/advies/controleer/", answers)
    assert client.get(response["Location"]).status_code == 200


def test_weights_page_is_skipped_with_one_reason(client):
    answers = [("effort", "high"), ("reason", "D")]
    assert_redirects_to(client.get(url("/advies/belang/", answers)), "/advies/waar/", answers)
    assert_redirects_to(client.get(url("/en/advies/belang/", answers)), "/en/advies/waar/", answers)


def test_optional_questions_can_be_left_unanswered(client):
    # Weights and place are optional: continuing without them is not an error.
    answers = [("effort", "low"), ("reason", "A"), ("reason", "B")]
    response = client.get(url("/advies/belang/", [*answers, ("next", "1")]))
    assert_redirects_to(response, "/advies/waar/", answers)
    response = client.get(url("/advies/waar/", [*answers, ("next", "1")]))
    assert_redirects_to(response, "/advies/controleer/", answers)


def test_a_question_page_shows_the_answer_already_given(client):
    page = text(client.get("/advies/inzet/?effort=high&reason=A"))
    assert re.search(r'<input type="radio" name="effort" value="high"[^>]*checked', page)
    # The reason from the reasons page travels on as a hidden field.
    assert '<input type="hidden" name="reason" value="A">' in page
    page = text(client.get("/advies/redenen/?effort=high&reason=A&reason=D"))
    assert re.search(r'<input type="checkbox" name="reason" value="A"[^>]*checked', page)
    assert re.search(r'<input type="checkbox" name="reason" value="D"[^>]*checked', page)
    assert not re.search(r'<input type="checkbox" name="reason" value="B"[^>]*checked', page)


MISSING = [
    ("/advies/redenen/", [], "/advies/inzet/"),
    ("/advies/redenen/", [("reason", "A")], "/advies/inzet/"),
    ("/advies/belang/", [], "/advies/inzet/"),
    ("/advies/belang/", [("effort", "low")], "/advies/redenen/"),
    ("/advies/waar/", [("effort", "low")], "/advies/redenen/"),
    ("/advies/waar/", [("reason", "A")], "/advies/inzet/"),
    ("/advies/waar/", [("effort", "huge"), ("reason", "A")], "/advies/inzet/"),
    ("/advies/controleer/", [], "/advies/inzet/"),
    ("/advies/controleer/", [("effort", "low")], "/advies/redenen/"),
    ("/advies/controleer/", [("effort", "low"), ("reason", "Z")], "/advies/redenen/"),
    (
        "/advies/controleer/",
        [("effort", "low"), ("reason", "A"), ("place", "region:nowhere")],
        "/advies/waar/",
    ),
    (
        "/advies/controleer/",
        [("effort", "low"), ("reason", "A"), ("reason", "B"), ("weight_B", "7")],
        "/advies/belang/",
    ),
]


@pytest.mark.parametrize(("path", "answers", "first_missing"), MISSING)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_missing_earlier_answer_redirects_to_the_first_missing_question(
    client, prefix, path, answers, first_missing
):
    response = client.get(url(prefix + path, answers))
    # The answers given so far are kept, so nothing has to be answered twice.
    assert_redirects_to(response, prefix + first_missing, answers)


@pytest.mark.parametrize(
    ("answers", "page"),
    [
        ([("effort", "low"), ("reason", "A"), ("weight_A", "9")], "/advies/waar/"),
        ([("effort", "low"), ("reason", "A"), ("weight_A", "9")], "/advies/controleer/"),
        ([("effort", "low"), ("reason", "A"), ("weight_A", "9")], "/advies/resultaat/"),
    ],
)
def test_every_link_ends_on_a_page_not_in_a_redirect_loop(client, answers, page):
    # A weight for a single reason is never asked; a bad one in a shared link must
    # still lead to a page the visitor can act on, not bounce between two questions.
    target = url(page, answers)
    response = client.get(target)
    if response.status_code == 400:  # the result page links to the question to fix
        target = unescape(re.search(r'<a class="button" href="([^"]+)">', text(response))[1])
        response = client.get(target)
    seen = [target]
    while response.status_code == 302 and len(seen) <= 5:
        target = response["Location"]
        assert target not in seen, f"redirect loop: {' → '.join([*seen, target])}"
        seen.append(target)
        response = client.get(target)
    assert response.status_code in (200, 400)


EMPTY_SUBMITS = [
    ("effort", "/advies/inzet/", [], "id_effort"),
    ("reasons", "/advies/redenen/", [("effort", "low")], "id_reason"),
]


@pytest.mark.parametrize(
    ("path", "answers", "field_id"),
    [e[1:] for e in EMPTY_SUBMITS],
    ids=[e[0] for e in EMPTY_SUBMITS],
)
@pytest.mark.parametrize(("prefix", "lang"), [("", "nl"), ("/en", "en")])
def test_submitting_without_an_answer_is_400_with_error_summary(
    client, prefix, lang, path, answers, field_id
):
    response = client.get(url(prefix + path, [*answers, ("next", "1")]))
    assert response.status_code == 400
    page = text(response)
    assert html_lang(page) == lang
    # The summary links to the first option of the question, which is on the page …
    assert error_summary_targets(page) == [f"{field_id}_0"]
    assert f'id="{field_id}_0"' in page
    # … and the message sits in the question's fieldset, which points to it.
    fieldset = re.search(r'<fieldset class="fieldset" aria-describedby="([^"]+)">', page)
    assert fieldset, "the question's fieldset does not point to its error message"
    assert fieldset.group(1) == f"{field_id}_error"
    assert f'<p class="error-message" id="{field_id}_error">' in page
    # The page title tells screen-reader users there is an error.
    assert re.search(r"<title>[^<]+: ", page)


INVALID_ANSWERS = [
    ("effort", "/advies/inzet/", [("effort", "huge")], ["id_effort_0"]),
    ("effort-script", "/advies/inzet/", [("effort", "<script>x</script>")], ["id_effort_0"]),
    ("reason", "/advies/redenen/", [("effort", "low"), ("reason", "Z")], ["id_reason_0"]),
    (
        "weight",
        "/advies/belang/",
        [("effort", "low"), ("reason", "A"), ("reason", "B"), ("weight_A", "9")],
        ["id_weight_A_0"],
    ),
    (
        "place",
        "/advies/waar/",
        [("effort", "low"), ("reason", "A"), ("place", "region:nowhere")],
        ["id_place"],
    ),
    (
        "place-and-level",
        "/advies/waar/",
        [("effort", "low"), ("reason", "A"), ("place", "<script>"), ("level", "PhD")],
        ["id_place", "id_level_0"],
    ),
]


@pytest.mark.parametrize(
    ("path", "answers", "targets"),
    [e[1:] for e in INVALID_ANSWERS],
    ids=[e[0] for e in INVALID_ANSWERS],
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_submitting_an_unknown_answer_is_400_with_error_summary(
    client, prefix, path, answers, targets
):
    response = client.get(url(prefix + path, [*answers, ("next", "1")]))
    assert response.status_code == 400
    page = text(response)
    assert error_summary_targets(page) == targets
    for target in targets:
        assert f'id="{target}"' in page
    assert page.count('class="error-message"') == len(targets)
    assert "<script>" not in page


def test_place_error_is_tied_to_the_select_for_screen_readers(client):
    page = text(client.get("/advies/waar/?effort=low&reason=A&place=region:nowhere&next=1"))
    select = re.search(r"<select[^>]*>", page).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', select)
    assert described, "the invalid select has no aria-describedby"
    for ref in described.group(1).split():
        assert ref in ids_on(page), f"aria-describedby points to {ref!r}, not on the page"


def test_hidden_answers_are_escaped(client):
    response = client.get(
        url("/advies/redenen/", [("effort", "low"), ("place", '"><script>alert(1)</script>')])
    )
    assert response.status_code == 200
    page = text(response)
    assert "<script>" not in page
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


# --- the result -----------------------------------------------------------------------


@pytest.mark.parametrize(("effort", "reason"), list(LEAVES), ids=[f"{e}-{r}" for e, r in LEAVES])
def test_result_recommends_the_handbooks_leaf(client, effort, reason):
    response = client.get(result_url(effort, reason))
    assert response.status_code == 200
    page = text(response)
    assert html_lang(page) == "nl"
    assert recommended(page) == expected_links(LEAVES[(effort, reason)])


@pytest.mark.parametrize(("effort", "reason"), list(LEAVES), ids=[f"{e}-{r}" for e, r in LEAVES])
def test_result_shows_neighbour_bands_and_examples_of_the_recommended_forms(client, effort, reason):
    page = text(client.get(result_url(effort, reason)))

    position = BANDS.index(effort)
    neighbours = [BANDS[i] for i in (position - 1, position + 1) if 0 <= i < len(BANDS)]
    items = re.findall(r"<li>(.*?)</li>", section(page, "other-title"), re.S)
    assert [[n for _h, n, _name in form_links(item)] for item in items] == [
        LEAVES[(band, reason)] for band in neighbours
    ]

    wanted = set(
        Example.objects.filter(collaboration_form__number__in=LEAVES[(effort, reason)]).values_list(
            "slug", flat=True
        )
    )
    assert wanted
    assert examples_shown(section(page, "examples-title")) == wanted


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, [2, 3]),  # A + C: forms 2 and 3 both total 5 stars, equal effort and total
        ({"weight_C": "3"}, [3]),  # C counts triple: 3 has C 4 stars
        ({"weight_A": "3"}, [2]),  # A counts triple: 2 has A 2 and C 3 stars
    ],
)
def test_weights_change_the_advice(client, extra, expected):
    page = text(client.get(result_url("low", "A", "C", **extra)))
    assert [n for _h, n, _name in recommended(page)] == expected


def test_weights_are_ignored_with_a_single_reason(client):
    plain = recommended(text(client.get(result_url("low", "A"))))
    weighted = recommended(text(client.get(result_url("low", "A", weight_A="3"))))
    assert weighted == plain == expected_links([1, 2])


def test_result_with_a_place_shows_its_schools_at_the_chosen_level(client):
    page = text(client.get(result_url("medium", "B", place="province:utrecht", level="HBO")))
    schools = section(page, "schools-title")
    names = [unescape(n).strip() for n in re.findall(r"<li>([^<]+)<span", schools)]
    assert "Hogeschool Utrecht" in names
    assert set(names) == {"Hogeschool van Amsterdam", "Hogeschool Inholland", "Hogeschool Utrecht"}
    for mbo in ("MBO Utrecht", "ROC Midden Nederland", "ROC Flevoland"):
        assert mbo not in schools
    assert "Hanzehogeschool Groningen" not in schools


def test_result_with_a_region_and_mbo_shows_only_that_regions_mbo_schools(client):
    page = text(client.get(result_url("low", "A", place="region:noord", level="MBO")))
    schools = section(page, "schools-title")
    names = {unescape(n).strip() for n in re.findall(r"<li>([^<]+)<span", schools)}
    assert names == set(
        Listing.objects.filter(region__slug="noord", institution__level="MBO").values_list(
            "institution__name", flat=True
        )
    )
    assert "Noorderpoort" in names


def test_result_without_a_place_shows_no_schools(client):
    page = text(client.get(result_url("low", "A")))
    assert 'id="schools-title"' not in page


def test_result_in_english(client):
    response = client.get(result_url("low", "A", prefix="/en", place="province:groningen"))
    assert response.status_code == 200
    page = text(response)
    assert html_lang(page) == "en"
    assert recommended(page) == expected_links([1, 2], "en")
    for _href, _n, name in expected_links([1, 2], "nl"):
        assert escape(name) not in page
    # Examples and the change link stay in English.
    assert examples_shown(section(page, "examples-title"), "/en")
    assert 'href="/en/advies/controleer/?' in page
    assert "Hanzehogeschool Groningen" in section(page, "schools-title")
    # The language switch opens the same advice in Dutch.
    switch = re.search(r'<a href="([^"]*)" lang="nl" hreflang="nl">', page).group(1)
    target = urlsplit(unescape(switch))
    assert target.path == "/advies/resultaat/"
    assert sorted(parse_qsl(target.query)) == sorted(
        [("effort", "low"), ("reason", "A"), ("place", "province:groningen")]
    )


def test_result_share_link_reopens_the_same_advice(client):
    page = text(client.get(result_url("high", "C", place="region:oost")))
    share = re.search(r'<a class="share-link" href="([^"]+)">', page).group(1)
    target = urlsplit(unescape(share))
    assert target.path == "/advies/resultaat/"
    again = text(client.get(f"{target.path}?{target.query}"))
    assert recommended(again) == recommended(page) == expected_links([8])


INVALID_RESULTS = [
    ("no-answers", [], "/advies/inzet/"),
    ("effort-huge", [("effort", "huge"), ("reason", "A")], "/advies/inzet/"),
    ("reason-missing", [("effort", "low")], "/advies/redenen/"),
    ("reason-Z", [("effort", "low"), ("reason", "Z")], "/advies/redenen/"),
    (
        "weight-9",
        [("effort", "low"), ("reason", "A"), ("reason", "B"), ("weight_A", "9")],
        "/advies/belang/",
    ),
    (
        "region-nowhere",
        [("effort", "low"), ("reason", "A"), ("place", "region:nowhere")],
        "/advies/waar/",
    ),
    ("level-PhD", [("effort", "low"), ("reason", "A"), ("level", "PhD")], "/advies/waar/"),
    (
        "script",
        [("effort", "<script>alert(1)</script>"), ("reason", "<script>")],
        "/advies/inzet/",
    ),
    ("unicode", [("effort", "wéinig 😀"), ("reason", "Ä")], "/advies/inzet/"),
    ("long", [("effort", "low" * 300), ("reason", "A" * 1000)], "/advies/inzet/"),
]


@pytest.mark.parametrize(
    ("answers", "fix"), [i[1:] for i in INVALID_RESULTS], ids=[i[0] for i in INVALID_RESULTS]
)
@pytest.mark.parametrize(("prefix", "lang"), [("", "nl"), ("/en", "en")])
def test_invalid_result_link_is_a_400_page(client, prefix, lang, answers, fix):
    client.raise_request_exception = False
    response = client.get(url(prefix + "/advies/resultaat/", answers))
    assert response.status_code == 400
    page = text(response)
    assert html_lang(page) == lang
    assert 'class="error-summary"' in page
    assert re.findall(r'<ul class="error-summary__list"><li>', page)
    assert "<script>" not in page
    assert '<ul class="recommended">' not in page
    # The page sends the visitor to the question to answer.
    link = re.search(r'<a class="button" href="([^"]+)">', page).group(1)
    assert urlsplit(unescape(link)).path == prefix + fix


# --- the beslisboom -------------------------------------------------------------------


def tree_table(page: str) -> str:
    match = re.search(r'<caption id="tree-table-caption">.*?</table>', page, re.S)
    assert match, "no table alternative for the decision tree"
    return match.group(0)


def svg(page: str) -> str:
    match = re.search(r'<svg class="tree__svg".*?</svg>', page, re.S)
    assert match, "no decision-tree SVG"
    return match.group(0)


@pytest.mark.parametrize(("prefix", "lang"), [("", "nl"), ("/en", "en")])
def test_beslisboom_is_an_accessible_svg_with_a_table_alternative(client, prefix, lang):
    response = client.get(f"{prefix}/beslisboom/")
    assert response.status_code == 200
    page = text(response)
    assert html_lang(page) == lang
    drawing = svg(page)
    title = re.search(r'<title id="([^"]+)">([^<]+)</title>', drawing)
    desc = re.search(r'<desc id="([^"]+)">([^<]+)</desc>', drawing)
    assert title and title.group(2).strip()
    assert desc and desc.group(2).strip()
    labelled = re.search(r'<svg[^>]*aria-labelledby="([^"]+)"', drawing).group(1).split()
    assert labelled == [title.group(1), desc.group(1)]
    assert 'role="img"' in drawing

    # The table holds the same twelve leaves, in the page's language.
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", tree_table(page).split("<tbody>")[1], re.S)
    assert len(rows) == 12
    expected = [LEAVES[(band, code)] for band in BANDS for code in "ABCD"]
    assert [[n for _h, n, _name in form_links(row)] for row in rows] == expected
    for row, numbers in zip(rows, expected, strict=True):
        assert form_links(row) == expected_links(numbers, lang)
    # Without a question there is no path to highlight.
    assert "is-path" not in page


@pytest.mark.parametrize("path", ["/beslisboom/", "/advies/resultaat/?effort=low&reason=A"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_svg_coordinates_are_valid_numbers_in_every_language(client, prefix, path):
    # SVG wants "340.0", never the Dutch "340,0": a comma breaks the drawing.
    drawing = svg(text(client.get(prefix + path)))
    values = re.findall(r'\s(?:x|y|x1|y1|x2|y2|width|height)="([^"]*)"', drawing)
    assert values
    bad = sorted({v for v in values if not re.fullmatch(r"-?\d+(\.\d+)?", v)})
    assert not bad, f"invalid SVG coordinates: {bad[:5]}"
    viewbox = re.search(r'viewBox="([^"]+)"', drawing).group(1)
    assert re.fullmatch(r"0 0 \d+ \d+", viewbox)


def test_result_highlights_the_path_through_the_tree(client):
    reason = Reason.objects.get(code="B")
    page = text(client.get(result_url("medium", "B")))
    table = tree_table(page)
    on_path = re.findall(r'<tr class="is-path">(.*?)</tr>', table, re.S)
    assert len(on_path) == 1
    assert escape(f"B. {reason.short_name_nl}") in on_path[0]
    assert [n for _h, n, _name in form_links(on_path[0])] == [5, 4]

    drawing = svg(page)
    boxes = re.findall(r'<g class="tree__box tree__box--(\w+) is-path">(.*?)</g>', drawing, re.S)
    assert sorted(kind for kind, _body in boxes) == ["band", "leaf", "reason", "start"]
    reason_box = next(body for kind, body in boxes if kind == "reason")
    assert "<text" in reason_box and ">B. " in reason_box
    leaf_box = next(body for kind, body in boxes if kind == "leaf")
    leaf_text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", leaf_box))
    assert {"5", "4"} <= set(re.findall(r"\b[1-8]\b", leaf_text))
    # Start → band → reason → leaf: three lines drawn on the path.
    assert len(re.findall(r'<line class="tree__line is-path"', drawing)) == 3


def test_result_with_two_reasons_highlights_both_leaves(client):
    page = text(client.get(result_url("high", "A", "C")))
    on_path = re.findall(r'<tr class="is-path">(.*?)</tr>', tree_table(page), re.S)
    assert [[n for _h, n, _name in form_links(row)] for row in on_path] == [[7], [8]]
    drawing = svg(page)
    kinds = re.findall(r'<g class="tree__box tree__box--(\w+) is-path">', drawing)
    assert sorted(kinds) == ["band", "leaf", "leaf", "reason", "reason", "start"]


# --- bounded queries ---------------------------------------------------------------

QUERY_BOUNDS = [
    ("/advies/", 0),
    ("/advies/inzet/", 3),
    ("/advies/inzet/?next=1&effort=low", 3),
    ("/advies/inzet/?next=1", 3),
    ("/advies/redenen/?effort=low", 3),
    ("/advies/redenen/?effort=low&reason=A&reason=B&next=1", 3),
    ("/advies/belang/?effort=low&reason=A&reason=B", 6),
    ("/advies/belang/?effort=low&reason=A&reason=B&weight_A=9&next=1", 6),
    ("/advies/waar/?effort=low&reason=A", 3),
    ("/advies/waar/?effort=low&reason=A&place=region:nowhere&next=1", 3),
    ("/advies/controleer/?effort=low&reason=A&reason=C&place=province:utrecht", 3),
    ("/advies/resultaat/?effort=low&reason=A", 11),
    ("/advies/resultaat/?effort=medium&reason=B&place=province:utrecht&level=HBO", 12),
    (
        "/advies/resultaat/?effort=high&reason=A&reason=B&reason=C&reason=D&place=region:noord-west",
        11,
    ),
    ("/advies/resultaat/?effort=huge", 3),
    ("/beslisboom/", 4),
]


@pytest.mark.parametrize(("path", "bound"), QUERY_BOUNDS, ids=[p for p, _ in QUERY_BOUNDS])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_page_query_count_is_bounded(client, django_assert_max_num_queries, prefix, path, bound):
    with django_assert_max_num_queries(bound):
        response = client.get(prefix + path)
    assert response.status_code in (200, 302, 400)


EXTRA = 200


@pytest.fixture
def much_data(db):
    """200 more examples of every form and 200 more schools in region Noord-West."""
    forms = list(CollaborationForm.objects.all())
    Example.objects.bulk_create(
        Example(
            slug=f"extra-voorbeeld-{i:03d}",
            collaboration_form=forms[i % len(forms)],
            position=0,
            title_nl=f"Extra voorbeeld {i:03d}",
            title_en=f"Extra example {i:03d}",
            summary_nl="Samenvatting",
            summary_en="Summary",
            body_nl="Tekst",
            body_en="Text",
            level_hbo=True,
        )
        for i in range(EXTRA)
    )
    schools = Institution.objects.bulk_create(
        Institution(name=f"Testschool {i:03d}", slug=f"testschool-{i:03d}", level="HBO")
        for i in range(EXTRA)
    )
    noord_west = Region.objects.get(slug="noord-west")
    Listing.objects.bulk_create(
        Listing(region=noord_west, institution=school, position=i)
        for i, school in enumerate(schools)
    )


@pytest.mark.parametrize(("path", "bound"), QUERY_BOUNDS, ids=[p for p, _ in QUERY_BOUNDS])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_page_query_count_stays_bounded_with_much_data(
    client, django_assert_max_num_queries, much_data, prefix, path, bound
):
    with django_assert_max_num_queries(bound):
        response = client.get(prefix + path)
    assert response.status_code in (200, 302, 400)


def test_result_with_much_data_shows_a_bounded_number_of_examples_and_schools(client, much_data):
    page = text(client.get(result_url("low", "A", place="region:noord-west", level="HBO")))
    examples = examples_shown(section(page, "examples-title"))
    assert any(slug.startswith("extra-voorbeeld-") for slug in examples)
    assert 0 < len(examples) <= 12
    schools = re.findall(r"<li>([^<]+)<span", section(page, "schools-title"))
    assert any(name.startswith("Testschool") for name in schools)
    assert 0 < len(schools) <= 60
