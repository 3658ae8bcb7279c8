"""The public knowledge-base pages, in Dutch at / and in English under /en/.

Assertions lean on handbook data (a form's ``name_nl`` vs ``name_en``), on ``lang``
attributes and on links, not on interface strings, so they hold whatever the Dutch
translation of the interface says.
"""

from __future__ import annotations

import pytest
from django.utils.html import escape

from samenwerkt.handbook.models import (
    CollaborationForm,
    Example,
    Institution,
    Listing,
    Reason,
    Region,
    Source,
    Step,
    StepAction,
    Tip,
)
from tests.html import (
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
    texts,
)
from tests.queries import over_bound

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
    """The raw HTML source: for checks on escaping, which a parser would undo."""
    return response.content.decode()


def english(path: str) -> str:
    return "/en" + path


def examples_shown(doc, prefix: str = "") -> list[str]:
    """Slugs of the example cards on a page, in order. Every card must link to the
    example in the page's own language."""
    slugs = []
    for href in links(doc, "h3.card__title a"):
        assert href.startswith(f"{prefix}/voorbeelden/"), f"card links to {href!r}"
        slugs.append(href.removeprefix(f"{prefix}/voorbeelden/").strip("/"))
    return slugs


def selected_value(doc, name: str) -> str:
    """The value of the option chosen in the ``<select name=...>``."""
    return one(doc, f'select[name="{name}"] option[selected]').get("value")


def result_count(doc) -> int:
    """The number of results the page announces (``<p role="status">216 …``)."""
    return int(one(doc, 'p[role="status"]').text_content().split()[0].replace(".", ""))


def assert_language(response, lang: str, *, shown: str, hidden: str | None = None):
    page = text(response)
    assert html_lang(parse(response)) == lang
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
    assert_language(
        response, "nl", shown=getattr(obj, f"{field}_nl"), hidden=getattr(obj, f"{field}_en")
    )
    assert switch_link(parse(response), "en") == english(path)


@pytest.mark.parametrize(("name", "path", "data"), PAGES, ids=[p[0] for p in PAGES])
def test_page_in_english(client, name, path, data):
    obj, field = data()
    response = client.get(english(path))
    assert response.status_code == 200
    assert_language(
        response, "en", shown=getattr(obj, f"{field}_en"), hidden=getattr(obj, f"{field}_nl")
    )
    assert switch_link(parse(response), "nl") == path


@pytest.mark.parametrize("slug", FORM_SLUGS)
def test_each_form_detail_in_both_languages(client, slug):
    form = CollaborationForm.objects.get(slug=slug)
    path = f"/vormen/{slug}/"

    nl = client.get(path)
    assert nl.status_code == 200
    assert_language(nl, "nl", shown=form.name_nl, hidden=form.name_en)
    assert escape(form.summary_nl) in text(nl)
    assert switch_link(parse(nl), "en") == english(path)

    en = client.get(english(path))
    assert en.status_code == 200
    assert_language(en, "en", shown=form.name_en, hidden=form.name_nl)
    assert escape(form.summary_en) in text(en)
    assert switch_link(parse(en), "nl") == path


@pytest.mark.parametrize("slug", FORM_SLUGS)
def test_form_detail_lists_the_forms_own_examples(client, slug):
    form = CollaborationForm.objects.get(slug=slug)
    doc = parse(client.get(f"/vormen/{slug}/"))
    shown = examples_shown(section(doc, "examples-title"))
    assert set(shown) == set(form.examples.values_list("slug", flat=True))
    assert shown  # every form has examples in the handbook


def test_form_detail_shows_effort_and_outcome_stars(client):
    # Form 1: effort 1, outcomes A 2, B 1, C 1, D 3 (handbook chapter 3).
    doc = parse(client.get("/vormen/bedrijf-bekend-maken/"))
    stars = [
        (one(rating, ".stars__on").text_content(), one(rating, ".stars__off").text_content())
        for rating in select(doc, ".stars")
    ]
    assert [len(on) for on, _off in stars] == [1, 2, 1, 1, 3]
    assert all(set(on) <= {"★"} and set(off) <= {"☆"} for on, off in stars)
    assert all(len(on) + len(off) == 5 for on, off in stars)


