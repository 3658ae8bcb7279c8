"""The advisor's question pages, the result and the beslisboom, in both languages.

Answers travel in the query string, so every step is a GET; assertions compare
query strings as parsed pairs, and lean on handbook data (form names and links)
rather than on interface strings.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.utils import translation
from django.utils.html import escape

from samenwerkt.handbook.models import CollaborationForm, Example, Listing, Reason
from tests.handbook_facts import LEAVES as FACT_LEAVES
from tests.html import (
    error_summary,
    error_summary_targets,
    field_error,
    html_lang,
    ids,
    links,
    one,
    parse,
    section,
    select,
    switch_link,
    text,
    texts,
)
from tests.queries import over_bound

# (band, reason) → recommended form numbers, as lists like the JSON and pages give them.
LEAVES = {key: list(forms) for key, forms in FACT_LEAVES.items()}

pytestmark = pytest.mark.django_db

BANDS = ["low", "medium", "high"]


# --- helpers -------------------------------------------------------------------


def source(response) -> str:
    """The raw HTML source: for checks on escaping, which a parser would undo."""
    return response.content.decode()


def url(path: str, pairs) -> str:
    return f"{path}?{urlencode(pairs)}" if pairs else path


def assert_redirects_to(response, path: str, pairs):
    assert response.status_code == 302, f"expected a redirect, got {response.status_code}"
    target = urlsplit(response["Location"])
    assert target.path == path
    assert sorted(parse_qsl(target.query)) == sorted(pairs)


FORM_PATH = re.compile(r"(?:/en)?/vormen/[^/]+/")
FORM_LABEL = re.compile(r"(\d+)\. (.+)")


def form_links(node) -> list[tuple[str, int, str]]:
    """(href, number, name) of every link to a form in an element, in order; each
    link reads "<number>. <name>"."""
    found = []
    for link in select(node, "a[href]"):
        if FORM_PATH.fullmatch(link.get("href")):
            label = FORM_LABEL.fullmatch(text(link))
            assert label, f"a link to a form reads {text(link)!r}"
            found.append((link.get("href"), int(label[1]), label[2]))
    return found


def recommended(doc) -> list[tuple[str, int, str]]:
    return form_links(one(doc, "ul.recommended"))


def numbers(node) -> list[int]:
    """The numbers of the forms an element links to, in order."""
    return [number for _href, number, _name in form_links(node)]


def expected_links(numbers, lang: str = "nl") -> list[tuple[str, int, str]]:
    forms = {f.number: f for f in CollaborationForm.objects.all()}
    prefix = "/en" if lang == "en" else ""
    return [
        (f"{prefix}/vormen/{forms[n].slug}/", n, getattr(forms[n], f"name_{lang}")) for n in numbers
    ]


def examples_shown(node, prefix: str = "") -> set[str]:
    """Slugs of the example cards in an element; every card links to the example in
    the page's own language."""
    slugs = set()
    for href in links(node, "h3.card__title a"):
        assert href.startswith(f"{prefix}/voorbeelden/"), f"card links to {href!r}"
        slugs.add(href.removeprefix(f"{prefix}/voorbeelden/").strip("/"))
    return slugs


def schools_shown(doc) -> list[str]:
    """Names of the schools in the result's schools section (without level and towns)."""
    names = select(section(doc, "schools-title"), "li.school .school__name")
    return [" ".join(name.text_content().split()) for name in names]


def hidden_values(doc, name: str) -> list[str]:
    return [el.get("value") for el in select(doc, f'input[type="hidden"][name="{name}"]')]


def href_of(doc, css: str) -> str:
    return one(doc, css).get("href")


def checked(doc, kind: str, name: str, value: str) -> bool:
    field = one(doc, f'input[type="{kind}"][name="{name}"][value="{value}"]')
    return field.get("checked") is not None


def result_url(effort, *reasons, prefix="", **extra) -> str:
    pairs = [("effort", effort), *[("reason", r) for r in reasons], *extra.items()]
    return url(f"{prefix}/advies/resultaat/", pairs)


# --- start and the question pages ------------------------------------------------


@pytest.mark.parametrize(("prefix", "lang"), [("", "nl"), ("/en", "en")])
def test_start_page_leads_to_the_first_question(client, prefix, lang):
    response = client.get(f"{prefix}/advies/")
    assert response.status_code == 200
    doc = parse(response)
    assert html_lang(doc) == lang
    assert f"{prefix}/advies/inzet/" in links(doc)
    assert f"{prefix}/beslisboom/" in links(doc)


