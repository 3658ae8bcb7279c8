"""Signing up, confirming the address by the link in the email, signing in and out,
and resetting a forgotten password: django-allauth in the site's frame, in the
visitor's language, with every link in an email built from SITE_URL."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from samenwerkt.accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

PREFIX = {"nl": "", "en": "/en"}


def link_in(message, site_url: str) -> str:
    (url,) = re.findall(re.escape(site_url) + r"/\S+", message.body)
    assert url in message.alternatives[0][0]  # the HTML body carries the same link
    return url.removeprefix(site_url)


def sign_up(client, lang: str, email: str = "eigenaar@bedrijf.nl"):
    return client.post(
        f"{PREFIX[lang]}/account/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sign_up_confirm_and_land_on_the_account_page(client, settings, lang):
    settings.SITE_URL = "https://samenwerkt.example.nl"
    response = sign_up(client, lang, "eigenaar@bedrijf.nl")
    assert response.status_code == 302
    user = User.objects.get(email="eigenaar@bedrijf.nl")
    assert not EmailAddress.objects.get(user=user).verified
    # Not signed in before the address is confirmed.
    assert client.get(f"{PREFIX[lang]}/account/").status_code == 302

    (message,) = mail.outbox
    assert message.to == ["eigenaar@bedrijf.nl"]
    assert message.subject.startswith("Samen werkt! – ")
    greeting = {"nl": "Hallo,", "en": "Hello,"}[lang]
    assert message.body.startswith(greeting)
    confirm = link_in(message, settings.SITE_URL)
    assert confirm.startswith(f"{PREFIX[lang]}/account/confirm-email/")

    # The link opens a page with a button (mail scanners follow links, never POST).
    page = client.get(confirm)
    assert page.status_code == 200
    assert not EmailAddress.objects.get(user=user).verified
    landed = client.post(confirm, follow=True)
    assert EmailAddress.objects.get(user=user).verified
    assert landed.redirect_chain[-1][0] == f"{PREFIX[lang]}/account/"
    assert "eigenaar@bedrijf.nl" in landed.content.decode().replace("<wbr>", "")


def test_email_links_never_come_from_the_host_header(client, settings):
    settings.SITE_URL = "https://samenwerkt.example.nl"
    settings.ALLOWED_HOSTS = ["samenwerkt.example.nl", "evil.example", "testserver"]
    client.post(
        "/account/signup/",
        {"email": "iemand@bedrijf.nl", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST="evil.example",
    )
    (message,) = mail.outbox
    assert "evil.example" not in message.body
    assert "https://samenwerkt.example.nl/account/confirm-email/" in message.body


def test_a_short_or_common_password_is_refused_next_to_the_field(client):
    response = client.post(
        "/account/signup/",
        {"email": "kort@bedrijf.nl", "password1": "kort-ww-1", "password2": "kort-ww-1"},
    )
    assert response.status_code == 200
    doc = parse(response)
    (error,) = doc.cssselect("#id_password1_error")
    assert error.text_content().strip() == "Gebruik minstens 12 tekens."
    assert not User.objects.filter(email="kort@bedrijf.nl").exists()
    assert not mail.outbox


def test_sign_in_with_email_and_password_and_sign_out(client):
    UserFactory(email="lid@bedrijf.nl")
    response = client.post("/account/login/", {"login": "lid@bedrijf.nl", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    client.post("/account/logout/")
    assert client.get("/account/").status_code == 302


def test_a_wrong_password_says_so_in_dutch_and_signs_nobody_in(client):
    UserFactory(email="lid@bedrijf.nl")
    response = client.post("/account/login/", {"login": "lid@bedrijf.nl", "password": "fout"})
    assert response.status_code == 200
    assert "niet correct" in parse(response).cssselect(".error-summary")[0].text_content()
    assert client.get("/account/").status_code == 302


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_forgotten_password_is_reset_by_the_link_in_the_email(client, settings, lang):
    settings.SITE_URL = "https://samenwerkt.example.nl"
    user = UserFactory(email="vergeten@bedrijf.nl", language=lang)
    client.post("/account/password/reset/", {"email": "vergeten@bedrijf.nl"})
    (message,) = mail.outbox
    # In the person's own language, whatever the page's.
    assert message.body.startswith({"nl": "Hallo,", "en": "Hello,"}[lang])
    reset = link_in(message, settings.SITE_URL)
    form_page = client.get(reset, follow=True)
    new = "een-nieuw-lang-wachtwoord-7"
    client.post(form_page.redirect_chain[-1][0], {"password1": new, "password2": new})
    user.refresh_from_db()
    assert user.check_password(new)


def test_an_unknown_address_gets_no_reset_and_the_page_does_not_tell(client):
    response = client.post("/account/password/reset/", {"email": "niemand@bedrijf.nl"})
    assert response.status_code == 302  # the same answer as for a known address


def test_a_confirmation_link_with_a_wrong_key_says_so_and_confirms_nothing(client):
    page = client.get("/account/confirm-email/geen-geldige-sleutel/")
    assert page.status_code == 200
    text = parse(page).cssselect("main")[0].text_content()
    assert "verlopen of niet geldig" in text
    assert client.post("/account/confirm-email/geen-geldige-sleutel/").status_code in (200, 404)
    assert not EmailAddress.objects.filter(verified=True).exists()


def test_a_reset_link_works_once(client, settings):
    user = UserFactory(email="eenmalig@bedrijf.nl")
    client.post("/account/password/reset/", {"email": user.email})
    reset = link_in(mail.outbox[0], settings.SITE_URL)
    form_url = client.get(reset, follow=True).redirect_chain[-1][0]
    first = "eerste-nieuwe-wachtwoord-1"
    client.post(form_url, {"password1": first, "password2": first})
    again = client.get(reset, follow=True)
    assert "Ongeldige sleutel" in parse(again).cssselect("main")[0].text_content()
    client.post(
        form_url, {"password1": "tweede-wachtwoord-22", "password2": "tweede-wachtwoord-22"}
    )
    user.refresh_from_db()
    assert user.check_password(first)


def test_pages_name_a_person_by_their_address_never_the_made_up_username(client, settings):
    sign_up(client, "nl", "naam@bedrijf.nl")
    user = User.objects.get(email="naam@bedrijf.nl")
    page = client.get(link_in(mail.outbox[0], settings.SITE_URL))
    text = parse(page).cssselect("main")[0].text_content()
    assert "naam@bedrijf.nl" in text
    assert user.username not in text.replace("naam@bedrijf.nl", "")
