"""The public knowledge-base pages, in Dutch at / and in English under /en/.

Assertions lean on handbook data (a form's ``name_nl`` vs ``name_en``), on ``lang``
attributes and on links, not on interface strings, so they hold whatever the Dutch
translation of the interface says.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.utils.html import escape

from samenwerkt.handbook.models import (
    CollaborationForm,
    Example,
    ExampleFigure,
    Institution,
    Listing,
    Reason,
    Region,
    Source,
    Step,
    StepAction,
    Tip,
)

pytestmark = pytest.mark.django_db

FORM_SLUGS = [
    "bedrijf-bekend-maken",
    "studenten-inspireren",
    "docenten-professionaliseren",
    "hybride-docent",
    "praktijkopdrachten-stages",
    "om-en-bijscholing",
    "vernieuwing-onderwijsvorm",
    "vernieuwing-onderwijsinhoud",
]


# --- helpers -------------------------------------------------------------------


def text(response) -> str:
    return response.content.decode()


def html_lang(page: str) -> str:
    match = re.search(r"<html lang=\"([^\"]+)\">", page)
    assert match, "the page has no <html lang=...>"
    return match.group(1)


def switch_link(page: str, lang: str) -> str:
    """The language switch's link to ``lang`` (unescaped)."""
    match = re.search(rf'<a href="([^"]*)" lang="{lang}" hreflang="{lang}">', page)
    assert match, f"no language switch link to {lang!r}"
    return unescape(match.group(1))


def english(path: str) -> str:
    return "/en" + path


def examples_shown(page: str, prefix: str = "") -> set[str]:
    """Slugs of the example cards on a page."""
    return set(
        re.findall(rf'<h3 class="card__title"><a href="{prefix}/voorbeelden/([^/"]+)/"', page)
    )


def error_field_ids(page: str) -> set[str]:
    """Fields the error summary links to."""
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert summary, "no error summary on the page"
    return set(re.findall(r'<a href="#([^"]+)">', summary.group(0)))


def assert_language(page: str, lang: str, *, shown: str, hidden: str | None = None):
    assert html_lang(page) == lang
    assert escape(shown) in page, f"expected {shown!r} on the {lang} page"
    if hidden and hidden != shown:
        assert escape(hidden) not in page, f"{hidden!r} should not be on the {lang} page"


# --- every page in both languages ------------------------------------------------


def _step_1():
    return Step.objects.get(number=1), "title"


def _reason_a():
    return Reason.objects.get(code="A"), "name"


def _form_2():
    return CollaborationForm.objects.get(number=2), "name"


def _first_example():
    return Example.objects.order_by("position").first(), "title"


def _tip_1():
    return Tip.objects.get(number=1), "title"


def _first_action():
    return StepAction.objects.get(step__number=1, number=1), "title"


def _region_noord_west():
    return Region.objects.get(slug="noord-west"), "name"


def _vista_note():
    return Institution.objects.get(name="VISTA College"), "note"


def _first_source():
    return Source.objects.get(position=1), "text"


PAGES = [
    ("home", "/", _step_1),
    ("reasons", "/redenen/", _reason_a),
    ("forms", "/vormen/", _form_2),
    ("examples", "/voorbeelden/", _first_example),
    ("tips", "/gouden-tips/", _tip_1),
    ("steps", "/stappenplan/", _first_action),
    ("institutions", "/onderwijsinstellingen/", _vista_note),
    ("institutions-province", "/onderwijsinstellingen/?place=province:utrecht", _region_noord_west),
    ("institutions-region", "/onderwijsinstellingen/?place=region:noord-west", _region_noord_west),
    ("institutions-level", "/onderwijsinstellingen/?level=MBO", _vista_note),
    ("about", "/over/", _first_source),
]


@pytest.mark.parametrize(("name", "path", "data"), PAGES, ids=[p[0] for p in PAGES])
def test_page_in_dutch(client, name, path, data):
    obj, field = data()
    response = client.get(path)
    assert response.status_code == 200
    page = text(response)
    assert_language(
        page, "nl", shown=getattr(obj, f"{field}_nl"), hidden=getattr(obj, f"{field}_en")
    )
    assert switch_link(page, "en") == english(path)


@pytest.mark.parametrize(("name", "path", "data"), PAGES, ids=[p[0] for p in PAGES])
def test_page_in_english(client, name, path, data):
    obj, field = data()
    response = client.get(english(path))
    assert response.status_code == 200
    page = text(response)
    assert_language(
        page, "en", shown=getattr(obj, f"{field}_en"), hidden=getattr(obj, f"{field}_nl")
    )
    assert switch_link(page, "nl") == path