@pytest.mark.parametrize(("prefix", "lang"), [("", "nl"), ("/en", "en")])
def test_happy_path_with_one_reason_skips_the_weights(client, prefix, lang):
    answers: list[tuple[str, str]] = []

    page = client.get(f"{prefix}/advies/inzet/")
    assert page.status_code == 200
    assert html_lang(parse(page)) == lang
    assert select(parse(page), 'input[name="effort"][value="medium"]')

    answers.append(("effort", "medium"))
    response = client.get(url(f"{prefix}/advies/inzet/", [*answers, ("next", "1")]))
    assert_redirects_to(response, f"{prefix}/advies/redenen/", answers)

    page = client.get(response["Location"])
    assert page.status_code == 200
    reasons_page = parse(page)
    # The earlier answer rides along in a hidden field; the reasons are offered by name.
    assert hidden_values(reasons_page, "effort") == ["medium"]
    # Each option is a goal; the handbook's reason is named with it as the reference.
    question = text(one(reasons_page, "fieldset"))
    for reason in Reason.objects.all():
        assert getattr(reason, f"name_{lang}") in question

    answers.append(("reason", "B"))
    response = client.get(url(f"{prefix}/advies/redenen/", [*answers, ("next", "1")]))
    assert_redirects_to(response, f"{prefix}/advies/waar/", answers)

    page = client.get(response["Location"])
    assert page.status_code == 200
    place_page = parse(page)
    assert select(place_page, 'select[name="place"] option[value="province:utrecht"]')
    # Back goes to the reasons: there was no weights question.
    back = href_of(place_page, "a.back-link")
    assert urlsplit(back).path == f"{prefix}/advies/redenen/"

    answers += [("place", "province:utrecht"), ("level", "HBO")]
    response = client.get(url(f"{prefix}/advies/waar/", [*answers, ("next", "1")]))
    assert_redirects_to(response, f"{prefix}/advies/controleer/", answers)

    page = client.get(response["Location"])
    assert page.status_code == 200
    check_page = parse(page)
    reason_b = Reason.objects.get(code="B")
    check_text = text(one(check_page, "main"))
    assert getattr(reason_b, f"name_{lang}") in check_text
    assert "Utrecht, HBO" in check_text
    link = href_of(check_page, "a.button")
    target = urlsplit(link)
    assert target.path == f"{prefix}/advies/resultaat/"
    assert sorted(parse_qsl(target.query)) == sorted(answers)

    page = client.get(link)
    assert page.status_code == 200
    assert numbers(one(parse(page), "ul.recommended")) == [5, 4]


def test_happy_path_with_several_reasons_asks_their_weights(client):
    answers = [("effort", "low"), ("reason", "A"), ("reason", "C")]
    response = client.get(url("/advies/redenen/", [*answers, ("next", "1")]))
    assert_redirects_to(response, "/advies/belang/", answers)

    page = client.get(response["Location"])
    weights = parse(page)
    asked = {el.get("name") for el in select(weights, "input[name^=weight_]")}
    assert asked == {"weight_A", "weight_C"}
    for code in ("A", "C"):
        assert escape(Reason.objects.get(code=code).name_nl) in source(page)

    answers.append(("weight_C", "3"))
    response = client.get(url("/advies/belang/", [*answers, ("next", "1")]))
    assert_redirects_to(response, "/advies/waar/", answers)

    place_page = parse(client.get(response["Location"]))
    assert urlsplit(href_of(place_page, "a.back-link")).path == "/advies/belang/"

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
    doc = parse(client.get("/advies/inzet/?effort=high&reason=A"))
    assert checked(doc, "radio", "effort", "high")
    assert not checked(doc, "radio", "effort", "low")
    # The reason from the reasons page travels on as a hidden field.
    assert hidden_values(doc, "reason") == ["A"]
    doc = parse(client.get("/advies/redenen/?effort=high&reason=A&reason=D"))
    assert checked(doc, "checkbox", "reason", "A")
    assert checked(doc, "checkbox", "reason", "D")
    assert not checked(doc, "checkbox", "reason", "B")


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
    # The answers given so far are kept, so nothing has to be answered twice; from the
    # check page, the question leads back there once answered.
    back = [("return", "check")] if path == "/advies/controleer/" else []
    assert_redirects_to(response, prefix + first_missing, [*answers, *back])


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
        target = href_of(parse(response), "a.button")
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
    doc = parse(response)
    assert html_lang(doc) == lang
    # The summary links to the first option of the question, which is on the page …
    assert error_summary_targets(doc) == [f"{field_id}_0"]
    assert f"{field_id}_0" in ids(doc)
    # … and the message sits in the question's fieldset, which points to it.
    fieldset = one(doc, "fieldset.fieldset")
    assert f"{field_id}_error" in fieldset.get("aria-describedby").split()
    assert select(fieldset, f'.error-message[id="{field_id}_error"]')
    # The page title tells screen-reader users there is an error: it starts with a
    # word for it ("Fout: …" / "Error: …") before the page's own title.
    prefix_word, _, rest = text(one(doc, "head > title")).partition(": ")
    assert prefix_word and rest


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
    doc = parse(response)
    assert error_summary_targets(doc) == targets
    for target in targets:
        assert target in ids(doc)
    assert len(select(doc, ".error-message")) == len(targets)
    assert "<script>" not in source(response)