def test_every_example_detail_in_both_languages(client):
    examples = list(Example.objects.select_related("collaboration_form"))
    assert len(examples) == 16
    for example in examples:
        path = f"/voorbeelden/{example.slug}/"
        nl = client.get(path)
        assert nl.status_code == 200, path
        assert_language(nl, "nl", shown=example.title_nl, hidden=example.title_en)
        assert escape(example.collaboration_form.name_nl) in text(nl)
        assert switch_link(parse(nl), "en") == english(path)

        en = client.get(english(path))
        assert en.status_code == 200, english(path)
        assert_language(en, "en", shown=example.title_en, hidden=example.title_nl)
        assert escape(example.collaboration_form.name_en) in text(en)
        assert f"/en/vormen/{example.collaboration_form.slug}/" in links(parse(en))
        assert switch_link(parse(en), "nl") == path


def test_example_detail_figures_in_each_languages_notation(client):
    # The job fair costs at least 4500 euro and draws about 1000 visitors.
    nl = text(client.get("/voorbeelden/hbo-ict-banenmarkt-utrecht/"))
    assert "€\u00a04.500" in nl  # a non-breaking space: the sign never ends a line
    assert "1.000" in nl
    en = text(client.get("/en/voorbeelden/hbo-ict-banenmarkt-utrecht/"))
    assert "€4,500" in en
    assert "1,000" in en
    assert "€\u00a04.500" not in en


def test_home_survey_grade_in_each_languages_notation(client):
    assert "7,4" in texts(parse(client.get("/")), ".fact__figure")
    assert "7.4" in texts(parse(client.get("/en/")), ".fact__figure")


def test_forms_overview_links_all_eight_forms_in_the_pages_language(client):
    nl = links(parse(client.get("/vormen/")))
    en = links(parse(client.get("/en/vormen/")))
    for slug in FORM_SLUGS:
        assert f"/vormen/{slug}/" in nl
        assert f"/en/vormen/{slug}/" in en


def test_reasons_page_shows_all_four_reasons_with_benefits(client):
    response = client.get("/en/redenen/")
    page, doc = text(response), parse(response)
    for reason in Reason.objects.prefetch_related("benefits"):
        assert escape(reason.name_en) in page
        assert f"reden-{reason.code}" in ids(doc)
        for benefit in reason.benefits.all():
            assert escape(benefit.title_en) in page
        # Each reason leads into the advisor with that reason already chosen.
        assert f"/en/advies/inzet/?reason={reason.code}" in links(doc)


def test_tips_page_shows_the_five_tips_and_their_points(client):
    response = client.get("/gouden-tips/")
    page = text(response)
    for tip in Tip.objects.prefetch_related("points"):
        assert f"tip-{tip.number}" in ids(parse(response))
        assert escape(tip.title_nl) in page
        for point in tip.points.all():
            assert escape(point.title_nl) in page


def test_steps_page_shows_three_steps_with_three_actions_each(client):
    response = client.get("/en/stappenplan/")
    page = text(response)
    for step in Step.objects.prefetch_related("actions"):
        assert f"stap-{step.number}" in ids(parse(response))
        actions = list(step.actions.all())
        assert len(actions) == 3
        for action in actions:
            assert escape(action.title_en) in page


def test_about_page_lists_sources_and_chapters(client):
    response = client.get("/en/over/")
    for source in Source.objects.all():
        assert escape(source.text_en) in text(response)
    assert "mailto:info@hcaict.nl" in links(parse(response))


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
    assert html_lang(parse(response)) == lang


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
    doc = parse(response)
    assert html_lang(doc) == lang
    wanted = _slugs(expected().distinct())
    assert wanted, "the filter should match something in the handbook"
    assert set(examples_shown(doc, prefix)) == wanted
    # The switch keeps the filters, so the other language shows the same list.
    other = "nl" if lang == "en" else "en"
    assert switch_link(doc, other) == (path if lang == "en" else english(path))


