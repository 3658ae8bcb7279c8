"""Failed sign-ins are throttled per account and per client address (django-axes), the
address read from the proxy's header only when the request came through our proxy.
Everyone signs in on the one sign-in page (/account/login/); the admin's sends there."""

import logging

import pytest
from django.test import Client, RequestFactory

from samenwerkt.core.client_ip import client_ip
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/account/login/"
ACCOUNT = "beheerder@samenwerkt.example"


@pytest.fixture
def staff():
    # Any account: an ordinary one, so the second factor staff must set up is not in
    # the way of what these tests count.
    return UserFactory(email=ACCOUNT)


def sign_in(client: Client, username: str, password: str, *, path: str = LOGIN, **extra):
    if username == "beheerder":
        username = ACCOUNT
    return client.post(path, {"login": username, "password": password, "next": "/over/"}, **extra)


def test_the_right_password_signs_in(staff):
    response = sign_in(Client(), "beheerder", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/over/"


def test_the_admin_sends_everyone_to_the_one_sign_in_page(db):
    response = Client().get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=%2Fbeheer%2F"


def test_the_count_is_per_account_whatever_the_case_of_the_address(staff):
    client = Client(REMOTE_ADDR="198.51.100.20")
    for attempt in range(10):
        sign_in(client, ACCOUNT.upper() if attempt % 2 else ACCOUNT, f"fout-{attempt}")
    # From another address the account itself is now locked.
    assert sign_in(Client(REMOTE_ADDR="203.0.113.50"), ACCOUNT, PASSWORD).status_code == 429


def test_after_ten_wrong_passwords_the_right_one_is_refused_for_a_while(staff, settings, caplog):
    caplog.set_level(logging.INFO, logger="axes")
    client = Client()
    for attempt in range(1, 10):
        response = sign_in(client, "beheerder", f"fout-{attempt}")
        assert response.status_code == 200, attempt  # the form again, with its error
    locked = sign_in(client, "beheerder", "fout-10")
    assert locked.status_code == 429
    refused = sign_in(client, "beheerder", PASSWORD)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Te vaak geprobeerd in te loggen" in page
    assert "15 minuten" in page
    english = sign_in(Client(), "beheerder", PASSWORD, path="/en" + LOGIN)
    assert english.status_code == 429
    assert "Too many attempts to sign in" in english.content.decode()
    assert "15 minutes" in english.content.decode()
    # Every failure and the lock-out are logged.
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    assert sum("login failed" in m.lower() for m in messages) >= 10
    assert any("locking out" in m.lower() for m in messages)


def test_a_lock_out_ends_after_the_cool_off(staff, settings):
    from axes.models import AccessAttempt

    client = Client()
    for attempt in range(10):
        sign_in(client, "beheerder", f"fout-{attempt}")
    assert sign_in(client, "beheerder", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")  # long ago
    assert sign_in(client, "beheerder", PASSWORD).status_code == 302


def test_one_address_guessing_many_accounts_is_locked_out(staff):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(10):
        sign_in(client, f"iemand-{n}@voorbeeld.nl", "geraden")
    refused = sign_in(client, "beheerder", PASSWORD)
    assert refused.status_code == 429
    # Another address may still sign in to that account (it was never guessed at).
    assert sign_in(Client(REMOTE_ADDR="203.0.113.9"), "beheerder", PASSWORD).status_code == 302


def test_a_made_up_forwarded_for_header_does_not_escape_the_lock_out(staff):
    # Not through a trusted proxy: X-Forwarded-For is ignored, so a new value with
    # every guess is still the same address.
    client = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(10):
        sign_in(client, f"iemand-{n}@voorbeeld.nl", "geraden", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert (
        sign_in(client, "beheerder", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    )


# --- the client's address ----------------------------------------------------------------


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_the_forwarded_address_counts_only_through_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request_from("127.0.0.1", "203.0.113.5")) == "203.0.113.5"
    assert client_ip(request_from("198.51.100.7", "203.0.113.5")) == "198.51.100.7"


def test_the_last_forwarded_address_is_the_one_the_proxy_wrote(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    # A client may send its own header; a proxy that appends puts the real one last.
    assert client_ip(request_from("127.0.0.1", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "<script>", "999.1.1.1"])
def test_a_missing_or_broken_forwarded_header_falls_back_to_the_proxy(settings, forwarded):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request_from("127.0.0.1", forwarded)) == "127.0.0.1"


def test_through_a_trusted_proxy_each_client_is_counted_apart(staff, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for n in range(10):
        sign_in(proxy, f"iemand-{n}@voorbeeld.nl", "geraden", HTTP_X_FORWARDED_FOR="198.51.100.7")
    locked = sign_in(proxy, "beheerder", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code == 429
    # Another visitor behind the same proxy is not locked out with them.
    other = sign_in(proxy, "beheerder", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 302