def test_place_error_is_tied_to_the_select_for_screen_readers(client):
    doc = parse(client.get("/advies/waar/?effort=low&reason=A&place=region:nowhere&next=1"))
    place = one(doc, 'select[name="place"]')
    assert place.get("aria-invalid") == "true"
    described = (place.get("aria-describedby") or "").split()
    assert described, "the invalid select has no aria-describedby"
    for ref in described:
        assert ref in ids(doc), f"aria-describedby points to {ref!r}, not on the page"
    assert "id_place_error" in described


def test_hidden_answers_are_escaped(client):
    response = client.get(
        url("/advies/redenen/", [("effort", "low"), ("place", '"><script>alert(1)</script>')])
    )
    assert response.status_code == 200
    # Escaping is a property of the source; the parsed value must be the input as given.
    page = source(response)
    assert "<script>" not in page
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert hidden_values(parse(response), "place") == ['"><script>alert(1)</script>']


# --- the result -----------------------------------------------------------------------


@pytest.mark.parametrize(("effort", "reason"), list(LEAVES), ids=[f"{e}-{r}" for e, r in LEAVES])
def test_result_recommends_the_handbooks_leaf(client, effort, reason):
    response = client.get(result_url(effort, reason))
    assert response.status_code == 200
    doc = parse(response)
    assert html_lang(doc) == "nl"
    assert recommended(doc) == expected_links(LEAVES[(effort, reason)])


@pytest.mark.parametrize(("effort", "reason"), list(LEAVES), ids=[f"{e}-{r}" for e, r in LEAVES])
def test_result_shows_neighbour_bands_and_examples_of_the_recommended_forms(client, effort, reason):
    page = parse(client.get(result_url(effort, reason)))

    position = BANDS.index(effort)
    neighbours = [BANDS[i] for i in (position - 1, position + 1) if 0 <= i < len(BANDS)]
    items = select(section(page, "other-title"), "li")
    assert [numbers(item) for item in items] == [LEAVES[(band, reason)] for band in neighbours]

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
    page = parse(client.get(result_url("low", "A", "C", **extra)))
    assert [n for _h, n, _name in recommended(page)] == expected


def test_weights_are_ignored_with_a_single_reason(client):
    plain = recommended(parse(client.get(result_url("low", "A"))))
    weighted = recommended(parse(client.get(result_url("low", "A", weight_A="3"))))
    assert weighted == plain == expected_links([1, 2])


def test_result_with_a_place_shows_its_schools_at_the_chosen_level(client):
    page = parse(client.get(result_url("medium", "B", place="province:utrecht", level="HBO")))
    names = schools_shown(page)
    schools = text(section(page, "schools-title"))
    assert "Hogeschool Utrecht" in names
    assert set(names) == {"Hogeschool van Amsterdam", "Hogeschool Inholland", "Hogeschool Utrecht"}
    for mbo in ("MBO Utrecht", "ROC Midden Nederland", "ROC Flevoland"):
        assert mbo not in schools
    assert "Hanzehogeschool Groningen" not in schools


