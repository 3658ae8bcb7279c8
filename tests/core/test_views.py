import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_unknown_page_is_a_friendly_404_in_the_pages_language(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert b'lang="en"' in response.content
    assert b"Page not found" in response.content


def test_a_crash_shows_the_bilingual_500_page_not_a_traceback(settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("kaboom")

    import samenwerkt.urls as root

    settings.ROOT_URLCONF = type(
        "urls",
        (),
        {
            "urlpatterns": [path("boom/", boom), *root.urlpatterns],
            "handler500": root.handler500,
        },
    )
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
    assert "kaboom" not in response.content.decode()
