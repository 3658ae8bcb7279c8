"""The whole-page cache serves what is the same for everyone, and never a page older
than the last content edit."""

import pytest
from django.core.cache import caches
from django.test import Client

from samenwerkt.core import content_version
from samenwerkt.handbook.models import CollaborationForm

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_second_request_is_served_from_the_cache(cached, client):
    first = client.get("/vormen/")
    second = client.get("/vormen/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_languages_are_cached_apart(cached, client):
    client.get("/vormen/")
    english = client.get("/en/vormen/")
    assert english["X-Page-Cache"] == "miss"
    assert b'lang="en"' in english.content


def test_an_edit_is_seen_at_once(cached, client, django_capture_on_commit_callbacks):
    assert b"Docenten professionaliseren" in client.get("/vormen/").content
    form = CollaborationForm.objects.get(number=3)
    form.name_nl = "Docenten bijscholen"
    with django_capture_on_commit_callbacks(execute=True):
        form.save()
    response = client.get("/vormen/")
    assert response["X-Page-Cache"] == "miss"
    assert b"Docenten bijscholen" in response.content


def test_every_handbook_write_bumps_the_version(django_capture_on_commit_callbacks):
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        CollaborationForm.objects.get(number=1).tips.clear()
    assert content_version.current() == before + 1


def test_api_answers_are_cached_per_language(cached, client):
    client.get("/api/v1/forms")
    dutch = client.get("/api/v1/forms")
    english = client.get("/api/v1/forms?lang=en")
    assert dutch["X-Page-Cache"] == "hit"
    assert english["X-Page-Cache"] == "miss"
    assert dutch.json()[0]["name"] != english.json()[0]["name"]


def test_errors_and_signed_in_visitors_are_not_cached(cached, client):
    client.get("/voorbeelden/?form=99")
    assert "X-Page-Cache" not in client.get("/voorbeelden/?form=99")
    staff = Client()
    staff.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in staff.get("/vormen/")


def test_a_cached_page_keeps_its_security_headers(cached, client):
    client.get("/gouden-tips/")
    hit = client.get("/gouden-tips/")
    assert hit["X-Page-Cache"] == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Content-Type"].startswith("text/html")


def test_with_the_database_away_the_cache_steps_aside_for_the_503(cached, client, monkeypatch):
    from django.db import OperationalError

    from samenwerkt.core import content_version as cv

    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(cv, "current", down)
    monkeypatch.setattr("samenwerkt.handbook.selectors.tips", lambda: down())
    response = client.get("/gouden-tips/")
    assert response.status_code == 503