def test_result_with_a_region_and_mbo_shows_only_that_regions_mbo_schools(client):
    page = parse(client.get(result_url("low", "A", place="region:noord", level="MBO")))
    names = set(schools_shown(page))
    assert names == set(
        Listing.objects.filter(region__slug="noord", institution__level="MBO").values_list(
            "institution__name", flat=True
        )
    )
    assert "Noorderpoort" in names


def test_result_without_a_place_shows_no_schools(client):
    page = parse(client.get(result_url("low", "A")))
    assert "schools-title" not in ids(page)


def test_result_in_english(client):
    response = client.get(result_url("low", "A", prefix="/en", place="province:groningen"))
    assert response.status_code == 200
    page = parse(response)
    assert html_lang(page) == "en"
    assert recommended(page) == expected_links([1, 2], "en")
    for _href, _n, name in expected_links([1, 2], "nl"):
        assert escape(name) not in source(response)
    # Examples and the change link stay in English.
    assert examples_shown(section(page, "examples-title"), "/en")
    assert any(href.startswith("/en/advies/controleer/?") for href in links(page))
    assert "Hanzehogeschool Groningen" in schools_shown(page)
    # The language switch opens the same advice in Dutch.
    target = urlsplit(switch_link(page, "nl"))
    assert target.path == "/advies/resultaat/"
    assert sorted(parse_qsl(target.query)) == sorted(
        [("effort", "low"), ("reason", "A"), ("place", "province:groningen")]
    )


def test_result_share_link_reopens_the_same_advice(client):
    page = parse(client.get(result_url("high", "C", place="region:oost")))
    target = urlsplit(href_of(page, "a.share-link"))
    assert target.path == "/advies/resultaat/"
    again = parse(client.get(f"{target.path}?{target.query}"))
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
    doc = parse(response)
    assert html_lang(doc) == lang
    assert texts(error_summary(doc), ".error-summary__list > li")
    assert "<script>" not in source(response)
    assert not select(doc, "ul.recommended")
    # The page sends the visitor to the question to answer.
    assert urlsplit(href_of(doc, "a.button")).path == prefix + fix


# --- the beslisboom -------------------------------------------------------------------


def tree_table(doc):
    """The decision tree's table alternative (the table its caption names)."""
    table = one(doc, "caption#tree-table-caption").getparent()
    assert table.tag == "table", "the tree's caption is not a table's"
    return table


def svg(doc):
    return one(doc, "svg.tree__svg")


def path_boxes(drawing) -> list[tuple[str, object]]:
    """(kind, box) of every box of the drawing on the highlighted path; the kind is
    the box's ``tree__box--<kind>`` class."""
    boxes = []
    for box in select(drawing, "g.tree__box.is-path"):
        kinds = [c for c in box.get("class").split() if c.startswith("tree__box--")]
        assert len(kinds) == 1, box.get("class")
        boxes.append((kinds[0].removeprefix("tree__box--"), box))
    return boxes


COORDINATES = ("x", "y", "x1", "y1", "x2", "y2", "width", "height")


@pytest.mark.parametrize(("prefix", "lang"), [("", "nl"), ("/en", "en")])
def test_beslisboom_is_an_accessible_svg_with_a_table_alternative(client, prefix, lang):
    response = client.get(f"{prefix}/beslisboom/")
    assert response.status_code == 200
    page = parse(response)
    assert html_lang(page) == lang
    drawing = svg(page)
    title, desc = one(drawing, "title"), one(drawing, "desc")
    assert text(title) and text(desc)
    assert drawing.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert drawing.get("role") == "img"

    # The table holds the same twelve leaves, in the page's language.
    rows = select(tree_table(page), "tbody > tr")
    assert len(rows) == 12
    expected = [LEAVES[(band, code)] for band in BANDS for code in "ABCD"]
    assert [numbers(row) for row in rows] == expected
    for row, leaf in zip(rows, expected, strict=True):
        assert form_links(row) == expected_links(leaf, lang)
    # Without a question there is no path to highlight.
    assert not select(page, ".is-path")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_svg_coordinates_are_valid_numbers_in_every_language(client, prefix):
    # SVG wants "340.0", never the Dutch "340,0": a comma breaks the drawing.
    drawing = svg(parse(client.get(prefix + "/beslisboom/")))
    values = [el.get(name) for el in drawing.iter() for name in COORDINATES if el.get(name)]
    assert values
    bad = sorted({v for v in values if not re.fullmatch(r"-?\d+(\.\d+)?", v)})
    assert not bad, f"invalid SVG coordinates: {bad[:5]}"
    # The HTML parser lowercases attribute names: this is the SVG's viewBox.
    assert re.fullmatch(r"0 0 \d+ \d+", drawing.get("viewbox"))


