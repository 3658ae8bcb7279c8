"""The whole-page cache serves what is the same for everyone, never a page older than
the last content edit, and nothing a visitor can poison or flood."""

import time

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client
from django.utils.html import escape

from samenwerkt.core import content_version, db_unavailable
from samenwerkt.core.models import PublicContent
from samenwerkt.core.signals import public_content_models
from samenwerkt.handbook.models import CollaborationForm
from tests.personas import STAFF

pytestmark = pytest.mark.django_db

RESULT = "/advies/resultaat/?effort=medium&reason=B"


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def entries(cache) -> int:
    return len(cache._cache)  # LocMemCache: the number of stored responses


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


def test_every_model_a_public_page_shows_bumps_the_version():
    # Public content is whatever inherits PublicContent, whichever app it lives in:
    # here every handbook model, and nothing private (users, sessions).
    from django.apps import apps

    handbook = set(apps.get_app_config("handbook").get_models())
    tracked = set(public_content_models())
    assert handbook <= tracked
    assert all(issubclass(model, PublicContent) for model in tracked)
    assert not {m._meta.app_label for m in tracked} & {"accounts", "auth", "sessions", "axes"}


def test_api_answers_are_cached_per_language(cached, client):
    client.get("/api/v1/forms")
    dutch = client.get("/api/v1/forms")
    english = client.get("/api/v1/forms?lang=en")
    assert dutch["X-Page-Cache"] == "hit"
    assert english["X-Page-Cache"] == "miss"
    assert dutch.json()[0]["name"] != english.json()[0]["name"]


def test_errors_are_not_cached(cached, client):
    client.get("/voorbeelden/?form=99")
    assert "X-Page-Cache" not in client.get("/voorbeelden/?form=99")


def test_a_cached_page_keeps_its_security_headers(cached, client):
    client.get("/gouden-tips/")
    hit = client.get("/gouden-tips/")
    assert hit["X-Page-Cache"] == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert "camera=()" in hit["Permissions-Policy"]
    assert hit["Content-Type"].startswith("text/html")


# --- poisoning and flooding ------------------------------------------------------------


def test_a_poisoned_host_never_reaches_another_visitor(cached, settings):
    settings.SITE_URL = "https://samenwerkt.example"
    attacker = Client(HTTP_HOST="127.0.0.1:6666")
    poisoned = attacker.get(RESULT)
    assert poisoned.status_code == 200
    assert poisoned["X-Page-Cache"] == "miss"  # stored: the key ignores the Host
    visitor = Client().get(RESULT)
    assert visitor["X-Page-Cache"] == "hit"
    page = visitor.content.decode()
    assert "6666" not in page
    assert escape(f"https://samenwerkt.example{RESULT}") in page  # the share link
    assert '<link rel="canonical" href="https://samenwerkt.example/advies/resultaat/">' in page


def test_a_host_the_site_does_not_serve_gets_the_400_even_for_a_stored_page(cached, client):
    # Host validation must not depend on whether the page happens to be stored.
    assert client.get(RESULT)["X-Page-Cache"] == "miss"
    assert client.get(RESULT)["X-Page-Cache"] == "hit"
    stranger = Client(HTTP_HOST="evil.example")
    answer = stranger.get(RESULT)
    assert answer.status_code == 400
    assert "X-Page-Cache" not in answer
    assert stranger.get("/api/v1/forms").status_code == 400


def test_junk_parameters_share_one_entry_and_never_reach_the_page(cached, client):
    first = client.get("/gouden-tips/?x=1")
    assert first["X-Page-Cache"] == "miss"
    before = entries(cached)
    for n in range(2, 40):
        response = client.get(f"/gouden-tips/?x={n}&utm_source=<b>{n}</b>")
        assert response["X-Page-Cache"] == "hit"
    assert entries(cached) == before
    # The junk does not survive into links on the page (the language switch).
    assert b"x=%3C" not in client.get("/gouden-tips/?x=%3Cscript%3E").content
    assert b"?x=" not in first.content
    assert b"utm_source" not in client.get("/gouden-tips/?utm_source=mail").content


def test_declared_parameters_make_their_own_entries(cached, client):
    a = client.get("/voorbeelden/?form=1")
    b = client.get("/voorbeelden/?form=2&junk=1")
    assert (a["X-Page-Cache"], b["X-Page-Cache"]) == ("miss", "miss")
    assert client.get("/voorbeelden/?junk=2&form=2")["X-Page-Cache"] == "hit"
    assert client.get(RESULT + "&utm=x")["X-Page-Cache"] == "miss"
    assert client.get(RESULT + "&utm=y")["X-Page-Cache"] == "hit"


def test_free_text_searches_are_answered_but_not_stored(cached, client):
    before = entries(cached)
    for word in ("utrecht", "zwolle", "hbo"):
        response = client.get(f"/onderwijsinstellingen/?q={word}")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert entries(cached) == before


def test_a_fake_session_cookie_is_served_from_the_cache(cached, client):
    assert client.get("/vormen/")["X-Page-Cache"] == "miss"
    faker = Client()
    faker.cookies["sessionid"] = "not-a-session-anyone-has"
    response = faker.get("/vormen/")
    assert response["X-Page-Cache"] == "hit"
    assert "Cookie" not in response.get("Vary", "")


