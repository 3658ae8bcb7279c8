"""What makes the site trustworthy: the handbook named with its publisher and edition on
every page, its amounts labelled as the handbook's, a privacy statement and a contact
route, and a home page that starts from what a company wants."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from samenwerkt.core import content_memo
from samenwerkt.handbook.models import CollaborationForm, Edition, Reason
from tests.html import links, one, parse, section, text

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def footer(response) -> str:
    return text(one(parse(response), "footer"))


# --- the edition, everywhere ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/advies/", "/api/v1/docs", "/vormen/hybride-docent/"])
def test_every_footer_names_the_handbook_its_publisher_and_its_date(client, path):
    nl, en = footer(client.get(path)), footer(client.get("/en" + path))
    for page in (nl, en):
        assert "Samen werkt!" in page
        assert "Human Capital Agenda ICT (HCA-ICT)" in page
        assert "2018" in page  # the handbook gives no year; the latest it mentions
    assert "uitgave zonder jaartal" in nl
    assert "edition without a year" in en


def test_the_footer_of_a_missing_page_names_the_edition_too(client):
    assert "2018" in footer(client.get("/bestaat-niet/"))


def test_a_dated_edition_shows_its_year_and_never_groups_it(client):
    Edition.objects.update(year=2019)
    content_memo.clear()
    page = footer(client.get("/"))
    assert "uitgave 2019" in page
    assert "2.019" not in page
    assert "2019" in text(section(parse(client.get("/over/")), "edition-title"))


def test_the_about_page_says_what_the_edition_is(client):
    about = text(section(parse(client.get("/over/")), "edition-title"))
    assert "Human Capital Agenda ICT" in about
    assert "2018" in about
    assert "vraag het na bij de school" in about


def test_the_footer_reads_nothing_on_a_warm_process(client, django_assert_max_num_queries):
    client.get("/api/v1/docs")  # a page that reads no other handbook content
    with django_assert_max_num_queries(0):
        assert "2018" in footer(client.get("/api/v1/docs"))


def test_the_footer_follows_an_edit_of_the_publisher(client, django_capture_on_commit_callbacks):
    client.get("/")
    edition = Edition.objects.get()
    edition.publisher_name = "Programmabureau X"
    with django_capture_on_commit_callbacks(execute=True):
        edition.save()
    assert "Programmabureau X" in footer(client.get("/"))  # a page that reads the version
    assert "Programmabureau X" in footer(client.get("/api/v1/docs"))  # and after it, all


# --- the handbook's amounts ------------------------------------------------------------


def test_an_amount_says_it_is_the_handbooks_and_when(client):
    nl = parse(client.get("/voorbeelden/hbo-ict-banenmarkt-utrecht/"))
    en = parse(client.get("/en/voorbeelden/hbo-ict-banenmarkt-utrecht/"))
    # text_content, not text(): str.split() would take the non-breaking space apart.
    nl_amount = next(
        d.text_content() for d in nl.cssselect(".summary-list dd") if "€" in d.text_content()
    )
    en_amount = next(
        d.text_content() for d in en.cssselect(".summary-list dd") if "€" in d.text_content()
    )
    assert f"€{NBSP}4.500" in nl_amount and "handboek" in nl_amount and "2018" in nl_amount
    assert "€4,500" in en_amount and "handbook" in en_amount and "2018" in en_amount
    assert "vraag het na bij de school" in text(one(nl, "p.notice"))


def test_an_example_without_amounts_has_no_price_notice(client):
    doc = parse(client.get("/voorbeelden/vakkanjers-gastlessen-jet-net-technet/"))
    assert not doc.cssselect("p.notice")


# --- privacy and contact ---------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_footer_links_to_privacy_and_contact(client, prefix):
    found = links(one(parse(client.get(prefix + "/")), "footer"))
    assert f"{prefix}/privacy/" in found
    assert f"{prefix}/contact/" in found


def test_the_privacy_statement_says_what_the_settings_do(client, settings):
    settings.AXES_FAILURE_LIMIT = 7
    settings.AXES_COOLOFF_TIME = 0.5  # hours
    page = text(one(parse(client.get("/en/privacy/")), "main"))
    assert "After 7 failed attempts" in page
    assert "locked for 30 minutes" in page
    for stored in ("IP address", "csrftoken", "sessionid", "page address", "14 days"):
        assert stored in page


def test_the_contact_page_gives_the_handbooks_address_and_how_to_report_an_error(client):
    doc = parse(client.get("/contact/"))
    assert "mailto:info@hcaict.nl" in links(doc)
    assert "https://dutchdigitaldelta.nl/" in links(doc)
    assert one(doc, "#report-an-error") is not None


# --- the home page: goals first -----------------------------------------------------------


def test_home_speaks_of_interns_in_both_languages(client):
    nl = text(one(parse(client.get("/")), "main"))
    en = text(one(parse(client.get("/en/")), "main"))
    assert re.search(r"\bstage\b", nl)
    assert "intern" in en
    assert "drie korte vragen" in nl.lower()  # as the advisor counts them
    assert "three short questions" in en.lower()


def test_home_goals_refer_to_the_handbooks_four_reasons(client):
    goals = section(parse(client.get("/")), "goals-title")
    hrefs = links(goals)
    for reason in Reason.objects.all():
        assert f"/redenen/#reden-{reason.code}" in hrefs
        assert f"/advies/inzet/?reason={reason.code}" in hrefs
        assert reason.short_name_nl in text(goals)


@pytest.mark.parametrize(("prefix", "number"), [("", 5), ("", 2), ("", 6), ("", 8), ("/en", 5)])
def test_home_routes_lead_straight_to_what_to_do(client, prefix, number):
    form = CollaborationForm.objects.get(number=number)
    hrefs = links(section(parse(client.get(prefix + "/")), "routes-title"))
    assert f"{prefix}/vormen/{form.slug}/#what-to-do" in hrefs


def test_home_survey_figures_in_each_languages_notation(client):
    nl = text(section(parse(client.get("/")), "facts-title"))
    en = text(section(parse(client.get("/en/")), "facts-title"))
    assert "7,4" in nl and "7.4" not in nl
    assert "7.4" in en and "7,4" not in en
    assert "1 op de 3" in nl
    assert "1 in 3" in en


def test_privacy_settings_exist():
    # The statement reads these; a rename in settings must not go unnoticed.
    assert settings.AXES_FAILURE_LIMIT and settings.AXES_COOLOFF_TIME


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_calendar_year_is_never_grouped(client, prefix):
    # Acer's programme started in 2018: not "2.018" (nl) or "2,018" (en).
    doc = parse(client.get(prefix + "/voorbeelden/acer-in-house-opleiding/"))
    values = [text(dd) for dd in doc.cssselect(".summary-list dd")]
    assert "2018" in values