def test_result_highlights_the_path_through_the_tree(client):
    reason = Reason.objects.get(code="B")
    page = parse(client.get(result_url("medium", "B")))
    on_path = select(tree_table(page), "tr.is-path")
    assert len(on_path) == 1
    assert f"B. {reason.short_name_nl}" in text(on_path[0])
    assert numbers(on_path[0]) == [5, 4]


def test_result_with_two_reasons_highlights_both_leaves(client):
    page = parse(client.get(result_url("high", "A", "C")))
    on_path = select(tree_table(page), "tr.is-path")
    assert [numbers(row) for row in on_path] == [[7], [8]]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_result_shows_the_tree_once_folded_away_and_the_drawing_stays_on_the_beslisboom(
    client, prefix
):
    page = parse(client.get(result_url("medium", "B", prefix=prefix)))
    # The tree once, as its table, inside a closed disclosure; no drawing here.
    tables = select(page, "caption#tree-table-caption")
    assert len(tables) == 1
    folded = one(section(page, "tree-section-title"), "details")
    assert folded.get("open") is None
    assert text(one(folded, "summary"))
    assert select(folded, "caption#tree-table-caption")
    assert not select(page, "svg.tree__svg")
    # … with a link to the whole tree, which keeps the drawing and the table.
    assert f"{prefix}/beslisboom/" in links(section(page, "tree-section-title"))
    whole = parse(client.get(f"{prefix}/beslisboom/"))
    assert len(select(whole, "svg.tree__svg")) == 1
    assert len(select(tree_table(whole), "tbody > tr")) == 12


# --- bounded queries ---------------------------------------------------------------

# (path, most queries, the status that page answers): a question page's bound holds for
# the page asked (200), the answer accepted (302) and the answer refused (400) alike.
QUERY_BOUNDS = [
    ("/advies/", 1, 200),  # the handbook's reasons, named with the goals
    ("/advies/inzet/", 1, 200),
    ("/advies/inzet/?next=1&effort=low", 1, 302),
    ("/advies/inzet/?next=1", 1, 400),
    ("/advies/redenen/?effort=low", 1, 200),
    ("/advies/redenen/?effort=low&reason=A&reason=B&next=1", 1, 302),
    ("/advies/belang/?effort=low&reason=A&reason=B", 1, 200),
    ("/advies/belang/?effort=low&reason=A&reason=B&weight_A=9&next=1", 1, 400),
    ("/advies/waar/?effort=low&reason=A", 1, 200),
    ("/advies/waar/?effort=low&reason=A&place=region:nowhere&next=1", 1, 400),
    ("/advies/controleer/?effort=low&reason=A&reason=C&place=province:utrecht", 1, 200),
    ("/advies/resultaat/?effort=low&reason=A", 3, 200),
    ("/advies/resultaat/?effort=medium&reason=B&place=province:utrecht&level=HBO", 6, 200),
    (
        "/advies/resultaat/?effort=high&reason=A&reason=B&reason=C&reason=D&place=region:noord-west",
        4,
        200,
    ),
    ("/advies/resultaat/?effort=huge", 1, 400),
    ("/beslisboom/", 1, 200),
]
QUERY_IDS = [p[0] for p in QUERY_BOUNDS]


@pytest.mark.parametrize(("path", "bound", "status"), QUERY_BOUNDS, ids=QUERY_IDS)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_page_query_count_is_bounded(
    client, django_assert_max_num_queries, prefix, path, bound, status
):
    client.get(prefix + path)  # warm: see tests/queries.py
    with django_assert_max_num_queries(bound):
        response = client.get(prefix + path)
    assert response.status_code == status


def test_page_query_count_stays_bounded_with_much_data(client, much_data):
    wrong = over_bound(client.get, QUERY_BOUNDS) + over_bound(
        client.get, QUERY_BOUNDS, prefix="/en"
    )
    assert not wrong, "\n".join(wrong)