def test_a_signed_in_visitor_skips_the_cache_and_gets_a_private_page(cached, personas):
    Client().get("/vormen/")  # stored for everyone else
    response = personas[STAFF].client.get("/vormen/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_public_pages_do_not_vary_on_the_cookie_for_anonymous_visitors(cached, client):
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Cookie" not in response.get("Vary", "")
    assert "Cache-Control" not in response


def test_pages_not_marked_public_are_never_cached(cached, client):
    for path in ("/beheer/login/", "/healthz", "/livez"):
        client.get(path)
        assert "X-Page-Cache" not in client.get(path), path


# --- while the database is away ---------------------------------------------------------


def test_a_stored_public_page_is_served_while_the_database_is_away(cached, client, monkeypatch):
    assert client.get("/gouden-tips/")["X-Page-Cache"] == "miss"

    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(content_version, "current", down)
    stale = client.get("/gouden-tips/")
    assert stale.status_code == 200
    assert stale["X-Page-Cache"] == "stale"
    never_stored = client.get("/stappenplan/")
    assert never_stored.status_code == 503
    assert "Even niet beschikbaar" in never_stored.content.decode()
    assert never_stored["Retry-After"]


def test_with_the_database_known_unreachable_nothing_waits_for_it(
    cached, client, monkeypatch, django_assert_num_queries
):
    client.get("/gouden-tips/")
    monkeypatch.setattr(db_unavailable, "_unreachable_until", time.monotonic() + 60)
    monkeypatch.setattr(db_unavailable, "_prober", None)
    with django_assert_num_queries(0):
        assert client.get("/gouden-tips/")["X-Page-Cache"] == "stale"
        assert client.get("/stappenplan/").status_code == 503
        assert client.get("/beheer/login/").status_code == 503
        api = client.get("/api/v1/tips?lang=en")
        assert api.status_code == 503 and api.json()["detail"]
        assert client.get("/livez").status_code == 200


def test_a_refused_connection_pauses_then_one_request_probes(
    monkeypatch, settings, django_assert_num_queries
):
    settings.DB_RETRY_SECONDS = 2
    monkeypatch.setattr(db_unavailable, "_unreachable_until", 0.0)
    monkeypatch.setattr(db_unavailable, "_prober", None)
    monkeypatch.setattr(db_unavailable, "connection_lost", lambda: True)
    db_unavailable.note_failure(OperationalError("timeout expired"))
    with django_assert_num_queries(0):  # the pause: nobody tries
        assert not db_unavailable.database_available()
    # The pause is over while another thread probes: this one still answers at once.
    monkeypatch.setattr(db_unavailable, "_unreachable_until", time.monotonic() - 0.01)
    monkeypatch.setattr(db_unavailable, "_prober", -1)
    with django_assert_num_queries(0):
        assert not db_unavailable.database_available()
    # Nobody probing: this request probes (one SELECT 1), and it works: the outage ends.
    monkeypatch.setattr(db_unavailable, "_prober", None)
    with django_assert_num_queries(1):
        assert db_unavailable.database_available()
    assert db_unavailable._unreachable_until == 0.0
    with django_assert_num_queries(0):
        assert db_unavailable.database_available()


def test_a_failed_probe_pauses_again(monkeypatch, settings):
    settings.DB_RETRY_SECONDS = 2
    monkeypatch.setattr(db_unavailable, "_unreachable_until", time.monotonic() - 0.01)
    monkeypatch.setattr(db_unavailable, "_prober", None)

    class Down:
        def __enter__(self):
            raise OperationalError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(db_unavailable.connection, "cursor", lambda: Down())
    assert not db_unavailable.database_available()
    assert db_unavailable._unreachable_until > time.monotonic() + 1
    assert db_unavailable._prober is None


def test_a_lock_timeout_on_a_live_connection_does_not_pause_the_process(monkeypatch):
    monkeypatch.setattr(db_unavailable, "_unreachable_until", 0.0)
    monkeypatch.setattr(db_unavailable, "connection_lost", lambda: False)
    db_unavailable.note_failure(OperationalError("canceling statement due to lock timeout"))
    assert db_unavailable._unreachable_until == 0.0


def test_a_database_failure_for_a_visitor_with_a_session_is_the_503_not_a_500(
    personas, monkeypatch
):
    # The session cannot be read: the page says so with the 503, and nothing after the
    # view tries the database again (once that turned the 503 into a 500).
    from django.contrib.sessions.backends.db import SessionStore

    def down(self):
        raise OperationalError("the database system is shutting down")

    client = personas[STAFF].client  # signed in while the database is there
    client.raise_request_exception = False
    monkeypatch.setattr(SessionStore, "load", down)
    response = client.get("/beheer/")
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]


def _page_that_greets_the_user(request):
    from django.template import engines

    template = engines["django"].from_string(
        "{% if user.is_authenticated %}Hallo {{ user.first_name }}{% else %}Inloggen{% endif %}"
    )
    return HttpResponse(template.render({"user": request.user}, request))


def test_a_public_page_that_shows_who_is_signed_in_stays_cacheable(cached, settings, personas):
    # A later header will greet the signed-in user. For everyone else the public page is
    # the anonymous one, stored once and never varying on the cookie; the signed-in
    # visitor gets their own, private page.
    from django.urls import path

    from samenwerkt.core.public import public_page

    settings.ROOT_URLCONF = type(
        "urls", (), {"urlpatterns": [path("groet/", public_page(_page_that_greets_the_user))]}
    )
    anonymous = Client().get("/groet/")
    assert anonymous.content == b"Inloggen"
    assert "Cookie" not in anonymous.get("Vary", "")
    assert anonymous["X-Page-Cache"] == "miss"
    faker = Client()
    faker.cookies["sessionid"] = "made-up"
    assert faker.get("/groet/")["X-Page-Cache"] == "hit"
    staff = personas[STAFF].client.get("/groet/")
    assert staff.content == b"Hallo Bea"
    assert "private" in staff["Cache-Control"]
    assert Client().get("/groet/").content == b"Inloggen"