@pytest.mark.parametrize("slug", FORM_SLUGS)
def test_each_form_detail_in_both_languages(client, slug):
    form = CollaborationForm.objects.get(slug=slug)
    path = f"/vormen/{slug}/"

    nl = text(client.get(path))
    assert_language(nl, "nl", shown=form.name_nl, hidden=form.name_en)
    assert escape(form.summary_nl) in nl
    assert switch_link(nl, "en") == english(path)

    response = client.get(english(path))
    assert response.status_code == 200
    en = text(response)
    assert_language(en, "en", shown=form.name_en, hidden=form.name_nl)
    assert escape(form.summary_en) in en
    assert switch_link(en, "nl") == path


@pytest.mark.parametrize("slug", FORM_SLUGS)
def test_form_detail_lists_the_forms_own_examples(client, slug):
    form = CollaborationForm.objects.get(slug=slug)
    page = text(client.get(f"/vormen/{slug}/"))
    assert examples_shown(page) == set(form.examples.values_list("slug", flat=True))
    assert examples_shown(page)  # every form has examples in the handbook


def test_form_detail_shows_effort_and_outcome_stars(client):
    # Form 1: effort 1, outcomes A 2, B 1, C 1, D 3 (handbook chapter 3).
    page = text(client.get("/vormen/bedrijf-bekend-maken/"))
    stars = re.findall(
        r'<span class="stars__on">(★*)</span><span class="stars__off">(☆*)</span>', page
    )
    assert [len(on) for on, _off in stars] == [1, 2, 1, 1, 3]
    assert all(len(on) + len(off) == 5 for on, off in stars)


def test_every_example_detail_in_both_languages(client):
    examples = list(Example.objects.select_related("collaboration_form"))
    assert len(examples) == 16
    for example in examples:
        path = f"/voorbeelden/{example.slug}/"
        response = client.get(path)
        assert response.status_code == 200, path
        nl = text(response)
        assert_language(nl, "nl", shown=example.title_nl, hidden=example.title_en)
        assert escape(example.collaboration_form.name_nl) in nl
        assert switch_link(nl, "en") == english(path)

        response = client.get(english(path))
        assert response.status_code == 200, english(path)
        en = text(response)
        assert_language(en, "en", shown=example.title_en, hidden=example.title_nl)
        assert escape(example.collaboration_form.name_en) in en
        assert f'href="/en/vormen/{example.collaboration_form.slug}/"' in en
        assert switch_link(en, "nl") == path


def test_example_detail_figures_in_each_languages_notation(client):
    # The job fair costs at least 4500 euro and draws about 1000 visitors.
    nl = text(client.get("/voorbeelden/hbo-ict-banenmarkt-utrecht/"))
    assert "€ 4.500" in nl
    assert "1.000" in nl
    en = text(client.get("/en/voorbeelden/hbo-ict-banenmarkt-utrecht/"))
    assert "€4,500" in en
    assert "1,000" in en
    assert "€ 4.500" not in en


def test_home_survey_grade_in_each_languages_notation(client):
    assert '<p class="fact__figure">7,4</p>' in text(client.get("/"))
    assert '<p class="fact__figure">7.4</p>' in text(client.get("/en/"))


def test_forms_overview_links_all_eight_forms_in_the_pages_language(client):
    nl = text(client.get("/vormen/"))
    en = text(client.get("/en/vormen/"))
    for slug in FORM_SLUGS:
        assert f'href="/vormen/{slug}/"' in nl
        assert f'href="/en/vormen/{slug}/"' in en


def test_reasons_page_shows_all_four_reasons_with_benefits(client):
    page = text(client.get("/en/redenen/"))
    for reason in Reason.objects.prefetch_related("benefits"):
        assert escape(reason.name_en) in page
        assert f'id="reden-{reason.code}"' in page
        for benefit in reason.benefits.all():
            assert escape(benefit.title_en) in page
        # Each reason leads into the advisor with that reason already chosen.
        assert f'href="/en/advies/inzet/?reason={reason.code}"' in page


def test_tips_page_shows_the_five_tips_and_their_points(client):
    page = text(client.get("/gouden-tips/"))
    for tip in Tip.objects.prefetch_related("points"):
        assert f'id="tip-{tip.number}"' in page
        assert escape(tip.title_nl) in page
        for point in tip.points.all():
            assert escape(point.title_nl) in page