def test_result_with_much_data_shows_a_bounded_number_of_examples_and_schools(client, much_data):
    page = parse(client.get(result_url("low", "A", place="region:noord-west", level="HBO")))
    # The extra rows are really among those shown, and only a few of them.
    examples = examples_shown(section(page, "examples-title"))
    assert examples & {example.slug for example in much_data.examples}
    assert 0 < len(examples) <= 12
    schools = schools_shown(page)
    assert set(schools) & {school.name for school in much_data.institutions}
    listed = Listing.objects.filter(region=much_data.region, institution__level="HBO").count()
    assert 0 < len(schools) <= 60 < listed


def test_result_for_a_province_lists_that_provinces_schools_first(client):
    page = parse(client.get(result_url("low", "A", place="province:overijssel", level="MBO")))
    schools = section(page, "schools-title")
    headings = [" ".join(h.text_content().split()) for h in select(schools, "h5")]
    assert headings == ["In Overijssel", "Ook in regio Oost"]
    first, also = (
        [" ".join(n.text_content().split()) for n in select(ul, ".school__name")]
        for ul in select(schools, "ul.schools")
    )
    assert {"ROC van Twente", "ROC Deltion College", "Landstede"} <= set(first)
    assert "ROC Nijmegen" in also and "ROC Nijmegen" not in first
    assert "Zwolle" in text(schools)


# --- examples of the chosen level first ----------------------------------------------


def example_slugs_in_order(node, prefix: str = "") -> list[str]:
    return [
        href.removeprefix(f"{prefix}/voorbeelden/").strip("/")
        for href in links(node, "h3.card__title a")
    ]


@pytest.mark.parametrize("level", ["MBO", "HBO"])
def test_examples_of_the_chosen_level_come_first_for_each_form(
    client, django_assert_num_queries, level
):
    from samenwerkt.handbook import selectors

    field = {"MBO": "level_mbo", "HBO": "level_hbo"}[level]
    # One small query per form, and the content version they are memoised under.
    with django_assert_num_queries(3):
        shown = selectors.examples_for_collaboration_forms([1, 2], level=level)
    for number in (1, 2):
        flags = [getattr(e, field) for e in shown if e.collaboration_form.number == number]
        assert flags == sorted(flags, reverse=True), f"form {number}: {flags}"
        assert flags[0], f"form {number} has an example at {level}, but not first"
    # Within each part the lists' order holds; without a level it is the lists' order.
    plain = selectors.examples_for_collaboration_forms([1, 2])
    assert [e.collaboration_form.number for e in plain] == [1, 1, 2, 2]
    assert [e.position for e in plain] == sorted(e.position for e in plain)
    assert {e.pk for e in plain} == {e.pk for e in shown}

    # The result page shows them in that order.
    page = parse(client.get(result_url("low", "A", level=level)))
    assert example_slugs_in_order(section(page, "examples-title")) == [e.slug for e in shown]


def test_without_a_level_the_examples_keep_the_lists_order(client):
    page = parse(client.get(result_url("low", "A")))
    slugs = example_slugs_in_order(section(page, "examples-title"))
    expected = list(
        Example.objects.filter(collaboration_form__number__in=[1, 2])
        .order_by("collaboration_form__number", "position")
        .values_list("slug", flat=True)
    )
    assert slugs == expected


# --- one steady flow: the number of questions, defaults, change, wrong answers ---------

COUNTER = {"nl": "Vraag {} van {}", "en": "Question {} of {}"}


def submit(client, response, chosen=()):
    """Press Continue on a question page as a browser would: its hidden fields, the
    radios and boxes checked (or ``chosen`` instead), and the button."""
    doc = parse(response)
    form = one(doc, "main form")
    pairs = [(el.get("name"), el.get("value")) for el in select(form, 'input[type="hidden"]')]
    if chosen:
        pairs += list(chosen)
    else:
        pairs += [(el.get("name"), el.get("value")) for el in select(form, "input[checked]")]
    path = urlsplit(response.wsgi_request.get_full_path()).path
    return client.get(url(path, [*pairs, ("next", "1")]))


@pytest.mark.parametrize(("prefix", "lang"), [("", "nl"), ("/en", "en")])
def test_every_page_states_the_same_number_of_questions(client, prefix, lang):
    from samenwerkt.advisor.questions import QUESTION_COUNT

    assert QUESTION_COUNT == 3
    claim = {"nl": "drie korte vragen", "en": "three short questions"}[lang]
    for page in (f"{prefix}/advies/", f"{prefix}/"):
        assert claim in text(one(parse(client.get(page)), "main")).lower(), page
    # The counter is "of 3" on every question, also with the follow-up on importance,
    # which belongs to the second question.
    answers = [("effort", "low"), ("reason", "A"), ("reason", "C")]
    for path, number in [
        ("/advies/inzet/", 1),
        ("/advies/redenen/", 2),
        ("/advies/belang/", 2),
        ("/advies/waar/", 3),
    ]:
        doc = parse(client.get(url(prefix + path, answers)))
        assert text(one(doc, "p.caption")) == COUNTER[lang].format(number, 3), path