def test_example_filter_keeps_the_chosen_values_selected(client):
    doc = parse(client.get("/voorbeelden/?form=3&reason=C&level=HBO&region=noord&q=ibm"))
    assert selected_value(doc, "form") == "3"
    assert selected_value(doc, "reason") == "C"
    assert selected_value(doc, "level") == "HBO"
    assert selected_value(doc, "region") == "noord"
    assert one(doc, 'input[name="q"]').get("value") == "ibm"


def test_examples_list_paginates(client, settings):
    settings.PAGE_SIZE = 5
    in_order = list(Example.objects.order_by("position", "id").values_list("slug", flat=True))
    seen = []
    for number in (1, 2, 3, 4):
        doc = parse(client.get(f"/voorbeelden/?page={number}"))
        shown = examples_shown(doc)
        assert shown == in_order[(number - 1) * 5 : number * 5]
        seen += shown
        if number < 4:
            assert links(doc, '[rel~="next"]') == [f"?page={number + 1}"]
        else:
            assert not select(doc, '[rel~="next"]')
    assert seen == in_order


def test_pagination_links_keep_the_filters(client, settings):
    settings.PAGE_SIZE = 3
    first = parse(client.get("/en/voorbeelden/?level=HBO"))
    assert links(first, '[rel~="next"]') == ["?level=HBO&page=2"]
    second = parse(client.get("/en/voorbeelden/?level=HBO&page=2"))
    expected = list(
        Example.objects.filter(level_hbo=True)
        .order_by("position", "id")
        .values_list("slug", flat=True)[3:6]
    )
    assert examples_shown(second, "/en") == expected
    assert links(second, '[rel~="prev"]') == ["?level=HBO&page=1"]


@pytest.mark.parametrize("number", ["0", "abc", "999", "-1", "1.5"])
def test_out_of_range_page_numbers_still_show_a_page(client, settings, number):
    settings.PAGE_SIZE = 5
    response = client.get(f"/voorbeelden/?page={number}")
    assert response.status_code == 200
    assert len(examples_shown(parse(response))) >= 1


FILTER_FIELDS = ["form", "reason", "level", "region", "q"]

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
    doc = parse(response)
    assert html_lang(doc) == ("en" if prefix else "nl")
    # The error summary links to the field, and the message sits in the field's block.
    assert error_summary_targets(doc) == [f"id_{field}"]
    assert [field_error(doc, name) is not None for name in FILTER_FIELDS] == [
        name == field for name in FILTER_FIELDS
    ]
    blocks = [
        block for block in select(doc, ".field--error") if select(block, f'label[for="id_{field}"]')
    ]
    assert len(blocks) == 1, f"the {field} field is not marked as in error"
    assert select(blocks[0], f'.error-message[id="id_{field}_error"]')
    # Nothing of the input comes back unescaped, and no results are shown.
    assert "<script>" not in text(response)
    assert examples_shown(doc, prefix) == []


@pytest.mark.parametrize(
    "path",
    ["/voorbeelden/?level=XYZ", "/voorbeelden/?q=" + "a" * 500, "/onderwijsinstellingen/?place=x"],
    ids=["examples-level", "examples-long-q", "institutions-place"],
)
def test_error_message_is_tied_to_its_field_for_screen_readers(client, path):
    # The field's aria-describedby must name the id of the error message shown with it,
    # or a screen reader announces the field without saying what is wrong.
    doc = parse(client.get(path))
    fields = select(doc, 'input[aria-invalid="true"], select[aria-invalid="true"]')
    assert fields, "no field marked aria-invalid"
    for field in fields:
        described = (field.get("aria-describedby") or "").split()
        assert described, "the invalid field has no aria-describedby"
        for ref in described:
            assert ref in ids(doc), f"aria-describedby points to {ref!r}, not on the page"
        assert any(one(doc, f'[id="{ref}"]').get("class") == "error-message" for ref in described)


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
    doc = parse(response)
    assert html_lang(doc) == ("en" if prefix else "nl")
    # SQL-like text and LIKE wildcards are searched for literally, so nothing matches.
    assert examples_shown(doc, prefix) == []
    assert result_count(doc) == 0
    # What was searched for stays in the field, and the source has it escaped.
    assert one(doc, 'input[name="q"]').get("value") == q
    assert f'name="q" value="{escape(q)}"' in text(response)
    assert "<script>" not in text(response)


