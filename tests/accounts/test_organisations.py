"""Organisations, memberships and invitations: making one, inviting a colleague who
accepts once, owners managing members (never leaving none), switching, and nobody
reaching another organisation's objects (404)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from samenwerkt.accounts.models import AuditEvent, Invitation, Membership, Organisation
from samenwerkt.handbook.models import Institution, Province
from tests.accounts.factories import UserFactory
from tests.personas import (
    COMPANY_A_MEMBER,
    COMPANY_A_OWNER,
    COMPANY_B_MEMBER,
    NAMES,
    PROGRAMME_OFFICE,
    STAFF,
    invitation_made,
)

pytestmark = pytest.mark.django_db

BASE = "/account/organisaties/"


def org_url(organisation, rest: str = "") -> str:
    return f"{BASE}{organisation.pk}/{rest}"


# --- making an organisation ------------------------------------------------------------


def test_a_company_is_made_with_its_maker_as_owner_and_its_region_known():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    utrecht = Province.objects.get(slug="utrecht")
    response = client.post(
        BASE + "nieuw/bedrijf/",
        {
            "name": "  Veilig  Web BV ",
            "kvk_number": "1234 5678",
            "size": "11-50",
            "province": utrecht.pk,
        },
    )
    organisation = Organisation.objects.get(name="Veilig Web BV")
    assert response.status_code == 302
    assert response["Location"] == org_url(organisation)
    assert organisation.kvk_number == "12345678"
    assert organisation.region == utrecht.region
    assert Membership.objects.get(organisation=organisation).user == user
    assert Membership.objects.get(organisation=organisation).is_owner
    assert AuditEvent.objects.filter(kind="organisation_created", user=user).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Veilig Web BV" in page and "12345678" in page


@pytest.mark.parametrize(
    ("kvk", "message"),
    [
        ("1234567", "8 cijfers"),
        ("123456789", "8 cijfers"),
        ("1234567a", "8 cijfers"),
        ("１２３４５６７８", "8 cijfers"),  # full-width digits are not digits here
    ],
)
def test_a_kvk_number_that_is_not_8_digits_is_refused_next_to_the_field(kvk, message):
    client = Client()
    client.force_login(UserFactory())
    province = Province.objects.first()
    response = client.post(
        BASE + "nieuw/bedrijf/",
        {"name": "Fout BV", "kvk_number": kvk, "size": "1-10", "province": province.pk},
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["kvk_number"])
    assert not Organisation.objects.filter(name="Fout BV").exists()


def test_a_school_team_is_linked_to_the_handbooks_institutions():
    client = Client()
    user = UserFactory()
    client.force_login(user)
    deltion = Institution.objects.get(name__icontains="Deltion")
    response = client.post(
        BASE + "nieuw/onderwijs/", {"name": "ICT Academie", "institutions": [deltion.pk]}
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="ICT Academie")
    assert organisation.kind == "education"
    assert list(organisation.institutions.all()) == [deltion]


def test_nobody_makes_a_programme_office_through_the_site():
    client = Client()
    client.force_login(UserFactory())
    assert client.get(BASE + "nieuw/programmabureau/").status_code == 404
    assert client.post(BASE + "nieuw/programme_office/", {"name": "Nep"}).status_code == 404
    assert not Organisation.objects.filter(name="Nep").exists()


def test_the_programme_office_must_use_two_factor(personas):
    from samenwerkt.accounts.mfa import requires_two_factor

    assert requires_two_factor(personas[PROGRAMME_OFFICE].user)
    assert not requires_two_factor(personas[COMPANY_A_OWNER].user)


# --- invitations -----------------------------------------------------------------------


def _invite(client, organisation, email, role="member", prefix=""):
    return client.post(
        prefix + org_url(organisation, "uitnodigen/"), {"email": email, "role": role}
    )


def _link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/uitnodiging/[^/\s]+/)", message.body).group(1)


@pytest.mark.parametrize(("prefix", "says"), [("", "uitgenodigd"), ("/en", "invites you")])
def test_an_owner_invites_a_colleague_who_accepts_once(
    personas, prefix, says, django_capture_on_commit_callbacks
):
    owner = personas[COMPANY_A_OWNER]
    owner.user.language = prefix.strip("/") or "nl"
    owner.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        with_email = _invite(
            owner.client, owner.organisation, "collega@bitsbytes.nl", prefix=prefix
        )
    assert with_email.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["collega@bitsbytes.nl"]
    assert says in message.body
    assert owner.organisation.name in message.subject
    assert message.alternatives and "<html" in message.alternatives[0][0]
    link = _link_in(message)
    # Only the hash is stored: the token in the link is nowhere in the database.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()

    colleague = UserFactory(email="collega@bitsbytes.nl")
    client = Client()
    assert client.get(link).status_code == 200  # not signed in: sign in or sign up
    client.force_login(colleague)
    accepted = client.post(link)
    assert accepted.status_code == 302
    membership = Membership.objects.get(user=colleague)
    assert membership.organisation == owner.organisation and membership.role == "member"
    again = client.post(link)
    assert again.status_code == 410
    assert Membership.objects.filter(user=colleague).count() == 1


@pytest.mark.parametrize(
    ("how", "status", "says"),
    [
        ("expired", 410, "verlopen"),
        ("withdrawn", 410, "ingetrokken"),
        ("other_address", 403, "nieuw@bitsbytes.nl"),
        ("unknown", 404, "kennen deze link niet"),
    ],
)
def test_an_invitation_link_that_cannot_be_used_says_why(personas, how, status, says):
    owner = personas[COMPANY_A_OWNER]
    invitation = owner.extra["invitation"]
    token = owner.extra["invitation_token"]
    if how == "expired":
        invitation.expires_at = timezone.now() - timedelta(minutes=1)
        invitation.save()
    elif how == "withdrawn":
        owner.client.post(org_url(owner.organisation, f"uitnodigingen/{invitation.pk}/intrekken/"))
    elif how == "unknown":
        token = token[:-2] + "xx"
    someone = Client()
    someone.force_login(UserFactory(email="iemand.anders@example.nl"))
    if how != "other_address":
        someone.force_login(UserFactory(email="nieuw@bitsbytes.nl"))
    response = someone.post(f"/account/uitnodiging/{token}/")
    assert response.status_code == status
    assert says in response.content.decode().replace("<wbr>", "")
    assert (
        not Membership.objects.filter(organisation=owner.organisation)
        .exclude(user__in=[personas[COMPANY_A_OWNER].user, personas[COMPANY_A_MEMBER].user])
        .exists()
    )


def test_a_member_may_not_invite_and_nothing_is_sent(personas):
    member = personas[COMPANY_A_MEMBER]
    assert _invite(member.client, member.organisation, "x@example.nl").status_code == 403
    assert not mail.outbox


def test_inviting_a_member_again_is_refused_next_to_the_field(personas):
    owner = personas[COMPANY_A_OWNER]
    response = _invite(owner.client, owner.organisation, "BRAM@bitsbytes.nl")
    assert response.status_code == 200
    assert "al lid" in str(response.context["form"].errors["email"])
    assert not mail.outbox


# --- owners, members, leaving ------------------------------------------------------------


def test_the_last_owner_can_neither_leave_nor_be_made_a_member(personas):
    owner = personas[COMPANY_A_OWNER]
    leave = owner.client.post(
        org_url(owner.organisation, f"leden/{owner.membership.pk}/verwijderen/"), follow=True
    )
    assert "enige eigenaar" in leave.content.decode()
    assert Membership.objects.filter(pk=owner.membership.pk).exists()


def test_with_two_owners_one_may_step_down_and_a_member_may_leave(personas):
    owner, member = personas[COMPANY_A_OWNER], personas[COMPANY_A_MEMBER]
    organisation = owner.organisation
    owner.client.post(
        org_url(organisation, f"leden/{member.membership.pk}/rol/"), {"role": "owner"}
    )
    member.membership.refresh_from_db()
    assert member.membership.is_owner
    # Now Bram makes Anna a member, and Anna leaves.
    member.client.post(
        org_url(organisation, f"leden/{owner.membership.pk}/rol/"), {"role": "member"}
    )
    owner.membership.refresh_from_db()
    assert not owner.membership.is_owner
    owner.client.post(org_url(organisation, f"leden/{owner.membership.pk}/verwijderen/"))
    assert not Membership.objects.filter(pk=owner.membership.pk).exists()
    kinds = set(AuditEvent.objects.filter(organisation=organisation).values_list("kind", flat=True))
    assert {"role_changed", "member_left"} <= kinds


def test_a_member_cannot_change_roles_or_remove_others(personas):
    owner, member = personas[COMPANY_A_OWNER], personas[COMPANY_A_MEMBER]
    organisation = owner.organisation
    role = member.client.post(
        org_url(organisation, f"leden/{owner.membership.pk}/rol/"), {"role": "member"}
    )
    remove = member.client.post(org_url(organisation, f"leden/{owner.membership.pk}/verwijderen/"))
    assert (role.status_code, remove.status_code) == (403, 403)
    owner.membership.refresh_from_db()
    assert owner.membership.is_owner


def test_someone_in_two_organisations_switches_between_them(personas):
    owner = personas[COMPANY_A_OWNER]
    other = Organisation.objects.get(name="Code Collectief")
    Membership.objects.create(organisation=other, user=owner.user, role="member")
    page = owner.client.get(BASE)
    assert page.context["current"].organisation == owner.organisation
    assert owner.client.post(org_url(other, "kiezen/")).status_code == 302
    assert owner.client.get(BASE).context["current"].organisation == other


# --- other organisations' objects: 404 for everyone outside ------------------------------


def _a_objects(personas):
    a = personas[COMPANY_A_OWNER]
    invitation = a.extra["invitation"]
    bram = personas[COMPANY_A_MEMBER].membership
    return a.organisation, [
        ("get", org_url(a.organisation), {}),
        ("get", org_url(a.organisation, "uitnodigen/"), {}),
        (
            "post",
            org_url(a.organisation, "uitnodigen/"),
            {"email": "x@example.nl", "role": "member"},
        ),
        ("post", org_url(a.organisation, "kiezen/"), {}),
        ("post", org_url(a.organisation, f"uitnodigingen/{invitation.pk}/intrekken/"), {}),
        ("post", org_url(a.organisation, f"leden/{bram.pk}/rol/"), {"role": "owner"}),
        ("post", org_url(a.organisation, f"leden/{bram.pk}/verwijderen/"), {}),
    ]


@pytest.mark.parametrize("outsider", [COMPANY_B_MEMBER, PROGRAMME_OFFICE, STAFF])
def test_another_organisations_objects_answer_404_and_stay_unchanged(personas, outsider):
    organisation, requests = _a_objects(personas)
    client = personas[outsider].client
    for method, url, data in requests:
        assert getattr(client, method)(url, data).status_code == 404, (outsider, method, url)
    assert organisation.memberships.count() == 2
    assert personas[COMPANY_A_OWNER].extra["invitation"].withdrawn_at is None
    Invitation.objects.get(pk=personas[COMPANY_A_OWNER].extra["invitation"].pk).is_open()
    assert not mail.outbox


def test_an_owner_of_b_cannot_reach_a_member_of_a_through_bs_address(personas):
    b = personas[COMPANY_B_MEMBER]
    bram = personas[COMPANY_A_MEMBER].membership
    url = org_url(b.organisation, f"leden/{bram.pk}/verwijderen/")
    assert b.client.post(url).status_code == 404
    assert Membership.objects.filter(pk=bram.pk).exists()


def test_every_persona_is_in_the_matrix():
    assert set(NAMES) >= {COMPANY_A_OWNER, COMPANY_A_MEMBER, COMPANY_B_MEMBER, PROGRAMME_OFFICE}


# --- the security log and queries --------------------------------------------------------


def test_the_security_log_shows_ones_own_events_only(personas):
    owner = personas[COMPANY_A_OWNER]
    Client().post("/account/login/", {"login": owner.user.email, "password": "fout-wachtwoord"})
    _invite(owner.client, owner.organisation, "nog.een@bitsbytes.nl")
    page = owner.client.get("/account/beveiliging/").content.decode()
    assert "Inloggen mislukt" in page
    assert "Uitnodiging verstuurd" in page
    other = personas[COMPANY_B_MEMBER].client.get("/account/beveiliging/").content.decode()
    assert "Uitnodiging verstuurd" not in other


def test_the_organisation_page_has_a_fixed_number_of_queries(
    personas, django_assert_max_num_queries
):
    owner = personas[COMPANY_A_OWNER]
    for n in range(15):
        Membership.objects.create(
            organisation=owner.organisation, user=UserFactory(), role="member"
        )
        invitation_made(owner.organisation, owner.user, email=f"uitgenodigd{n}@example.nl")
    client = owner.client  # signed in before counting
    with django_assert_max_num_queries(12):
        assert client.get(org_url(owner.organisation)).status_code == 200
