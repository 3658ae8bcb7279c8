"""The advice as a page that leads to action: the recommendation first with one
sentence why and a jump to what to do now; why in stars with the weights shown and
the total worked out; the order of tied forms explained; what to do now for the
recommended forms (schools, whom to ask for, what to arrange with its sources, the
programme office); a share link and a printable page.

test_views.py covers what the advice recommends, its neighbours, examples, schools,
the path through the tree and the query counts."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from samenwerkt.handbook.models import Edition, Reason, Step
from samenwerkt.handbook.requirements import for_every_form, for_form
from tests.html import html_lang, links, one, parse, section, select, text, texts

from .test_views import numbers, result_url

pytestmark = pytest.mark.django_db

LANGS = [("", "nl"), ("/en", "en")]


def page_of(client, *args, **kwargs):
    response = client.get(result_url(*args, **kwargs))
    assert response.status_code == 200
    return parse(response)


def ranking(doc):
    return one(doc, "caption#ranking-caption").getparent()


def what_to_do(doc):
    found = one(doc, "section#what-to-do")
    assert found.get("aria-labelledby") == "what-to-do-title"
    return found


def requirement_items(node) -> list[str]:
    return texts(node, "li.requirement")


# --- the advice first ----------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_the_advice_comes_first_with_one_sentence_why_and_a_jump_to_what_to_do(
    client, prefix, lang
):
    doc = page_of(client, "medium", "B", prefix=prefix)
    assert html_lang(doc) == lang
    main = one(doc, "main")
    panel = one(main, ".panel--result")
    # The panel is the page's first block after the back link, before any section.
    blocks = [el for el in main if el.tag in ("div", "section")]
    assert blocks[0] is panel
    assert numbers(one(panel, "ul.recommended")) == [5, 4]
    why = text(one(panel, "p.result-why"))
    reason = Reason.objects.get(code="B")
    assert getattr(reason, f"short_name_{lang}") in why
    assert "4" in why  # 4 of 5 stars for B
    assert links(panel, "a.jump-link") == ["#what-to-do"]
    assert what_to_do(doc) is not None


@pytest.mark.parametrize(
    ("reasons", "extra"),
    [(["A", "C"], {}), (["A", "C"], {"weight_C": "3"}), (["C"], {})],
)
def test_every_kind_of_question_gets_its_sentence_why(client, reasons, extra):
    panel = one(page_of(client, "low", *reasons, **extra), ".panel--result")
    assert text(one(panel, "p.result-why"))


# --- why: stars, weights and the total in words -------------------------------------------


def test_weights_are_shown_and_the_total_is_worked_out(client):
    doc = page_of(client, "low", "A", "C", prefix="/en", weight_C="3")
    table = ranking(doc)
    headers = texts(table, "thead th")
    a, c = (Reason.objects.get(code=code).short_name_en for code in "AC")
    assert headers == [
        "Form",
        "Effort",
        f"A. {a} (weight: important ×1)",
        f"C. {c} (weight: most important ×3)",
        "Total: stars × weight, added up",
    ]
    # Form 3: A 1 star, C 4 stars → 1 × 1 + 4 × 3 = 13; form 2: 2 × 1 + 3 × 3 = 11.
    totals = {numbers(row)[0]: text(row.cssselect("td")[-1]) for row in select(table, "tbody tr")}
    assert totals == {3: "1 × 1 + 4 × 3 = 13", 2: "2 × 1 + 3 × 3 = 11", 1: "2 × 1 + 1 × 3 = 5"}
    # On a phone each cell is a card line labelled with its column, weight included.
    labels = [td.get("data-label") for td in select(table, "tbody tr td")]
    assert f"C. {c} (weight: most important ×3)" in labels
    # The rule in words above the table.
    assert "multiply" in text(section(doc, "why-title"))
    # Every reason column shows stars, read out as "n of 5 stars".
    stars = select(table, "tbody td .stars")
    assert all(s.get("aria-label").endswith("of 5 stars") for s in stars)


def test_the_dutch_page_shows_the_weights_in_dutch(client):
    table = ranking(page_of(client, "low", "A", "C", weight_C="3"))
    headers = texts(table, "thead th")
    assert headers[3].endswith("(gewicht: het belangrijkst ×3)")
    assert headers[-1] == "Totaal: sterren × gewicht, opgeteld"


def test_without_weights_the_total_adds_up_stars(client):
    doc = page_of(client, "low", "A", "C", prefix="/en")
    table = ranking(doc)
    # Both reasons were left "important" on the weights question: each counts once.
    assert texts(table, "thead th")[2:] == [
        f"A. {Reason.objects.get(code='A').short_name_en} (weight: important ×1)",
        f"C. {Reason.objects.get(code='C').short_name_en} (weight: important ×1)",
        "Total: stars added up",
    ]
    totals = [text(row.cssselect("td")[-1]) for row in select(table, "tbody tr")]
    assert totals == ["2 + 3 = 5", "1 + 4 = 5", "2 + 1 = 3"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_there_is_no_bare_score(client, prefix):
    for doc in (
        page_of(client, "medium", "B", prefix=prefix),
        page_of(client, "low", "A", "C", prefix=prefix, weight_C="2"),
    ):
        headers = texts(ranking(doc), "thead th")
        assert "Score" not in headers
    # With one reason the stars for it decide: no total column at all.
    headers = texts(ranking(page_of(client, "medium", "B", prefix="/en")), "thead th")
    assert headers == ["Form", "Effort", "B. Access to innovation and research"]


# --- the order of tied forms ---------------------------------------------------------------

TIES = [
    # 1 takes 1 effort star, 2 takes 2.
    (("low", "A"), "Form 1 comes before form 2: it takes less effort (1 against 2 effort stars)."),
    # Both 3 effort stars; 5 has 15 stars over all four reasons, 4 has 11.
    (
        ("medium", "B"),
        "Form 5 comes before form 4: both take the same effort, and form 5 has more outcome "
        "stars over all four reasons (15 against 11).",
    ),
    # Both 2 effort stars and 9 stars over all four reasons: the number decides.
    (
        ("low", "A", "C"),
        "Form 2 comes before form 3: both take the same effort and have as many outcome stars "
        "over all four reasons, so the lower number comes first.",
    ),
]


@pytest.mark.parametrize(("question", "sentence"), TIES, ids=["effort", "total", "number"])
def test_a_tie_explains_the_order_of_the_tied_forms(client, question, sentence):
    doc = page_of(client, *question, prefix="/en")
    why = section(doc, "why-title")
    rule = text(one(why, "h3#tie-title").getnext())
    assert "less effort" in rule and "all four reasons" in rule and "lower number" in rule
    assert texts(why, "ul.ties li") == [sentence]


def test_the_dutch_tie_explanation(client):
    why = section(page_of(client, "medium", "B"), "why-title")
    assert texts(why, "ul.ties li") == [
        "Vorm 5 staat voor vorm 4: beide vragen evenveel inzet, en vorm 5 heeft meer "
        "uitkomststerren over alle vier de redenen (15 tegen 11)."
    ]


def test_three_tied_forms_get_two_steps_of_order(client):
    why = section(page_of(client, "medium", "B", "C", "D", prefix="/en"), "why-title")
    assert len(texts(why, "ul.ties li")) == 2


def test_no_tie_no_explanation(client):
    doc = page_of(client, "high", "C")
    assert numbers(one(doc, "ul.recommended")) == [8]
    assert not select(doc, "#tie-title")
    assert not select(doc, "ul.ties")


# --- what to do now ------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_what_to_do_follows_step_2_of_the_handbook(client, prefix, lang):
    todo = what_to_do(page_of(client, "medium", "B", prefix=prefix))
    actions = Step.objects.get(number=2).actions.order_by("number")
    assert texts(todo, "ol.todo > li > h3") == [getattr(a, f"title_{lang}") for a in actions]
    # Whom to ask for: the programme manager of the ICT programme.
    assert "opleidingsmanager" in text(one(todo, ".todo__who"))
    # The programme office as the handbook gives it, and the regional networks.
    edition = Edition.objects.get()
    hrefs = links(todo)
    assert f"mailto:{edition.publisher_email}" in hrefs
    assert edition.publisher_website in hrefs
    assert "https://netwerk.wijzijnkatapult.nl/" in hrefs
    assert f"{prefix}/stappenplan/#stap-2" in hrefs


def test_what_to_do_at_mbo_for_form_5_names_sbb_recognition_with_its_source(client):
    todo = what_to_do(page_of(client, "medium", "A", level="MBO"))
    assert texts(todo, "h4")[0].startswith("Wat je regelt voor 5. ")
    items = select(todo, "li.requirement")
    recognition = next(li for li in items if text(li).startswith("Erkend leerbedrijf – "))
    assert "SBB" in text(recognition)
    assert "https://www.s-bb.nl/bedrijven/voorwaarden-erkenning/" in links(recognition)
    assert "2026" in text(recognition)
    # The chosen level's points are shown, not folded away, and HBO's are left out.
    assert not select(todo, "details")
    assert not [li for li in items if "stageovereenkomst" in text(li).lower()]
    expected = len(for_form(5, level="MBO", shared=False)) + len(for_every_form(level="MBO"))
    assert len(items) == expected


def test_what_to_do_at_hbo_shows_the_internship_agreement_and_no_sbb_recognition(client):
    todo = what_to_do(page_of(client, "medium", "B", prefix="/en", level="HBO"))
    body = text(todo)
    assert "internship agreement (stageovereenkomst)" in body
    assert "company supervisor" in body
    assert "recognised by SBB" not in body


@pytest.mark.parametrize(
    ("prefix", "phrase"), [("", "Vraag na bij de school"), ("/en", "Check with the school")]
)
def test_an_unconfirmed_point_says_check_with_the_school(client, prefix, phrase):
    todo = what_to_do(page_of(client, "medium", "A", prefix=prefix, level="MBO"))
    unconfirmed = select(todo, "li.requirement--check")
    assert unconfirmed
    for li in unconfirmed:
        assert phrase in text(li)
    for li in select(todo, "li.requirement:not(.requirement--check)"):
        assert phrase not in text(li)
    fees = next(li for li in unconfirmed if "SBB" in text(li) or "erkenning" in text(li))
    assert links(fees)  # with its source


def test_without_a_level_both_levels_are_there_to_open(client):
    todo = what_to_do(page_of(client, "medium", "B", prefix="/en"))
    summaries = texts(todo, "details > summary")
    assert "At MBO: 9 points" in summaries
    assert "At HBO: 4 points" in summaries
    # Both recommended forms get their own points, best first.
    headings = texts(todo, "h4")
    assert headings[0].startswith("What to arrange for 5. ")
    assert headings[1].startswith("What to arrange for 4. ")


def test_without_a_place_what_to_do_links_to_the_finder_and_to_the_place_question(client):
    todo = what_to_do(page_of(client, "medium", "A", level="MBO"))
    hrefs = links(todo)
    assert "/onderwijsinstellingen/?level=MBO" in hrefs
    place = next(h for h in hrefs if h.startswith("/advies/waar/?"))
    assert sorted(parse_qsl(urlsplit(place).query)) == sorted(
        [("effort", "medium"), ("reason", "A"), ("level", "MBO")]
    )
    assert "schools-title" not in {el.get("id") for el in select(todo, "[id]")}


def test_with_a_place_what_to_do_lists_the_schools_there(client):
    todo = what_to_do(page_of(client, "medium", "A", place="province:overijssel", level="MBO"))
    schools = section(todo, "schools-title")
    assert "Overijssel" in text(one(schools, "h4"))
    assert "Zwolle" in text(schools)
    assert select(schools, "li.school")


# --- share and print ------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_the_share_link_has_a_copy_box_and_the_page_says_how_to_print(client, prefix, lang):
    doc = page_of(client, "high", "C", prefix=prefix)
    box = one(doc, ".share-box")
    assert box.get("data-copy") and box.get("data-copied")
    link = one(box, "a.share-link")
    assert text(link) == link.get("href")
    assert urlsplit(link.get("href")).path == f"{prefix}/advies/resultaat/"
    assert "Ctrl+P" in text(section(doc, "share-title"))