# --- the institution finder --------------------------------------------------------


def institutions_shown(doc) -> list[str]:
    """Names of the listed institutions, without their level, towns and note."""
    return [
        " ".join(name.text_content().split()) for name in select(doc, "li.school .school__name")
    ]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_institutions_by_province_show_its_regions_schools(client, prefix):
    # Utrecht lies in region Noord-West: the appendix lists schools per region.
    doc = parse(client.get(prefix + "/onderwijsinstellingen/?place=province:utrecht"))
    names = institutions_shown(doc)
    expected = list(
        Listing.objects.filter(region__slug="noord-west").values_list(
            "institution__name", flat=True
        )
    )
    assert sorted(names) == sorted(expected)
    assert "Hogeschool Utrecht" in names
    assert "MBO Utrecht" in names
    assert "Hanzehogeschool Groningen" not in names
    assert selected_value(doc, "place") == "province:utrecht"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_institutions_by_region(client, prefix):
    names = institutions_shown(
        parse(client.get(prefix + "/onderwijsinstellingen/?place=region:noord"))
    )
    assert sorted(names) == sorted(
        Listing.objects.filter(region__slug="noord").values_list("institution__name", flat=True)
    )
    assert "Hanzehogeschool Groningen" in names
    assert "Noorderpoort" in names
    assert "Hogeschool Utrecht" not in names


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_institutions_by_level(client, prefix):
    names = institutions_shown(parse(client.get(prefix + "/onderwijsinstellingen/?level=HBO")))
    assert len(names) == Listing.objects.filter(institution__level="HBO").count() == 17
    assert {"Hogeschool Utrecht", "Hanzehogeschool Groningen", "Fontys Hogescholen"} <= set(names)
    assert "ROC Flevoland" not in names
    assert "Noorderpoort" not in names


def test_institutions_by_province_level_and_name(client):
    doc = parse(client.get("/onderwijsinstellingen/?place=province:utrecht&level=HBO&q=utrecht"))
    assert institutions_shown(doc) == ["Hogeschool Utrecht"]


def test_institution_finder_without_filters_lists_every_listing(client):
    names = institutions_shown(parse(client.get("/onderwijsinstellingen/")))
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
    doc = parse(response)
    assert html_lang(doc) == ("en" if prefix else "nl")
    assert error_summary_targets(doc) == [f"id_{field}"]
    assert field_error(doc, field)
    assert "<script>" not in text(response)
    assert institutions_shown(doc) == []


@pytest.mark.parametrize("q", ["' OR 1=1 --", "<script>x</script>", "%", "Groningén 😀"])
def test_unmatched_institution_search_is_200_and_empty(client, q):
    response = client.get("/onderwijsinstellingen/", {"q": q})
    assert response.status_code == 200
    doc = parse(response)
    assert institutions_shown(doc) == []
    assert result_count(doc) == 0
    assert "<script>" not in text(response)


def test_language_switch_on_a_rejected_filter_keeps_the_query(client):
    doc = parse(client.get("/voorbeelden/?level=XYZ&form=2"))
    assert switch_link(doc, "en") == "/en/voorbeelden/?level=XYZ&form=2"


# --- bounded queries ---------------------------------------------------------------

