"""The page frame (menu, footer, language switch) that every page draws, kept per
section and language (base.html's {% fragment %}s, core/context_processors.py): each
page still marks its own link, and the language switch is the page's own."""

import pytest
from django.utils import translation

from samenwerkt.core.context_processors import current_section, frame_urls
from samenwerkt.handbook.models import CollaborationForm, Example
from tests.html import parse, switch_link

pytestmark = pytest.mark.django_db

# (path, the menu or footer link that is the page's own)
OWN_LINK = [
    ("/", "Home"),
    ("/advies/", "Advieshulp"),
    ("/advies/resultaat/?effort=low&reason=A", "Advieshulp"),
    ("/redenen/", "Redenen"),
    ("/vormen/", "Vormen"),
    ("/vormen/praktijkopdrachten-stages/", "Vormen"),
    ("/voorbeelden/", "Voorbeelden"),
    ("/gouden-tips/", "Gouden tips"),
    ("/stappenplan/", "Stappenplan"),
    ("/onderwijsinstellingen/", "Onderwijsinstellingen"),
    ("/contact/", "Contact"),
    ("/privacy/", "Privacy"),
    ("/api/v1/docs", "API voor ontwikkelaars"),
    ("/en/vormen/", "Forms"),
    ("/en/contact/", "Contact"),
]


def own_links(path: str, client) -> set[str]:
    doc = parse(client.get(path))
    return {a.text_content().strip() for a in doc.cssselect('a[aria-current="page"]')}


def test_every_page_marks_its_own_link_and_no_other(client):
    # In one process, in turn: the kept frame of one page must not mark another's link.
    for path, link in [*OWN_LINK, *reversed(OWN_LINK)]:
        assert own_links(path, client) == {link}, path


def test_a_page_outside_the_menu_marks_nothing(client):
    assert own_links("/over/", client) == set()
    assert own_links("/toegankelijkheid/", client) == set()


def test_the_section_is_read_from_the_path():
    urls = frame_urls("nl")
    assert current_section("/", urls) == "home"
    assert current_section("/vormen/x/", urls) == "forms"
    assert current_section("/advies/waar/", urls) == "advisor"
    assert current_section("/beslisboom/", urls) == ""
    assert current_section("/redenen/x/", urls) == ""  # only the page itself
    assert current_section("/api/v1/forms", urls) == ""
    assert current_section("/en/vormen/", urls) == ""  # not a Dutch address


def test_the_language_switch_is_each_pages_own_in_one_process(client):
    for query in ("form=5", "form=3&level=HBO", ""):
        path = "/voorbeelden/" + (f"?{query}" if query else "")
        assert switch_link(parse(client.get(path)), "en") == "/en" + path
    form = CollaborationForm.objects.order_by("number").first()
    for lang, other in (("nl", "en"), ("en", "nl")):
        with translation.override(lang):
            path = form.get_absolute_url()
        expected = "/en" + path if other == "en" else path.removeprefix("/en")
        assert switch_link(parse(client.get(path)), other) == expected


def test_kept_addresses_follow_the_language():
    form = CollaborationForm.objects.get(slug="praktijkopdrachten-stages")
    example = Example.objects.order_by("pk").first()
    with translation.override("nl"):
        dutch = form.get_absolute_url(), example.get_absolute_url()
    with translation.override("en"):
        english = form.get_absolute_url(), example.get_absolute_url()
    assert dutch == ("/vormen/praktijkopdrachten-stages/", f"/voorbeelden/{example.slug}/")
    assert english == tuple("/en" + path for path in dutch)
