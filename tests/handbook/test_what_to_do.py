"""Each form's page ends its story with what to do now (#what-to-do): the direct routes
of the home page ("I want interns" → /vormen/<slug>/#what-to-do) land there."""

from __future__ import annotations

import pytest

from samenwerkt.handbook.models import CollaborationForm, Edition, Step
from samenwerkt.handbook.requirements import for_every_form, for_form
from tests.html import html_lang, links, one, parse, select, text, texts

from .test_views import FORM_SLUGS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", FORM_SLUGS)
@pytest.mark.parametrize(("prefix", "lang"), [("", "nl"), ("/en", "en")])
def test_every_form_page_has_what_to_do(client, slug, prefix, lang):
    response = client.get(f"{prefix}/vormen/{slug}/")
    assert response.status_code == 200
    doc = parse(response)
    assert html_lang(doc) == lang
    todo = one(doc, "section#what-to-do")
    form = CollaborationForm.objects.get(slug=slug)
    # The step plan's step 2, its actions as the steps to take.
    actions = Step.objects.get(number=2).actions.order_by("number")
    assert texts(todo, "ol.todo > li > h3") == [getattr(a, f"title_{lang}") for a in actions]
    assert "opleidingsmanager" in text(todo)
    # No place on a form's page: the finder finds the school.
    assert f"{prefix}/onderwijsinstellingen/" in links(todo)
    # Every point for this form, for MBO and HBO, once.
    assert len(select(todo, "li.requirement")) == len(for_form(form.number))
    assert len(for_form(form.number, shared=False)) + len(for_every_form()) == len(
        for_form(form.number)
    )
    # Every point names its source with a link.
    for item in select(todo, "li.requirement"):
        assert [href for href in links(item) if href.startswith("https://")]
    assert f"mailto:{Edition.objects.get().publisher_email}" in links(todo)


def test_the_internships_page_asks_for_sbb_recognition_and_says_what_to_check(client):
    todo = one(parse(client.get("/en/vormen/praktijkopdrachten-stages/")), "section#what-to-do")
    body = text(todo)
    assert "recognised by SBB as a training company (erkend leerbedrijf)" in body
    assert "internship agreement (stageovereenkomst)" in body
    checks = texts(todo, "li.requirement--check")
    assert any("Check with the school whether recognition" in c for c in checks)
