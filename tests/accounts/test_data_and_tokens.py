"""A person's own data (export, deletion), personal API tokens and the API they open,
and schools proposed for the list. Each rule as the person meets it: through the
pages and the API, with Django's test client."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkt.accounts.models import (
    ApiToken,
    AuditEvent,
    InstitutionProposal,
    Membership,
    Organisation,
    SchoolLink,
    User,
)
from tests.accounts.factories import PASSWORD, UserFactory
from tests.personas import (
    COMPANY_A_MEMBER,
    COMPANY_A_OWNER,
    COMPANY_B_MEMBER,
    PROGRAMME_OFFICE,
    SCHOOL_X_MEMBER,
    STAFF,
    UNVERIFIED_SCHOOL_MEMBER,
)

pytestmark = pytest.mark.django_db


def reauthenticated(client, url=None):
    """Type the password again, as the page before an export or deletion asks (``url``:
    that page, which carries where to go on)."""
    answer = client.post(url or reverse("account_reauthenticate"), {"password": PASSWORD})
    assert answer.status_code == 302, answer.content[:500]
    return client


def a_thread(company, institution=None, *, user=None, body="Wij bieden stageplekken."):
    from samenwerkt.handbook.models import CollaborationForm, Institution
    from samenwerkt.messaging.models import Message, Thread

    institution = institution or Institution.objects.order_by("pk").first()
    thread = Thread.objects.create(
        company=company,
        institution=institution,
        route=Thread.Route.PROGRAMME_OFFICE,
        started_by=user,
        collaboration_form=CollaborationForm.objects.order_by("number").first(),
        level="MBO",
        offer=body,
        when="Na de zomer",
    )
    Message.objects.create(thread=thread, author=user, side="company", body=body)
    return thread


# --- export -----------------------------------------------------------------------------


def test_the_export_asks_for_the_password_again_first(personas):
    client = personas[COMPANY_A_OWNER].client
    answer = client.post(reverse("accounts:data_export"))
    assert answer.status_code == 302
    assert reverse("account_reauthenticate") in answer["Location"]
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DATA_EXPORTED).exists()


def test_the_export_holds_ones_own_data_and_no_secrets(personas):
    owner = personas[COMPANY_A_OWNER]
    a_thread(owner.organisation, user=owner.user, body="Onze eigen woorden")
    a_thread(
        personas[COMPANY_B_MEMBER].organisation,
        user=personas[COMPANY_B_MEMBER].user,
        body="Woorden van een ander",
    )
    client = reauthenticated(owner.client)
    answer = client.post(reverse("accounts:data_export"))
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/json")
    assert answer["Content-Disposition"].startswith('attachment; filename="samenwerkt-gegevens-')
    assert "no-store" in answer["Cache-Control"]
    data = json.loads(answer.content)
    assert data["account"]["email"] == "anna@bitsbytes.nl"
    assert [m["organisation"]["name"] for m in data["memberships"]] == ["Bits & Bytes BV"]
    assert [m["text"] for m in data["messages"]] == ["Onze eigen woorden"]
    text = answer.content.decode()
    assert "Woorden van een ander" not in text
    assert "bram@bitsbytes.nl" not in text  # a colleague's account is not mine
    assert owner.user.password not in text and "pbkdf2" not in text and "md5$" not in text
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.DATA_EXPORTED, user=owner.user).exists()


def test_the_export_never_holds_authenticator_secrets(personas):
    from tests.accounts.factories import TOTP_SECRET

    office = personas[PROGRAMME_OFFICE]
    client = office.client
    # The programme office has two-factor on: it reauthenticates with password too.
    reauthenticated(client)
    answer = client.post(reverse("accounts:data_export"))
    assert answer.status_code == 200
    data = json.loads(answer.content)
    assert {a["kind"] for a in data["two_factor"]} == {"totp", "recovery_codes"}
    assert TOTP_SECRET not in answer.content.decode()


def test_the_export_is_post_only(personas):
    answer = personas[COMPANY_A_OWNER].client.get(reverse("accounts:data_export"))
    assert answer.status_code == 405


# --- deletion ---------------------------------------------------------------------------


def delete(client, **data):
    return client.post(reverse("accounts:account_delete"), data)


def test_deleting_asks_for_a_tick_and_the_password(personas):
    member = personas[COMPANY_A_MEMBER]
    # Signed in long enough ago: the password first, then the deletion goes through.
    answer = delete(member.client, confirm="on")
    assert answer.status_code == 302 and "reauthenticate" in answer["Location"]
    assert User.objects.filter(pk=member.user.pk).exists()
    reauthenticated(member.client, answer["Location"])
    assert not User.objects.filter(pk=member.user.pk).exists()


def test_deleting_without_the_tick_deletes_nothing(personas):
    member = personas[COMPANY_A_MEMBER]
    reauthenticated(member.client)
    answer = delete(member.client)
    assert answer.status_code == 200
    assert list(answer.context["form"].errors) == ["confirm"]
    assert User.objects.filter(pk=member.user.pk).exists()


def test_a_member_who_deletes_leaves_the_organisation_which_keeps_its_history(personas):
    member = personas[COMPANY_A_MEMBER]
    company = member.organisation
    thread = a_thread(company, user=member.user, body="Van Bram")
    AuditEvent.objects.create(kind="role_changed", user=member.user, organisation=company)
    reauthenticated(member.client)
    answer = delete(member.client, confirm="on")
    assert answer.status_code == 302
    assert not User.objects.filter(email="bram@bitsbytes.nl").exists()
    assert Organisation.objects.filter(pk=company.pk).exists()
    assert thread.messages.get().author is None  # "a former member"
    assert AuditEvent.objects.filter(kind="role_changed", organisation=company, user=None).exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCOUNT_DELETED, user=None).exists()
    # Signed out: the account page now asks to sign in.
    assert member.client.get(reverse("accounts:home")).status_code == 302


def test_the_only_owner_of_an_organisation_with_others_cannot_delete(personas):
    owner = personas[COMPANY_A_OWNER]
    page = owner.client.get(reverse("accounts:my_data")).content.decode()
    assert "Bits &amp; Bytes BV" in page
    assert reverse("accounts:account_delete") not in page  # no button that would refuse
    reauthenticated(owner.client)
    answer = delete(owner.client, confirm="on")
    assert answer.status_code == 200
    assert User.objects.filter(pk=owner.user.pk).exists()
    assert Membership.objects.filter(user=owner.user).exists()


def test_the_only_member_takes_the_organisation_and_its_conversations_along(personas):
    company_b = personas[COMPANY_B_MEMBER]
    thread = a_thread(company_b.organisation, user=company_b.user)
    reauthenticated(company_b.client)
    assert delete(company_b.client, confirm="on").status_code == 302
    assert not Organisation.objects.filter(pk=company_b.organisation.pk).exists()
    from samenwerkt.messaging.models import Thread

    assert not Thread.objects.filter(pk=thread.pk).exists()


def test_a_school_profile_nobody_keeps_any_more_goes_off_the_site(personas):
    from samenwerkt.handbook.models import SchoolProfile

    school = personas[SCHOOL_X_MEMBER]
    link = school.extra["school_link"]
    profile = SchoolProfile.objects.create(
        institution=link.institution,
        published=True,
        contact_role_nl="opleidingsmanager",
        contact_email="ict@deltion.nl",
    )
    reauthenticated(school.client)
    assert delete(school.client, confirm="on").status_code == 302
    profile.refresh_from_db()
    assert profile.published is False


def test_staff_delete_staff_in_the_admin_not_here(personas):
    staff = personas[STAFF]
    reauthenticated(staff.client)
    answer = delete(staff.client, confirm="on")
    assert answer.status_code == 200
    assert User.objects.filter(pk=staff.user.pk).exists()


# --- API tokens -------------------------------------------------------------------------


def make_token(client, organisation, name="Dashboard", days="90"):
    answer = client.post(
        reverse("accounts:api_tokens"),
        {"name": name, "organisation": str(organisation.pk), "days": days},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    page = client.get(reverse("accounts:api_tokens")).content.decode()
    start = page.index('value="sw_') + len('value="')
    return page[start : page.index('"', start)]


def api(client, path, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(f"/api/v1{path}", **headers)


def test_a_token_is_shown_once_and_kept_only_as_a_hash(personas, client):
    owner = personas[COMPANY_A_OWNER]
    secret = make_token(owner.client, owner.organisation)
    assert secret.startswith("sw_") and len(secret) > 40
    again = owner.client.get(reverse("accounts:api_tokens")).content.decode()
    assert secret not in again
    assert f"…{secret[-4:]}" in again
    token = ApiToken.objects.get(user=owner.user)
    assert token.token_hash != secret and secret not in token.token_hash
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TOKEN_CREATED, user=owner.user).exists()
    answer = api(client, "/organisation", secret)
    assert answer.status_code == 200
    assert answer.json() == {
        "id": owner.organisation.pk,
        "name": "Bits & Bytes BV",
        "kind": "company",
        "members": 2,
    }
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer sw_nietbestaand", "Basic YTpi", "Bearer " + "sw_" + "x" * 200],
)
def test_the_api_refuses_a_missing_or_wrong_token(client, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    answer = client.get("/api/v1/organisation", **headers)
    assert answer.status_code == 401
    if header:  # an answer to a request with a token is nobody else's
        assert "no-store" in answer["Cache-Control"]


def test_a_revoked_expired_or_orphaned_token_stops_working(personas, client):
    owner = personas[COMPANY_A_OWNER]
    member = personas[COMPANY_A_MEMBER]
    revoked = make_token(owner.client, owner.organisation, name="Weg")
    token = ApiToken.objects.get(name="Weg")
    answer = owner.client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert answer.status_code == 302
    assert api(client, "/organisation", revoked).status_code == 401
    expiring = make_token(owner.client, owner.organisation, name="Oud")
    ApiToken.objects.filter(name="Oud").update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(client, "/organisation", expiring).status_code == 401
    # A member who leaves the organisation takes no access along.
    leaving = make_token(member.client, member.organisation, name="Van Bram")
    assert api(client, "/organisation", leaving).status_code == 200
    member.membership.delete()
    assert api(client, "/organisation", leaving).status_code == 401
    # A deactivated account's token does nothing.
    working = make_token(owner.client, owner.organisation, name="Nog een")
    User.objects.filter(pk=owner.user.pk).update(is_active=False)
    assert api(client, "/organisation", working).status_code == 401


def test_someone_elses_token_cannot_be_revoked(personas):
    owner = personas[COMPANY_A_OWNER]
    make_token(owner.client, owner.organisation)
    token = ApiToken.objects.get(user=owner.user)
    for name in (COMPANY_A_MEMBER, COMPANY_B_MEMBER, STAFF, PROGRAMME_OFFICE):
        answer = personas[name].client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
        assert answer.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_reads_its_own_organisations_threads_only(personas, client):
    owner = personas[COMPANY_A_OWNER]
    other = personas[COMPANY_B_MEMBER]
    own = a_thread(owner.organisation, user=owner.user, body="Van ons")
    theirs = a_thread(other.organisation, user=other.user, body="Van hen")
    secret = make_token(owner.client, owner.organisation)
    listed = api(client, "/threads", secret).json()
    assert [t["id"] for t in listed["items"]] == [own.pk]
    detail = api(client, f"/threads/{own.pk}", secret)
    assert detail.status_code == 200
    assert [m["text"] for m in detail.json()["messages"]] == ["Van ons"]
    assert api(client, f"/threads/{theirs.pk}", secret).status_code == 404
    assert api(client, "/threads/99999999", secret).status_code == 404
    assert api(client, f"/threads/{2**70}", secret).status_code == 422


def test_a_token_is_only_for_ones_own_organisation(personas):
    owner = personas[COMPANY_A_OWNER]
    other = personas[COMPANY_B_MEMBER].organisation
    answer = owner.client.post(
        reverse("accounts:api_tokens"),
        {"name": "Stiekem", "organisation": str(other.pk), "days": "90"},
    )
    assert answer.status_code == 200
    assert not ApiToken.objects.exists()


def test_tokens_in_use_are_limited(personas):
    from samenwerkt.accounts.services.tokens import MAX_ACTIVE_TOKENS

    owner = personas[COMPANY_A_OWNER]
    for n in range(MAX_ACTIVE_TOKENS):
        make_token(owner.client, owner.organisation, name=f"T{n}")
    answer = owner.client.post(
        reverse("accounts:api_tokens"),
        {"name": "Eén te veel", "organisation": str(owner.organisation.pk), "days": "30"},
    )
    assert answer.status_code == 200
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS


# --- schools proposed for the list ----------------------------------------------------


def propose(client, organisation, **fields):
    from samenwerkt.handbook.models import Province

    data = {
        "name": "Grafisch Lyceum Nieuwland",
        "level": "MBO",
        "website": "https://www.glnieuwland.example",
        "town": "Zwolle",
        "province": str(Province.objects.get(name_nl="Overijssel").pk),
        **fields,
    }
    return client.post(reverse("accounts:school_propose", args=[organisation.pk]), data)


def test_a_proposed_school_joins_the_finder_once_the_programme_office_adds_it(
    personas, client, mailoutbox, django_capture_on_commit_callbacks
):
    from samenwerkt.handbook.models import Institution, Listing

    school = personas[UNVERIFIED_SCHOOL_MEMBER]
    answer = propose(school.client, school.organisation)
    assert answer.status_code == 302
    proposal = InstitutionProposal.objects.get()
    assert proposal.status == "pending"
    office = personas[PROGRAMME_OFFICE].client
    queue = office.get(reverse("accounts:school_queue")).content.decode()
    assert "Grafisch Lyceum Nieuwland" in queue
    url = reverse("accounts:proposal_decide", args=[proposal.pk])
    with_errors = office.post(url, {"decision": "refuse"})
    assert with_errors.status_code == 200  # a refusal needs a reason
    with django_capture_on_commit_callbacks(execute=True):
        answer = office.post(url, {"decision": "verify", "note": ""})
    assert answer.status_code == 302
    institution = Institution.objects.get(name="Grafisch Lyceum Nieuwland")
    assert institution.edited_in_admin and institution.towns == "Zwolle"
    assert (
        "not in the handbook" in institution.note_en
        and "niet in het handboek" in institution.note_nl
    )
    assert Listing.objects.filter(
        institution=institution, region__provinces__name_nl="Overijssel"
    ).exists()
    assert SchoolLink.objects.get(institution=institution).is_verified
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["udo@gmail.example"]
    page = client.get(reverse("handbook:institution", args=[institution.slug]))
    assert page.status_code == 200
    assert "Grafisch Lyceum Nieuwland" in page.content.decode()
    # Decided once: a second decision is refused, nothing changes.
    again = office.post(url, {"decision": "refuse", "note": "toch niet"})
    assert again.status_code == 200
    assert InstitutionProposal.objects.get().status == "approved"


def test_a_refused_proposal_tells_the_team_why(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    school = personas[UNVERIFIED_SCHOOL_MEMBER]
    propose(school.client, school.organisation)
    proposal = InstitutionProposal.objects.get()
    office = personas[PROGRAMME_OFFICE].client
    url = reverse("accounts:proposal_decide", args=[proposal.pk])
    with django_capture_on_commit_callbacks(execute=True):
        answer = office.post(url, {"decision": "refuse", "note": "Geen ICT-opleiding"})
    assert answer.status_code == 302
    page = school.client.get(reverse("accounts:organisation", args=[school.organisation.pk]))
    assert "Geen ICT-opleiding" in page.content.decode()
    assert "Geen ICT-opleiding" in mailoutbox[0].body


def test_a_school_already_on_the_list_is_not_proposed_again(personas):
    from samenwerkt.handbook.models import Institution

    school = personas[UNVERIFIED_SCHOOL_MEMBER]
    listed = Institution.objects.order_by("pk").first().name
    answer = propose(school.client, school.organisation, name=listed.upper())
    assert answer.status_code == 200
    assert not InstitutionProposal.objects.exists()


def test_only_an_education_partners_owner_proposes_and_only_the_office_decides(personas):
    school = personas[UNVERIFIED_SCHOOL_MEMBER]
    company = personas[COMPANY_A_OWNER]
    assert propose(company.client, company.organisation).status_code == 404
    assert propose(company.client, school.organisation).status_code == 404
    propose(school.client, school.organisation)
    proposal = InstitutionProposal.objects.get()
    url = reverse("accounts:proposal_decide", args=[proposal.pk])
    for name in (COMPANY_A_OWNER, SCHOOL_X_MEMBER, UNVERIFIED_SCHOOL_MEMBER, STAFF):
        assert personas[name].client.post(url, {"decision": "verify"}).status_code == 404
    assert InstitutionProposal.objects.get().status == "pending"


def test_a_team_whose_school_is_not_listed_is_sent_to_propose_it(client):
    from samenwerkt.accounts.models import Organisation as Org

    user = UserFactory(email="docent@nieuweschool.example")
    client.force_login(user)
    answer = client.post(
        reverse("accounts:organisation_create", args=["onderwijs"]),
        {"name": "ICT Nieuwe School", "school_not_listed": "on"},
    )
    organisation = Org.objects.get(name="ICT Nieuwe School")
    assert answer["Location"] == reverse("accounts:school_propose", args=[organisation.pk])
    refused = client.post(
        reverse("accounts:organisation_create", args=["onderwijs"]), {"name": "Zonder school"}
    )
    assert refused.status_code == 200
    assert not Org.objects.filter(name="Zonder school").exists()


# --- what deletion leaves behind ------------------------------------------------------------


def test_the_programme_offices_only_member_cannot_delete(personas):
    office = personas[PROGRAMME_OFFICE]
    reauthenticated(office.client)
    answer = delete(office.client, confirm="on")
    assert answer.status_code == 200
    assert Organisation.objects.filter(kind="programme_office").exists()
    assert User.objects.filter(pk=office.user.pk).exists()


def test_a_gone_school_teams_conversations_go_to_the_programme_office(personas):
    from samenwerkt.messaging.models import Thread

    school = personas[SCHOOL_X_MEMBER]
    thread = a_thread(personas[COMPANY_A_OWNER].organisation)
    Thread.objects.filter(pk=thread.pk).update(school=school.organisation, route="school")
    reauthenticated(school.client)
    assert delete(school.client, confirm="on").status_code == 302
    thread.refresh_from_db()
    assert thread.school is None and thread.route == "programme_office"


def test_events_kept_for_an_organisation_lose_the_persons_address(personas):
    member = personas[COMPANY_A_MEMBER]
    event = AuditEvent.objects.create(
        kind="school_verified",
        user=member.user,
        organisation=member.organisation,
        ip="192.0.2.7",
        detail={"email": "bram@bitsbytes.nl", "school": "X"},
    )
    reauthenticated(member.client)
    assert delete(member.client, confirm="on").status_code == 302
    event.refresh_from_db()
    assert (event.user, event.ip, event.detail) == (None, None, {"school": "X"})


def test_the_programme_office_makes_no_tokens(personas):
    office = personas[PROGRAMME_OFFICE]
    answer = office.client.post(
        reverse("accounts:api_tokens"),
        {"name": "Wachtrij", "organisation": str(office.organisation.pk), "days": "30"},
    )
    assert answer.status_code == 200
    assert not ApiToken.objects.exists()


def test_a_token_answer_is_never_stored_by_a_cache(personas, client):
    owner = personas[COMPANY_A_OWNER]
    secret = make_token(owner.client, owner.organisation)
    answer = api(client, "/threads", secret)
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"] and "private" in answer["Cache-Control"]


@pytest.mark.parametrize(
    "website",
    ["https://gmail.com", "https://www.hotmail.com/school", "https://www.deltion.nl/anders"],
)
def test_a_proposed_school_may_not_take_a_mail_providers_or_another_schools_domain(
    personas, website
):
    school = personas[UNVERIFIED_SCHOOL_MEMBER]
    answer = propose(school.client, school.organisation, website=website)
    assert answer.status_code == 200
    assert "website" in answer.context["form"].errors
    assert not InstitutionProposal.objects.exists()


def test_adding_an_address_asks_for_the_password_again(personas):
    """The address is where password resets go: changing it needs a fresh sign-in."""
    from allauth.account.models import EmailAddress

    owner = personas[COMPANY_A_OWNER]
    data = {"action_add": "", "email": "anna.thuis@example.nl"}
    answer = owner.client.post(reverse("account_email"), data)
    assert answer.status_code == 302 and "reauthenticate" in answer["Location"]
    assert not EmailAddress.objects.filter(email="anna.thuis@example.nl").exists()
    reauthenticated(owner.client, answer["Location"])
    assert EmailAddress.objects.filter(user=owner.user, email="anna.thuis@example.nl").exists()


@pytest.mark.parametrize(("prefix", "label"), [("", "90 dagen"), ("/en", "90 days")])
def test_the_token_form_speaks_the_pages_language(personas, prefix, label):
    page = personas[COMPANY_A_OWNER].client.get(prefix + reverse("accounts:api_tokens"))
    assert label in page.content.decode()


def test_a_new_tokens_secret_is_not_shown_once_its_minute_has_passed(personas, monkeypatch):
    import time

    owner = personas[COMPANY_A_OWNER]
    data = {"name": "Later", "organisation": str(owner.organisation.pk), "days": "30"}
    assert owner.client.post(reverse("accounts:api_tokens"), data).status_code == 302
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    page = owner.client.get(reverse("accounts:api_tokens")).content.decode()
    assert 'value="sw_' not in page
    assert "Later" in page  # the token itself is listed, without its secret


def test_an_owner_with_a_fellow_owner_leaves_and_the_organisation_stays(personas):
    owner = personas[COMPANY_A_OWNER]
    member = personas[COMPANY_A_MEMBER]
    member.membership.role = "owner"
    member.membership.save()
    from samenwerkt.accounts.services import account_deletion_plan

    plan = account_deletion_plan(user=owner.user)
    assert (plan.left, plan.blocking, plan.deleted) == ([owner.organisation], [], [])
    reauthenticated(owner.client)
    assert delete(owner.client, confirm="on").status_code == 302
    assert Organisation.objects.filter(pk=owner.organisation.pk).exists()
    # Now the other one is the only owner, with no other members: alone, she may go too.
    assert account_deletion_plan(user=member.user).deleted == [owner.organisation]