def test_steps_page_shows_three_steps_with_three_actions_each(client):
    page = text(client.get("/en/stappenplan/"))
    for step in Step.objects.prefetch_related("actions"):
        assert f'id="stap-{step.number}"' in page
        actions = list(step.actions.all())
        assert len(actions) == 3
        for action in actions:
            assert escape(action.title_en) in page


def test_about_page_lists_sources_and_chapters(client):
    page = text(client.get("/en/over/"))
    for source in Source.objects.all():
        assert escape(source.text_en) in page
    assert "mailto:info@hcaict.nl" in page


# --- 404 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "lang"),
    [
        ("/vormen/bestaat-niet/", "nl"),
        ("/en/vormen/bestaat-niet/", "en"),
        ("/voorbeelden/bestaat-niet/", "nl"),
        ("/en/voorbeelden/bestaat-niet/", "en"),
        ("/vormen/9/", "nl"),
        ("/bestaat-niet/", "nl"),
    ],
)
def test_unknown_slug_is_404_in_the_pages_language(client, path, lang):
    response = client.get(path)
    assert response.status_code == 404
    assert html_lang(text(response)) == lang


# --- the examples list and its filters ------------------------------------------------


def _slugs(qs) -> set[str]:
    return set(qs.values_list("slug", flat=True))


FILTERS = [
    ("form=1", lambda: Example.objects.filter(collaboration_form__number=1)),
    ("form=8", lambda: Example.objects.filter(collaboration_form__number=8)),
    ("reason=B", lambda: Example.objects.filter(reasons__code="B")),
    ("level=MBO", lambda: Example.objects.filter(level_mbo=True)),
    ("level=HBO", lambda: Example.objects.filter(level_hbo=True)),
    ("level=other", lambda: Example.objects.filter(level_other=True)),
    ("region=noord-west", lambda: Example.objects.filter(regions__slug="noord-west")),
    ("q=banenmarkt", lambda: Example.objects.filter(slug="hbo-ict-banenmarkt-utrecht")),
    # The search looks in the English title too, and ignores case.
    ("q=JOB+FAIR", lambda: Example.objects.filter(slug="hbo-ict-banenmarkt-utrecht")),
    (
        "form=5&reason=B&level=MBO&region=noord-west",
        lambda: Example.objects.filter(slug="kpn-microjobs-roc-amsterdam"),
    ),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS, ids=[f[0] for f in FILTERS])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_example_filter_shows_exactly_the_matching_examples(client, query, expected, lang):
    prefix = "/en" if lang == "en" else ""
    path = f"/voorbeelden/?{query}"
    response = client.get(prefix + path)
    assert response.status_code == 200
    page = text(response)
    assert html_lang(page) == lang
    wanted = _slugs(expected().distinct())
    assert wanted, "the filter should match something in the handbook"
    assert examples_shown(page, prefix) == wanted
    # The switch keeps the filters, so the other language shows the same list.
    other = "nl" if lang == "en" else "en"
    assert switch_link(page, other) == (path if lang == "en" else english(path))


def test_example_filter_keeps_the_chosen_values_selected(client):
    page = text(client.get("/voorbeelden/?form=3&reason=C&level=HBO&region=noord&q=ibm"))
    assert '<option value="3" selected>' in page
    assert '<option value="C" selected>' in page
    assert '<option value="HBO" selected>' in page
    assert '<option value="noord" selected>' in page
    assert 'name="q" value="ibm"' in page


def test_examples_list_paginates(client, settings):
    settings.PAGE_SIZE = 5
    in_order = list(Example.objects.order_by("position", "id").values_list("slug", flat=True))
    seen = []
    for number in (1, 2, 3, 4):
        page = text(client.get(f"/voorbeelden/?page={number}"))
        shown = re.findall(r'<h3 class="card__title"><a href="/voorbeelden/([^/"]+)/"', page)
        assert shown == in_order[(number - 1) * 5 : number * 5]
        seen += shown
        if number < 4:
            assert f'href="?page={number + 1}" rel="next"' in page
        else:
            assert 'rel="next"' not in page
    assert seen == in_order


def test_pagination_links_keep_the_filters(client, settings):
    settings.PAGE_SIZE = 3
    page = text(client.get("/en/voorbeelden/?level=HBO"))
    assert 'href="?level=HBO&amp;page=2" rel="next"' in page
    second = text(client.get("/en/voorbeelden/?level=HBO&page=2"))
    expected = list(
        Example.objects.filter(level_hbo=True)
        .order_by("position", "id")
        .values_list("slug", flat=True)[3:6]
    )
    shown = re.findall(r'<h3 class="card__title"><a href="/en/voorbeelden/([^/"]+)/"', second)
    assert shown == expected
    assert 'href="?level=HBO&amp;page=1" rel="prev"' in second


