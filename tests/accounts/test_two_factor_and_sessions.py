"""Two-factor authentication, the list of one's sessions, and how long a session lasts
(accounts/mfa.py, accounts/sessions.py, accounts/signals.py)."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.test import Client

from samenwerkt.accounts import sessions
from tests.accounts.factories import PASSWORD, StaffFactory, UserFactory, totp_code

pytestmark = pytest.mark.django_db

ACTIVATE = "/account/2fa/totp/activate/"


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post("/account/login/", {"login": email, "password": password}, **extra)


def confirm_password(client: Client, next_url: str) -> None:
    """Changing the second factor asks for the password again first (allauth's
    reauthentication), however recently one signed in."""
    asked = client.get(next_url)
    assert asked.status_code == 302
    assert asked["Location"].startswith("/account/reauthenticate/") or asked["Location"].startswith(
        "/en/account/reauthenticate/"
    )
    done = client.post(asked["Location"], {"password": PASSWORD})
    assert done.status_code == 302, done.content.decode()[-2000:]


# --- two-factor authentication -----------------------------------------------------------


def test_anyone_turns_on_two_factor_with_the_code_from_their_app_and_gets_recovery_codes():
    user = UserFactory(email="eigenaar@bedrijf.nl")
    client = Client()
    assert sign_in(client, user.email).status_code == 302
    confirm_password(client, ACTIVATE)
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    html = page.content.decode()
    # The QR code is drawn in the page itself (no data: URL the policy would block),
    # and the secret is there to type in by hand.
    assert "<svg" in html
    secret = page.context["form"].secret
    # In groups of four, so it is easy to type and wraps between groups on a phone.
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert f'<code class="secret">{grouped}</code>' in html
    wrong = client.post(ACTIVATE, {"code": "000000"})
    assert wrong.status_code == 200
    assert "code" in wrong.context["form"].errors
    assert not Authenticator.objects.filter(user=user).exists()
    done = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert done.status_code == 302
    kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_with_two_factor_on_the_password_alone_does_not_sign_in():
    staff = StaffFactory(email="redactie@samenwerkt.example")
    client = Client()
    first = sign_in(client, staff.email)
    assert first.status_code == 302
    assert first["Location"] == "/account/2fa/authenticate/"
    assert client.get("/account/").status_code == 302  # not signed in yet
    wrong = client.post("/account/2fa/authenticate/", {"code": "123456"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    assert client.get("/account/").status_code == 302
    right = client.post("/account/2fa/authenticate/", {"code": totp_code()})
    assert right.status_code == 302
    assert client.get("/account/").status_code == 200


def test_a_code_signs_in_once_even_within_its_thirty_seconds():
    """Someone who saw the code over a shoulder cannot use it after its owner did."""
    staff = StaffFactory(email="eenmalig@samenwerkt.example")
    code = totp_code()
    owner, onlooker = Client(), Client()
    sign_in(owner, staff.email)
    assert owner.post("/account/2fa/authenticate/", {"code": code}).status_code == 302
    sign_in(onlooker, staff.email)
    again = onlooker.post("/account/2fa/authenticate/", {"code": code})
    if totp_code() != code:
        pytest.skip("the code changed between the two sign-ins; the test needs one period")
    assert again.status_code == 200 and again.context["form"].errors
    assert onlooker.get("/account/").status_code == 302


def test_a_recovery_code_signs_in_once_when_the_phone_is_lost():
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    staff = StaffFactory(email="kwijt@samenwerkt.example")
    code = RecoveryCodes(Authenticator.objects.get(user=staff, type="recovery_codes"))
    code = code.get_unused_codes()[0]
    client = Client()
    sign_in(client, staff.email)
    assert client.post("/account/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.get("/account/").status_code == 200
    again = Client()
    sign_in(again, staff.email)
    assert again.post("/account/2fa/authenticate/", {"code": code}).status_code == 200
    assert again.get("/account/").status_code == 302


@pytest.mark.parametrize(
    ("path", "prefix"), [("/account/", ""), ("/beheer/", ""), ("/", ""), ("/en/vormen/", "/en")]
)
def test_staff_without_two_factor_must_turn_it_on_before_anything_else(path, prefix):
    staff = StaffFactory(email="nieuw@samenwerkt.example", two_factor=False)
    client = Client()
    assert sign_in(client, staff.email).status_code == 302
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == prefix + ACTIVATE
    confirm_password(client, prefix + ACTIVATE)
    page = client.get(prefix + ACTIVATE)
    assert page.status_code == 200
    said = {"": "tweestapsverificatie", "/en": "two-factor authentication"}[prefix]
    assert said in page.content.decode()
    # Once it is on, every page opens.
    client.post(prefix + ACTIVATE, {"code": totp_code(page.context["form"].secret)})
    assert client.get(path).status_code == 200
    # Signing out stays possible.
    assert client.post("/account/logout/").status_code == 302


def test_the_admin_asks_staff_for_the_second_factor_too():
    staff = StaffFactory(email="beheer@samenwerkt.example")
    client = Client()
    start = client.get("/beheer/")
    assert start.status_code == 302
    login = client.get(start["Location"])
    assert login.status_code == 302 or login.status_code == 200
    assert sign_in(client, staff.email)["Location"] == "/account/2fa/authenticate/"
    assert client.get("/beheer/").status_code == 302  # still not in
    client.post("/account/2fa/authenticate/", {"code": totp_code()})
    assert client.get("/beheer/").status_code == 200


def test_an_ordinary_account_needs_no_second_factor():
    user = UserFactory(email="gewoon@bedrijf.nl")
    client = Client()
    assert sign_in(client, user.email)["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


# --- sessions --------------------------------------------------------------------------------


def test_signing_in_gives_a_new_session_key():
    user = UserFactory(email="sleutel@bedrijf.nl")
    client = Client()
    client.get("/account/login/")
    client.session["iets"] = 1  # an anonymous session exists
    before = client.cookies.get("sessionid")
    before = before.value if before else None
    sign_in(client, user.email)
    after = client.cookies["sessionid"].value
    assert after and after != before


def _aged(client: Client, *, signed_in_ago: float, last_seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[sessions.SIGNED_IN_AT] = now - signed_in_ago
    session[sessions.LAST_SEEN_AT] = now - last_seen_ago
    session.save()


@pytest.mark.parametrize(
    ("signed_in_ago", "last_seen_ago", "says"),
    [
        (31 * 60, 31 * 60, "30 minuten"),  # idle
        (13 * 3600, 60, "12 uur"),  # signed in too long ago, however active
    ],
)
def test_a_session_past_its_limit_ends_and_says_why(signed_in_ago, last_seen_ago, says):
    user = UserFactory(email="moe@bedrijf.nl")
    client = Client()
    sign_in(client, user.email)
    old_key = client.cookies["sessionid"].value
    _aged(client, signed_in_ago=signed_in_ago, last_seen_ago=last_seen_ago)
    response = client.get("/account/email/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=%2Faccount%2Femail%2F"
    page = client.get(response["Location"])
    assert says in page.content.decode()
    assert client.get("/account/").status_code == 302
    assert client.cookies["sessionid"].value != old_key


def test_an_active_session_within_its_limits_stays():
    user = UserFactory(email="bezig@bedrijf.nl")
    client = Client()
    sign_in(client, user.email)
    _aged(client, signed_in_ago=11 * 3600, last_seen_ago=29 * 60)
    assert client.get("/account/").status_code == 200
    # The request counted as activity: half an hour later it is still fine.
    seen = client.session[sessions.LAST_SEEN_AT]
    assert time.time() - seen < 5


def test_the_limits_come_from_the_settings(settings):
    settings.SESSION_IDLE_MINUTES = 5
    user = UserFactory(email="kort@bedrijf.nl")
    client = Client()
    sign_in(client, user.email)
    _aged(client, signed_in_ago=6 * 60, last_seen_ago=6 * 60)
    assert client.get("/account/").status_code == 302


def _two_browsers(user) -> tuple[Client, Client]:
    laptop, phone = Client(HTTP_USER_AGENT="Laptop"), Client(HTTP_USER_AGENT="Telefoon")
    for client in (laptop, phone):
        assert sign_in(client, user.email).status_code == 302
    return laptop, phone


def test_the_sessions_page_lists_each_browser_and_signs_out_the_others():
    user = UserFactory(email="overal@bedrijf.nl")
    laptop, phone = _two_browsers(user)
    page = laptop.get("/account/sessions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Laptop" in html and "Telefoon" in html
    assert laptop.post("/account/sessions/").status_code == 302
    assert phone.get("/account/").status_code == 302  # signed out there
    assert laptop.get("/account/").status_code == 200  # still here
    assert UserSession.objects.filter(user=user).count() == 1


def test_sign_out_everywhere_ends_every_session_including_this_one():
    user = UserFactory(email="weg@bedrijf.nl")
    laptop, phone = _two_browsers(user)
    response = laptop.post("/account/sessions/everywhere/")
    assert response.status_code == 302
    assert laptop.get("/account/").status_code == 302
    assert phone.get("/account/").status_code == 302
    assert not UserSession.objects.filter(user=user).exists()


def test_deactivating_an_account_ends_its_sessions():
    user = UserFactory(email="gestopt@bedrijf.nl")
    laptop, phone = _two_browsers(user)
    user.is_active = False
    user.save()
    assert laptop.get("/account/").status_code == 302
    assert phone.get("/account/").status_code == 302
    assert not UserSession.objects.filter(user=user).exists()
    # And it cannot sign in again.
    again = sign_in(Client(), user.email)
    assert again.status_code in (200, 302)
    assert not re.search(r"/account/$", again.get("Location", ""))


def test_the_authenticator_secret_is_stored_encrypted():
    from tests.accounts.factories import TOTP_SECRET

    staff = StaffFactory(email="geheim@samenwerkt.example")
    stored = Authenticator.objects.get(user=staff, type="totp").data["secret"]
    assert TOTP_SECRET not in stored
    seed = Authenticator.objects.get(user=staff, type="recovery_codes").data["seed"]
    assert len(seed) > 60  # a Fernet token, not the bare seed
    # And the code from the phone still signs in (tested above); the stored form is
    # useless without the app's key.
