"""Small doors shut: language links, methods, error pages, headers, redirects, email."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.html import parse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def switch_link(response, lang: str) -> str:
    (link,) = parse(response).cssselect(f'nav.lang-switch a[hreflang="{lang}"]')
    return link.get("href")


@pytest.mark.parametrize("path", ["//evil.example/x", "/bestaat-niet/", "/%2F%2Fevil.example/"])
def test_the_language_switch_of_a_page_that_does_not_exist_goes_home(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert switch_link(response, "en") == "/en/"
    english = client.get("/en" + path if not path.startswith("//") else "/en/x" + path)
    assert switch_link(english, "nl") == "/"


def test_the_language_switch_keeps_a_real_page_and_its_query(client):
    response = client.get("/voorbeelden/?form=5&level=HBO")
    assert switch_link(response, "en") == "/en/voorbeelden/?form=5&level=HBO"
    # A page of ours that has no such object still translates: same address, other language.
    assert switch_link(client.get("/vormen/geen-vorm/"), "en") == "/en/vormen/geen-vorm/"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
@pytest.mark.parametrize("path", ["/", "/en/vormen/", "/advies/resultaat/?effort=low&reason=A"])
def test_pages_answer_only_get_and_head(method, path):
    client = Client(enforce_csrf_checks=True)  # as a browser: no token for a page's POST
    response = client.generic(method.upper(), path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    page = response.content.decode()
    if path.startswith("/en/"):
        assert "This page cannot take that request" in page
    else:
        assert "Deze pagina kan dit verzoek niet aannemen" in page
    assert client.head(path).status_code == 200


def test_the_api_keeps_its_own_methods(client):
    response = client.post("/api/v1/forms")
    assert response.status_code == 405
    assert "GET" in response["Allow"]


def test_a_forbidden_page_is_branded_and_in_the_pages_language(personas):
    from tests.personas import STAFF

    staff = personas[STAFF].client
    dutch = staff.get("/beheer/autocomplete/")  # the admin refuses it without parameters
    english = staff.get("/en/beheer/autocomplete/")
    assert (dutch.status_code, english.status_code) == (403, 403)
    assert "Je hebt geen toegang tot deze pagina" in dutch.content.decode()
    assert "You have no access to this page" in english.content.decode()
    assert parse(english).cssselect("header.site-header")


def test_a_form_without_its_csrf_token_gets_the_branded_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/beheer/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "We could not accept this form" in page
    assert "CSRF" not in page  # no jargon, no reason for an attacker
    dutch = client.post("/beheer/login/", {"username": "x", "password": "y"})
    assert "We konden dit formulier niet aannemen" in dutch.content.decode()


@pytest.mark.parametrize("path", ["/", "/api/v1/forms", "/bestaat-niet/", "/livez"])
def test_every_response_switches_off_unused_browser_features(client, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_behind_tls_the_health_checks_and_api_are_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/livez", "/healthz", "/api/v1/forms"):
        assert client.get(path).status_code == 200, path
    redirected = client.get("/vormen/")
    assert redirected.status_code == 301
    assert redirected["Location"].startswith("https://")


# --- settings read from the environment (a fresh process each) -----------------------


def _settings_process(env_extra: dict[str, str], code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "SITE_URL"))}
    env.update(env_extra, DJANGO_SETTINGS_MODULE="samenwerkt.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_email_setting_the_readme_names_is_read_from_the_environment():
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": "2525",
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": "false",
        "EMAIL_USE_SSL": "true",
        "EMAIL_TIMEOUT": "7",
        "DEFAULT_FROM_EMAIL": "Samen werkt! <hallo@samenwerkt.example>",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD,"
        " s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.EMAIL_TIMEOUT, s.DEFAULT_FROM_EMAIL)"
    )
    result = _settings_process(env, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "smtp.example.org",
        "2525",
        "mailer",
        "s3cret",
        "False",
        "True",
        "7",
        "Samen",
        "werkt!",
        "<hallo@samenwerkt.example>",
    ]


def test_smtp_without_a_host_fails_the_system_check():
    env = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
    check = "import django; django.setup(); from django.core.management import call_command;"
    result = _settings_process(env, check + "call_command('check')")
    assert result.returncode != 0
    assert "samenwerkt.E002" in result.stderr
    assert "EMAIL_HOST" in result.stderr
    with_host = _settings_process(
        {**env, "EMAIL_HOST": "smtp.example.org"}, check + "call_command('check')"
    )
    assert with_host.returncode == 0, with_host.stderr


@pytest.mark.parametrize(
    "value", ["samenwerkt.example", "ftp://samenwerkt.example", "https://a.example/pad"]
)
def test_a_site_url_that_is_not_an_http_origin_refuses_to_start(value):
    result = _settings_process({"SITE_URL": value}, "import django; django.setup()")
    assert result.returncode != 0
    assert "SITE_URL must be" in result.stderr