@pytest.mark.parametrize("number", ["0", "abc", "999", "-1", "1.5"])
def test_out_of_range_page_numbers_still_show_a_page(client, settings, number):
    settings.PAGE_SIZE = 5
    response = client.get(f"/voorbeelden/?page={number}")
    assert response.status_code == 200
    assert len(examples_shown(text(response))) >= 1


BAD_EXAMPLE_FILTERS = [
    ("unknown-form", {"form": "99"}, "form"),
    ("form-not-a-number", {"form": "abc"}, "form"),
    ("form-unicode-digit", {"form": "٣"}, "form"),
    ("unknown-reason", {"reason": "Z"}, "reason"),
    ("unknown-level", {"level": "XYZ"}, "level"),
    ("script-region", {"region": "<script>alert(1)</script>"}, "region"),
    ("unicode-region", {"region": "Zuid-Oost ünïcødé 😀"}, "region"),
    ("sql-region", {"region": "' OR 1=1 --"}, "region"),
    ("long-q", {"q": "a" * 500}, "q"),
    ("long-script-q", {"q": "<script>" + "x" * 500}, "q"),
    ("nul-in-q", {"q": "job\x00fair"}, "q"),
]


@pytest.mark.parametrize(
    ("params", "field"),
    [b[1:] for b in BAD_EXAMPLE_FILTERS],
    ids=[b[0] for b in BAD_EXAMPLE_FILTERS],
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_bad_example_filter_is_400_with_message_at_the_field(client, prefix, params, field):
    response = client.get(prefix + "/voorbeelden/", params)
    assert response.status_code == 400
    page = text(response)
    assert html_lang(page) == ("en" if prefix else "nl")
    # The error summary links to the field, and the message sits in the field's block.
    assert error_field_ids(page) == {f"id_{field}"}
    block = re.search(
        rf'<div class="field field--error">\s*<label class="label" for="id_{field}">.*?</div>',
        page,
        re.S,
    )
    assert block, f"the {field} field is not marked as in error"
    assert f'<p class="error-message" id="id_{field}_error">' in block.group(0)
    # Nothing of the input comes back unescaped, and no results are shown.
    assert "<script>" not in page
    assert examples_shown(page, prefix) == set()


@pytest.mark.parametrize(
    "path",
    ["/voorbeelden/?level=XYZ", "/voorbeelden/?q=" + "a" * 500, "/onderwijsinstellingen/?place=x"],
    ids=["examples-level", "examples-long-q", "institutions-place"],
)
def test_error_message_is_tied_to_its_field_for_screen_readers(client, path):
    # The field's aria-describedby must name the id of the error message shown with it,
    # or a screen reader announces the field without saying what is wrong.
    page = text(client.get(path))
    field = re.search(r"<(?:input|select)[^>]*aria-invalid=\"true\"[^>]*>", page)
    assert field, "no field marked aria-invalid"
    described = re.search(r'aria-describedby="([^"]+)"', field.group(0))
    assert described, "the invalid field has no aria-describedby"
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    for ref in described.group(1).split():
        assert ref in ids, f"aria-describedby points to {ref!r}, which is not on the page"


@pytest.mark.parametrize(
    "q",
    [
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "Utrécht € 😀 ünïcødé",
        "%",
        "_",
        "\\",
        "a" * 100,
    ],
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_unmatched_search_is_200_with_no_results_and_escaped_input(client, prefix, q):
    response = client.get(prefix + "/voorbeelden/", {"q": q})
    assert response.status_code == 200
    page = text(response)
    assert html_lang(page) == ("en" if prefix else "nl")
    # SQL-like text and LIKE wildcards are searched for literally, so nothing matches.
    assert examples_shown(page, prefix) == set()
    assert f'name="q" value="{escape(q)}"' in page
    assert "<script>" not in page


# --- the institution finder --------------------------------------------------------


def institutions_shown(page: str) -> list[str]:
    return [
        unescape(name).strip()
        for name in re.findall(r'<ul class="plain-list">(.*?)</ul>', page, re.S)
        for name in re.findall(r"<li>([^<(]+)", name)
    ]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_institutions_by_province_show_its_regions_schools(client, prefix):
    # Utrecht lies in region Noord-West: the appendix lists schools per region.
    page = text(client.get(prefix + "/onderwijsinstellingen/?place=province:utrecht"))
    names = institutions_shown(page)
    expected = list(
        Listing.objects.filter(region__slug="noord-west").values_list(
            "institution__name", flat=True
        )
    )
    assert sorted(names) == sorted(expected)
    assert "Hogeschool Utrecht" in names
    assert "MBO Utrecht" in names
    assert "Hanzehogeschool Groningen" not in names
    assert '<option value="province:utrecht" selected>' in page


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_institutions_by_region(client, prefix):
    page = text(client.get(prefix + "/onderwijsinstellingen/?place=region:noord"))
    names = institutions_shown(page)
    assert sorted(names) == sorted(
        Listing.objects.filter(region__slug="noord").values_list("institution__name", flat=True)
    )
    assert "Hanzehogeschool Groningen" in names
    assert "Noorderpoort" in names
    assert "Hogeschool Utrecht" not in names


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_institutions_by_level(client, prefix):
    page = text(client.get(prefix + "/onderwijsinstellingen/?level=HBO"))
    names = institutions_shown(page)
    assert len(names) == Listing.objects.filter(institution__level="HBO").count() == 17
    assert {"Hogeschool Utrecht", "Hanzehogeschool Groningen", "Fontys Hogescholen"} <= set(names)
    assert "ROC Flevoland" not in names
    assert "Noorderpoort" not in names


def test_institutions_by_province_level_and_name(client):
    page = text(client.get("/onderwijsinstellingen/?place=province:utrecht&level=HBO&q=utrecht"))
    assert institutions_shown(page) == ["Hogeschool Utrecht"]


def test_institution_finder_without_filters_lists_every_listing(client):
    page = text(client.get("/onderwijsinstellingen/"))
    names = institutions_shown(page)
    assert len(names) == Listing.objects.count() == 59
    # An institution the appendix lists in three regions appears under each.
    assert names.count("Hoornbeeck College") == 3


def test_institution_note_in_the_pages_language(client):
    vista = Institution.objects.get(name="VISTA College")
    assert escape(vista.note_nl) in text(client.get("/onderwijsinstellingen/"))
    assert escape(vista.note_en) in text(client.get("/en/onderwijsinstellingen/"))


BAD_INSTITUTION_FILTERS = [
    ("unknown-region", {"place": "region:nowhere"}, "place"),
    ("unknown-province", {"place": "province:atlantis"}, "place"),
    ("no-kind", {"place": "utrecht"}, "place"),
    ("script-place", {"place": "<script>alert(1)</script>"}, "place"),
    ("unknown-level", {"level": "XYZ"}, "level"),
    ("other-level", {"level": "other"}, "level"),
    ("long-q", {"q": "b" * 500}, "q"),
]


@pytest.mark.parametrize(
    ("params", "field"),
    [b[1:] for b in BAD_INSTITUTION_FILTERS],
    ids=[b[0] for b in BAD_INSTITUTION_FILTERS],
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_bad_institution_filter_is_400_with_message_at_the_field(client, prefix, params, field):
    response = client.get(prefix + "/onderwijsinstellingen/", params)
    assert response.status_code == 400
    page = text(response)
    assert html_lang(page) == ("en" if prefix else "nl")
    assert error_field_ids(page) == {f"id_{field}"}
    assert f'<p class="error-message" id="id_{field}_error">' in page
    assert "<script>" not in page
    assert institutions_shown(page) == []


@pytest.mark.parametrize("q", ["' OR 1=1 --", "<script>x</script>", "%", "Groningén 😀"])
def test_unmatched_institution_search_is_200_and_empty(client, q):
    response = client.get("/onderwijsinstellingen/", {"q": q})
    assert response.status_code == 200
    page = text(response)
    assert institutions_shown(page) == []
    assert "<script>" not in page


def test_language_switch_on_a_rejected_filter_keeps_the_query(client):
    page = text(client.get("/voorbeelden/?level=XYZ&form=2"))
    assert switch_link(page, "en") == "/en/voorbeelden/?level=XYZ&form=2"


# --- bounded queries ---------------------------------------------------------------

QUERY_BOUNDS = [
    ("/", 4),
    ("/redenen/", 2),
    ("/vormen/", 4),
    ("/vormen/bedrijf-bekend-maken/", 6),
    ("/vormen/vernieuwing-onderwijsinhoud/", 6),
    ("/voorbeelden/", 10),
    ("/voorbeelden/?page=2", 10),
    ("/voorbeelden/?form=1&reason=A&level=HBO&region=noord-west&q=a", 10),
    ("/voorbeelden/?level=XYZ", 6),
    ("/voorbeelden/hbo-ict-banenmarkt-utrecht/", 5),
    ("/voorbeelden/make-it-work-omscholing-hva/", 5),
    ("/gouden-tips/", 4),
    ("/stappenplan/", 3),
    ("/onderwijsinstellingen/", 4),
    ("/onderwijsinstellingen/?page=2", 4),
    ("/onderwijsinstellingen/?place=province:utrecht&level=HBO", 5),
    ("/onderwijsinstellingen/?place=region:noord-west&q=o", 4),
    ("/over/", 4),
]
QUERY_IDS = [p for p, _ in QUERY_BOUNDS]


@pytest.mark.parametrize(("path", "bound"), QUERY_BOUNDS, ids=QUERY_IDS)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_page_query_count_is_bounded(client, django_assert_max_num_queries, prefix, path, bound):
    with django_assert_max_num_queries(bound):
        response = client.get(prefix + path)
    assert response.status_code in (200, 400)


EXTRA = 200


@pytest.fixture
def much_data(db):
    """200 more examples (spread over the forms, with regions, reasons, institutions and
    figures) and 200 more institutions listed in region Noord-West."""
    forms = list(CollaborationForm.objects.all())
    regions = list(Region.objects.all())
    reasons = list(Reason.objects.all())
    institutions = Institution.objects.bulk_create(
        Institution(
            name=f"Testschool {i:03d}", slug=f"testschool-{i:03d}", level=("MBO", "HBO")[i % 2]
        )
        for i in range(EXTRA)
    )
    noord_west = Region.objects.get(slug="noord-west")
    Listing.objects.bulk_create(
        Listing(region=noord_west, institution=inst, position=1000 + i)
        for i, inst in enumerate(institutions)
    )
    examples = Example.objects.bulk_create(
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
            level_mbo=i % 2 == 0,
            level_hbo=True,
            level_other=i % 3 == 0,
        )
        for i in range(EXTRA)
    )
    Example.regions.through.objects.bulk_create(
        Example.regions.through(example=e, region=regions[i % len(regions)])
        for i, e in enumerate(examples)
    )
    Example.reasons.through.objects.bulk_create(
        Example.reasons.through(example=e, reason=r) for e in examples for r in reasons
    )
    Example.institutions.through.objects.bulk_create(
        Example.institutions.through(example=examples[0], institution=inst) for inst in institutions
    )
    ExampleFigure.objects.bulk_create(
        ExampleFigure(
            example=examples[0],
            position=i,
            label_nl=f"Cijfer {i}",
            label_en=f"Figure {i}",
            value=Decimal(i + 1),
            unit="eur",
        )
        for i in range(50)
    )
    return {"examples": examples, "institutions": institutions}


MUCH_DATA_BOUNDS = [
    *QUERY_BOUNDS,
    ("/voorbeelden/extra-voorbeeld-000/", 5),
    ("/voorbeelden/?region=noord-west&level=HBO&page=3", 10),
    ("/onderwijsinstellingen/?place=region:noord-west&page=3", 4),
]


@pytest.mark.parametrize(("path", "bound"), MUCH_DATA_BOUNDS, ids=[p for p, _ in MUCH_DATA_BOUNDS])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_page_query_count_stays_bounded_with_much_data(
    client, django_assert_max_num_queries, much_data, prefix, path, bound
):
    with django_assert_max_num_queries(bound):
        response = client.get(prefix + path)
    assert response.status_code in (200, 400)


def test_much_data_is_really_on_the_pages(client, much_data):
    # The bounds above are only worth something if the extra rows are rendered.
    listing = text(client.get("/voorbeelden/"))
    assert "extra-voorbeeld-000" in listing
    # A form page shows its first six examples and links to the filtered list of all.
    form_page = text(client.get("/vormen/bedrijf-bekend-maken/"))
    assert len(examples_shown(form_page)) == 6
    assert "/voorbeelden/?form=1" in form_page
    assert str(2 + EXTRA // 8) in form_page
    detail = text(client.get("/voorbeelden/extra-voorbeeld-000/"))
    assert "Testschool 199" in detail
    assert "Cijfer 49" in detail
    # Region Noord-West now has 215 listings, 100 a page; the last are the extra MBO ones.
    schools = text(client.get("/onderwijsinstellingen/?place=region:noord-west&page=3"))
    assert "Testschool 198" in schools