# (path, most queries, the status that page answers): a bound is only worth something on
# the page it names, not on an error page that happens to be cheaper.
QUERY_BOUNDS = [
    ("/", 1, 200),
    ("/redenen/", 1, 200),
    ("/vormen/", 1, 200),
    # A form's page and its "what to do now" come from the memoised form pages, step
    # plan and edition: a warm process reads only the content version.
    ("/vormen/bedrijf-bekend-maken/", 1, 200),
    ("/vormen/vernieuwing-onderwijsinhoud/", 1, 200),
    ("/voorbeelden/", 5, 200),
    ("/voorbeelden/?page=2", 5, 200),
    ("/voorbeelden/?form=1&reason=A&level=HBO&region=noord-west&q=a", 5, 200),
    ("/voorbeelden/?level=XYZ", 1, 400),
    ("/voorbeelden/hbo-ict-banenmarkt-utrecht/", 5, 200),
    ("/voorbeelden/make-it-work-omscholing-hva/", 5, 200),
    ("/gouden-tips/", 1, 200),
    ("/stappenplan/", 1, 200),
    ("/onderwijsinstellingen/", 3, 200),
    ("/onderwijsinstellingen/?page=2", 3, 200),
    ("/onderwijsinstellingen/?place=province:utrecht&level=HBO", 5, 200),
    ("/onderwijsinstellingen/?place=region:noord-west&q=o", 3, 200),
    ("/over/", 4, 200),
    ("/privacy/", 0, 200),
    ("/contact/", 0, 200),
]