def test_weights_start_as_important_so_continue_is_enough(client):
    answers = [("effort", "low"), ("reason", "A"), ("reason", "C")]
    page = client.get(url("/advies/belang/", answers))
    doc = parse(page)
    for code in ("A", "C"):
        assert checked(doc, "radio", f"weight_{code}", "1")
    # Continue without touching anything: on to the place, both weights "important".
    response = submit(client, page)
    assert_redirects_to(response, "/advies/waar/", [*answers, ("weight_A", "1"), ("weight_C", "1")])
    check_page = parse(client.get(url("/advies/controleer/", answers)))
    assert text(one(check_page, "main")).count("Belangrijk") == 2


def non_blank(pairs):
    """The pairs a parsed query string keeps (parse_qsl drops blank values)."""
    return [(name, value) for name, value in pairs if value]


def change_link(doc, what: str) -> str:
    """The check page's "change" link for one answer (its hidden words name it)."""
    for link in select(doc, "dd.summary-list__action a"):
        if text(one(link, ".visually-hidden")) == what:
            return link.get("href")
    raise AssertionError(f"no change link for {what!r}")


@pytest.mark.parametrize(("prefix", "what"), [("", "inzet"), ("/en", "effort")])
def test_change_on_the_check_page_returns_there(client, prefix, what):
    answers = [("effort", "low"), ("reason", "B"), ("place", ""), ("level", "")]
    check_page = parse(client.get(url(f"{prefix}/advies/controleer/", answers)))
    link = change_link(check_page, what)
    assert ("return", "check") in parse_qsl(urlsplit(link).query)

    question = client.get(link)
    assert question.status_code == 200
    doc = parse(question)
    assert urlsplit(href_of(doc, "a.back-link")).path == f"{prefix}/advies/controleer/"
    # Change only the effort: straight back to the check page, nothing asked again.
    response = submit(client, question, chosen=[("effort", "high")])
    changed = [("effort", "high"), *answers[1:]]
    assert_redirects_to(response, f"{prefix}/advies/controleer/", non_blank(changed))
    result = parse(client.get(href_of(parse(client.get(response["Location"])), "a.button")))
    assert numbers(one(result, "ul.recommended")) == LEAVES[("high", "B")]


def test_a_change_that_adds_a_reason_asks_its_importance_then_returns(client):
    answers = [("effort", "medium"), ("reason", "B"), ("place", ""), ("level", "")]
    check_page = parse(client.get(url("/advies/controleer/", answers)))
    question = client.get(change_link(check_page, "wat je wilt bereiken"))
    response = submit(client, question, chosen=[("reason", "B"), ("reason", "D")])
    target = urlsplit(response["Location"])
    assert target.path == "/advies/belang/"
    assert ("return", "check") in parse_qsl(target.query)
    response = submit(client, client.get(response["Location"]))
    assert_redirects_to(
        response,
        "/advies/controleer/",
        non_blank([*answers, ("reason", "D"), ("weight_B", "1"), ("weight_D", "1")]),
    )


def test_every_change_link_returns_to_the_check_page(client):
    answers = [("effort", "low"), ("reason", "A"), ("reason", "C"), ("weight_C", "3")]
    doc = parse(client.get(url("/advies/controleer/", answers)))
    hrefs = [a.get("href") for a in select(doc, "dd.summary-list__action a")]
    assert [urlsplit(h).path for h in hrefs] == [
        "/advies/inzet/",
        "/advies/redenen/",
        "/advies/belang/",
        "/advies/waar/",
    ]
    for href in hrefs:
        assert ("return", "check") in parse_qsl(urlsplit(href).query)


