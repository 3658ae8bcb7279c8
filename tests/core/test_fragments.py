"""Parts of pages kept rendered per content version, language and key
(core/fragments.py): built once, served after that, rebuilt after an edit, apart per
language, and never more than MAX_ENTRIES of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import mark_safe

from samenwerkt.advisor import views as advisor_views
from samenwerkt.core import fragments
from samenwerkt.handbook.models import Step

pytestmark = pytest.mark.django_db

RESULT = "/advies/resultaat/?effort=low&reason=A&place=province:overijssel&level=MBO"


@pytest.fixture
def built(monkeypatch):
    """How often the advice's "what to do now" was built (not served as kept)."""
    calls = []
    original = advisor_views.what_to_do

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(advisor_views, "what_to_do", counting)
    return calls


def test_what_to_do_is_built_once_and_then_served_as_kept(client, built):
    first = client.get(RESULT).content.decode()
    second = client.get(RESULT).content.decode()
    assert len(built) == 1
    assert first == second
    assert "ROC Deltion College" in second  # the kept part is really on the page


def test_each_language_is_kept_apart(client, built):
    dutch = client.get(RESULT).content.decode()
    english = client.get("/en" + RESULT).content.decode()
    assert len(built) == 2
    assert "Wat je nu doet" in dutch and "What to do now" not in dutch
    assert "What to do now" in english and "Wat je nu doet" not in english


def test_an_edit_is_seen_at_once(client, built, django_capture_on_commit_callbacks):
    client.get(RESULT)
    step = Step.objects.get(number=2)
    action = step.actions.order_by("number").first()
    action.title_nl = "Bel de school"
    with django_capture_on_commit_callbacks(execute=True):
        action.save()
    page = client.get(RESULT).content.decode()
    assert len(built) == 2
    assert "Bel de school" in page


def test_other_answers_are_other_keys(client, built):
    client.get(RESULT)
    client.get(RESULT.replace("level=MBO", "level=HBO"))
    assert len(built) == 2


def test_no_more_than_max_entries_are_kept(monkeypatch):
    monkeypatch.setattr(fragments, "MAX_ENTRIES", 3)
    for n in range(5):
        fragments.put(("v", "nl", "x", str(n)), mark_safe(str(n)))
    assert fragments.get(("v", "nl", "x", "0")) is None
    assert fragments.get(("v", "nl", "x", "4")) == "4"
    assert len(fragments._stored) == 3


def test_the_finder_keeps_a_list_but_never_a_search(client, django_assert_num_queries):
    place = "/onderwijsinstellingen/?place=province:overijssel&level=MBO"
    first = client.get(place).content.decode()
    with django_assert_num_queries(1):  # the content version; the list is kept
        assert client.get(place).content.decode() == first
    assert "ROC Deltion College" in first
    search = "/onderwijsinstellingen/?q=Zwolle"
    client.get(search)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(search).content.decode()
    assert len(queries) > 1  # a search is read each time, never kept
    assert "Landstede" in page


def test_home_is_kept_per_language(client, django_assert_num_queries):
    dutch = client.get("/").content.decode()
    with django_assert_num_queries(1):
        assert client.get("/").content.decode() == dutch
    english = client.get("/en/").content.decode()
    assert "stage" in dutch and "intern" in english


# Kept parts must be keyed by everything they depend on: a page served by a process that
# has already served many others must equal the same page drawn from nothing.
ANSWERS = [
    "/advies/resultaat/?effort=low&reason=A",
    "/advies/resultaat/?effort=low&reason=A&reason=C&weight_A=3&weight_C=1",
    "/advies/resultaat/?effort=low&reason=A&reason=C&weight_A=1&weight_C=3",
    "/advies/resultaat/?effort=medium&reason=B&place=province:utrecht",
    "/advies/resultaat/?effort=medium&reason=B&place=province:utrecht&level=HBO",
    "/advies/resultaat/?effort=medium&reason=B&place=region:oost&level=MBO",
    "/advies/resultaat/?effort=high&reason=D&place=province:overijssel&level=MBO",
    "/en/advies/resultaat/?effort=medium&reason=B&place=province:utrecht",
]
FRAME_PAGES = [
    "/",
    "/vormen/",
    "/vormen/praktijkopdrachten-stages/",
    "/voorbeelden/?form=5",
    "/contact/",
    "/privacy/",
    "/over/",
    "/api/v1/docs",
    "/advies/",
    "/onderwijsinstellingen/",
    "/en/",
    "/en/contact/",
    "/en/voorbeelden/?form=3",
    # The filter forms are kept by their values; with an error or a search, not at all.
    "/onderwijsinstellingen/?place=province:overijssel&level=MBO",
    "/onderwijsinstellingen/?place=region:oost",
    "/onderwijsinstellingen/?place=nergens",
    "/onderwijsinstellingen/?q=Zwolle",
    "/onderwijsinstellingen/?q=Deventer&level=HBO",
    "/voorbeelden/?form=5&level=HBO",
    "/voorbeelden/?form=99",
]


def _fresh(client, path: str) -> str:
    fragments.clear()
    response = client.get(path)
    assert response.status_code in (200, 400), path
    return response.content.decode()


@pytest.mark.parametrize("paths", [ANSWERS, FRAME_PAGES], ids=["advice", "frame"])
def test_a_kept_part_never_shows_another_visitors_answers_or_page(client, paths):
    fresh = {path: _fresh(client, path) for path in paths}
    fragments.clear()
    for path in [*paths, *reversed(paths)]:
        assert client.get(path).content.decode() == fresh[path], path


def test_the_kept_parts_differ_where_the_answers_do(client):
    # Guards the test above against comparing pages that could not differ anyway.
    heavier_a = client.get(ANSWERS[1]).content.decode()
    heavier_c = client.get(ANSWERS[2]).content.decode()
    assert "× 3" in heavier_a and heavier_a != heavier_c
    assert 'value="Deventer"' in client.get(FRAME_PAGES[-3]).content.decode()
    assert "Kies " in client.get("/onderwijsinstellingen/?place=nergens").content.decode()
    hbo = client.get(ANSWERS[4]).content.decode()
    mbo = client.get(ANSWERS[3].replace("utrecht", "utrecht&level=MBO")).content.decode()
    assert hbo != mbo


@pytest.mark.parametrize(
    "query", ["q=Zwolle", "place=nergens", "q=x&place=province:overijssel"], ids=str
)
def test_a_search_or_a_form_with_errors_is_drawn_but_not_kept(client, query):
    fragments.clear()
    client.get(f"/onderwijsinstellingen/?{query}")
    assert not [key for key in fragments._stored if key[2] == "finder_form"]
    client.get("/onderwijsinstellingen/?place=province:overijssel")
    assert [key for key in fragments._stored if key[2] == "finder_form"]