@pytest.mark.parametrize(
    ("path", "bound", "status"), QUERY_BOUNDS, ids=[p[0] for p in QUERY_BOUNDS]
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_page_query_count_is_bounded(
    client, django_assert_max_num_queries, prefix, path, bound, status
):
    client.get(prefix + path)  # warm: see tests/queries.py
    with django_assert_max_num_queries(bound):
        response = client.get(prefix + path)
    assert response.status_code == status


MUCH_DATA_BOUNDS = [
    *QUERY_BOUNDS,
    ("/voorbeelden/extra-voorbeeld-000/", 5, 200),
    ("/voorbeelden/?region=noord-west&level=HBO&page=3", 10, 200),
    ("/onderwijsinstellingen/?place=region:noord-west&page=3", 4, 200),
]


def test_page_query_count_stays_bounded_with_much_data(client, much_data):
    wrong = over_bound(client.get, MUCH_DATA_BOUNDS) + over_bound(
        client.get, MUCH_DATA_BOUNDS, prefix="/en"
    )
    assert not wrong, "\n".join(wrong)


def test_much_data_is_really_on_the_pages(client, much_data):
    # The bounds above are only worth something if the extra rows are rendered.
    assert much_data.showcase.slug == "extra-voorbeeld-000"  # a path in MUCH_DATA_BOUNDS
    listing = parse(client.get("/voorbeelden/"))
    assert result_count(listing) == Example.objects.count() == 16 + len(much_data.examples)
    assert much_data.showcase.slug in examples_shown(listing)

    # A form page shows its first six examples and links to the filtered list of all.
    form = CollaborationForm.objects.get(number=1)
    form_page = section(parse(client.get(f"/vormen/{form.slug}/")), "examples-title")
    assert len(examples_shown(form_page)) == 6
    all_of_form = one(form_page, 'a[href="/voorbeelden/?form=1"]').text_content()
    assert str(form.examples.count()) in all_of_form.split()

    # The showcase names every extra school and shows every one of its figures.
    detail = parse(client.get(f"/voorbeelden/{much_data.showcase.slug}/"))
    page_text = detail.text_content()
    assert all(school.name in page_text for school in much_data.institutions)
    assert {f.label_nl for f in much_data.figures} <= set(texts(detail, "dt"))

    # The region's listings run to a third page of 100; the last are the extra MBO ones.
    listed = Listing.objects.filter(region=much_data.region).count()
    assert listed > 200
    schools = parse(client.get("/onderwijsinstellingen/?place=region:noord-west&page=3"))
    assert result_count(schools) == listed
    last_mbo = [school for school in much_data.institutions if school.level == "MBO"][-1]
    assert last_mbo.name in institutions_shown(schools)


# --- schools you can reach (researched towns and websites) ------------------------------


def school_items(doc) -> list:
    return select(doc, "li.school")


def groups(doc, heading: str = "h2") -> list[tuple[str, list[str]]]:
    """(heading, names under it) for each group of schools, in page order."""
    out = []
    for list_ in select(doc, "ul.schools"):
        title = list_.getprevious()
        assert title is not None and title.tag == heading
        names = [" ".join(n.text_content().split()) for n in select(list_, ".school__name")]
        out.append((" ".join(title.text_content().split()), names))
    return out


@pytest.mark.parametrize(("prefix", "town"), [("", "Zwolle"), ("/en", "zwolle")])
def test_the_finder_finds_schools_by_town(client, prefix, town):
    names = institutions_shown(parse(client.get(f"{prefix}/onderwijsinstellingen/?q={town}")))
    expected = Institution.objects.filter(towns__icontains="zwolle").values_list("name", flat=True)
    assert sorted(names) == sorted(expected)
    assert {"Christelijke Hogeschool Windesheim", "ROC Deltion College", "Landstede"} <= set(names)


@pytest.mark.parametrize(
    ("prefix", "first", "then"),
    [("", "In Overijssel", "Ook in regio Oost"), ("/en", "In Overijssel", "Also in region East")],
)
def test_overijssel_lists_its_own_schools_first_then_the_rest_of_region_oost(
    client, prefix, first, then
):
    doc = parse(client.get(f"{prefix}/onderwijsinstellingen/?place=province:overijssel"))
    (head_in, in_province), (head_also, also) = groups(doc)
    assert (head_in, head_also) == (first, then)
    overijssel = set(
        Institution.objects.filter(
            provinces__slug="overijssel", listings__region__slug="oost"
        ).values_list("name", flat=True)
    )
    assert set(in_province) == overijssel
    assert {"ROC Deltion College", "Landstede", "ROC van Twente"} <= overijssel
    assert "ROC Nijmegen" in also and "ROC Graafschap College" in also
    assert not set(also) & overijssel


def test_each_school_shows_its_level_towns_and_a_link_to_its_site(client):
    doc = parse(client.get("/onderwijsinstellingen/?q=Deltion"))
    (item,) = school_items(doc)
    deltion = Institution.objects.get(name="ROC Deltion College")
    link = one(item, ".school__name a")
    assert link.get("href") == deltion.website and link.get("href").startswith("https://")
    meta = " ".join(one(item, ".school__meta").text_content().split())
    assert meta.startswith("MBO · Zwolle")
    assert "check with the school" not in meta and "vraag het na" not in meta


@pytest.mark.parametrize(
    ("prefix", "check"),
    [
        ("", "plaatsen niet bevestigd: vraag het na bij de school"),
        ("/en", "places not confirmed: check with the school"),
    ],
)
def test_a_school_whose_places_no_source_confirmed_says_to_check_with_it(client, prefix, check):
    unconfirmed = Institution.objects.filter(confirmed=False).first()
    assert unconfirmed is not None, "the shipped data has an unconfirmed school"
    doc = parse(client.get(f"{prefix}/onderwijsinstellingen/?q={unconfirmed.name}"))
    shown = {
        " ".join(one(item, ".school__name").text_content().split()): " ".join(
            one(item, ".school__meta").text_content().split()
        )
        for item in school_items(doc)
    }
    assert check in shown[unconfirmed.name]
    confirmed = [meta for name, meta in shown.items() if name != unconfirmed.name]
    assert not any(check in meta for meta in confirmed)


def test_the_finder_names_the_source_and_date_of_the_towns(client):
    page = text(client.get("/en/onderwijsinstellingen/"))
    assert "our own research in public sources, checked on 1 December 2026" in page