WRONG_ANSWERS = [
    # (id, page, answers, field, Dutch message, English message)
    ("effort-twice", "/advies/inzet/", [("effort", "low"), ("effort", "high")], "effort",
     "Kies één hoeveelheid inzet.", "Choose one amount of effort."),
    ("effort-huge", "/advies/inzet/", [("effort", "huge")], "effort",
     "Kies een van de drie niveaus van inzet.", "Choose one of the three amounts of effort."),
    ("reason-twice", "/advies/redenen/", [("effort", "low"), ("reason", "A"), ("reason", "A")],
     "reason", "Kies elke reden maar één keer.", "Choose each reason only once."),
    ("weight-9", "/advies/belang/",
     [("effort", "low"), ("reason", "A"), ("reason", "B"), ("weight_A", "9")], "weight_A",
     "Kies een van de drie mogelijkheden.", "Choose one of the three options."),
    ("weight-0", "/advies/belang/",
     [("effort", "low"), ("reason", "A"), ("reason", "B"), ("weight_B", "0")], "weight_B",
     "Kies een van de drie mogelijkheden.", "Choose one of the three options."),
    ("weight-twice", "/advies/belang/",
     [("effort", "low"), ("reason", "A"), ("reason", "B"), ("weight_B", "1"),
      ("weight_B", "3")], "weight_B",
     "Kies per reden één mogelijkheid.", "Choose one option for each reason."),
    ("level-twice", "/advies/waar/",
     [("effort", "low"), ("reason", "A"), ("level", "MBO"), ("level", "HBO")], "level",
     "Geef één antwoord op deze vraag.", "Give one answer to this question."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "answers", "field", "nl", "en"),
    [w[1:] for w in WRONG_ANSWERS],
    ids=[w[0] for w in WRONG_ANSWERS],
)
@pytest.mark.parametrize("sent", [True, False], ids=["sent", "in-the-link"])
@pytest.mark.parametrize(("prefix", "lang"), [("", "nl"), ("/en", "en")])
def test_a_wrong_or_repeated_answer_gets_a_message_next_to_its_field(
    client, prefix, lang, sent, path, answers, field, nl, en
):
    response = client.get(url(prefix + path, [*answers, *([("next", "1")] if sent else [])]))
    assert response.status_code == 400
    doc = parse(response)
    message = {"nl": nl, "en": en}[lang]
    assert field_error(doc, field) == message
    assert message in texts(error_summary(doc), "li")
    # The check page and the result never take it silently either.
    check = client.get(url(prefix + "/advies/controleer/", answers))
    assert urlsplit(check["Location"]).path == prefix + path
    result = client.get(url(prefix + "/advies/resultaat/", answers))
    assert result.status_code == 400
    assert message in texts(error_summary(parse(result)), "li")


STAGE = re.compile(r"\bstage\b", re.IGNORECASE)


@pytest.mark.parametrize("path", ["/advies/", "/advies/redenen/?effort=low"])
def test_start_and_reasons_speak_of_what_companies_want(client, path):
    from samenwerkt.advisor.forms import GOALS

    for prefix, lang in (("", "nl"), ("/en", "en")):
        main = text(one(parse(client.get(prefix + path)), "main"))
        if lang == "nl":
            assert STAGE.search(main), "the word 'stage' is missing"
        else:
            assert "internship" in main
        with translation.override(lang):
            for goal in GOALS.values():
                assert str(goal.title) in main
        # The handbook's name of each reason stays the reference, exactly.
        for reason in Reason.objects.all():
            assert getattr(reason, f"name_{lang}") in main


def test_effort_question_shows_the_handbooks_stars_not_hours(client):
    forms = {f.number: f for f in CollaborationForm.objects.all()}
    for prefix, stars in (
        ("", ["1 of 2 sterren", "3 sterren", "5 sterren"]),
        ("/en", ["1 or 2 effort stars", "3 effort stars", "5 effort stars"]),
    ):
        doc = parse(client.get(f"{prefix}/advies/inzet/"))
        hints = [
            text(one(doc, f"#{radio.get('aria-describedby')}"))
            for radio in select(doc, 'input[name="effort"]')
        ]
        by_band = {"low": [1, 2, 3], "medium": [4, 5, 6], "high": [7, 8]}
        for hint, band, star_text in zip(hints, BANDS, stars, strict=True):
            assert star_text in hint
            for number in by_band[band]:
                assert f"{number}. " in hint
                assert forms[number].effort in {1, 2, 3, 5}
        main = text(one(doc, "main")).lower()
        assert not re.search(r"\b(uur|uren|hours?|dagen|days?)\b", main), main
