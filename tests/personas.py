"""The people every test can act as, built once per test (healthchecks' hc/test.py is
the model): each persona has a user (None for anonymous) and a client signed in as
that user. The authorization matrix (tests/test_authorization.py) has one column per
persona.

Company A has an owner and a member; company B a member (the outsider for A's
objects); school X's team is verified for school X (its address is at X's domain);
another school team's claim waits in the programme office's queue; the programme
office has a member; staff run the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.test import Client

from samenwerkt.accounts.models import Membership, Organisation
from samenwerkt.handbook.models import Province
from tests.accounts.factories import StaffFactory, UserFactory, turn_on_two_factor


@dataclass
class Persona:
    name: str
    user: object | None
    organisation: Organisation | None = None
    membership: Membership | None = None
    extra: dict = field(default_factory=dict)
    _client: Client | None = field(default=None, repr=False)

    @property
    def client(self) -> Client:
        """A client signed in as the persona, made on first use: most tests act as one
        or two personas, and signing in (a session, the security log, django-axes'
        records) was two thirds of the cost of building all eight."""
        if self._client is None:
            self._client = Client()
            if self.user is not None:
                self._client.force_login(self.user)
        return self._client


ANONYMOUS = "anonymous"
COMPANY_A_OWNER = "company_a_owner"
COMPANY_A_MEMBER = "company_a_member"
COMPANY_B_MEMBER = "company_b_member"
SCHOOL_X_MEMBER = "school_x_member"  # verified for school X
UNVERIFIED_SCHOOL_MEMBER = "unverified_school_member"  # its claim waits in the queue
PROGRAMME_OFFICE = "programme_office"
STAFF = "staff"
NAMES = (
    ANONYMOUS,
    COMPANY_A_OWNER,
    COMPANY_A_MEMBER,
    COMPANY_B_MEMBER,
    SCHOOL_X_MEMBER,
    UNVERIFIED_SCHOOL_MEMBER,
    PROGRAMME_OFFICE,
    STAFF,
)


def _organisation(name: str, kind: str, **fields) -> Organisation:
    if kind == Organisation.Kind.COMPANY:
        fields.setdefault("size", Organisation.Size.MEDIUM)
        fields.setdefault("province", Province.objects.order_by("pk").first())
    return Organisation.objects.create(name=name, kind=kind, **fields)


def _member(name: str, organisation: Organisation, role: str, **user_fields) -> Persona:
    user = UserFactory(**user_fields)
    membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    return Persona(name, user, organisation, membership)


SCHOOL_X_EMAIL = "sanne@deltion.nl"


def _schools() -> tuple[Organisation, Organisation]:
    """School X (Deltion College, verified) and a team whose claim on another school
    waits for the programme office."""
    from samenwerkt.accounts.models import SchoolLink
    from samenwerkt.handbook.models import Institution

    deltion = Institution.objects.get(name__icontains="Deltion")
    other = Institution.objects.exclude(pk=deltion.pk).order_by("pk").first()
    school_x = _organisation("ICT-opleidingen Deltion", Organisation.Kind.EDUCATION)
    SchoolLink.objects.create(
        organisation=school_x,
        institution=deltion,
        status=SchoolLink.Status.VERIFIED,
        method=SchoolLink.Method.EMAIL_DOMAIN,
    )
    unverified = _organisation("Team ICT", Organisation.Kind.EDUCATION)
    SchoolLink.objects.create(organisation=unverified, institution=other)
    return school_x, unverified


def invitation_made(organisation, owner, email="nieuw@bitsbytes.nl", role="member"):
    """An invitation as the owner's form would make it, with its token (which only the
    email holds in real life)."""
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from samenwerkt.accounts.models import Invitation
    from samenwerkt.accounts.models.organisations import token_hash

    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=owner,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=7),
    )
    return invitation, token


def build_personas() -> dict[str, Persona]:
    company_a = _organisation("Bits & Bytes BV", Organisation.Kind.COMPANY, kvk_number="12345678")
    company_b = _organisation("Code Collectief", Organisation.Kind.COMPANY)
    office = _organisation("Programmabureau", Organisation.Kind.PROGRAMME_OFFICE)
    owner = Membership.Role.OWNER
    member = Membership.Role.MEMBER
    personas = {
        COMPANY_A_OWNER: _member(
            COMPANY_A_OWNER, company_a, owner, first_name="Anna", email="anna@bitsbytes.nl"
        ),
        COMPANY_A_MEMBER: _member(
            COMPANY_A_MEMBER, company_a, member, first_name="Bram", email="bram@bitsbytes.nl"
        ),
        COMPANY_B_MEMBER: _member(
            COMPANY_B_MEMBER, company_b, owner, first_name="Cas", email="cas@codecollectief.nl"
        ),
    }
    school_x, unverified = _schools()
    personas[SCHOOL_X_MEMBER] = _member(
        SCHOOL_X_MEMBER, school_x, owner, first_name="Sanne", email=SCHOOL_X_EMAIL
    )
    personas[UNVERIFIED_SCHOOL_MEMBER] = _member(
        UNVERIFIED_SCHOOL_MEMBER, unverified, owner, first_name="Udo", email="udo@gmail.example"
    )
    for name, organisation in ((SCHOOL_X_MEMBER, school_x), (UNVERIFIED_SCHOOL_MEMBER, unverified)):
        link = organisation.school_links.get()
        link.requested_by = personas[name].user
        link.save()
        personas[name].extra["school_link"] = link
    office_persona = _member(
        PROGRAMME_OFFICE, office, owner, first_name="Pia", email="pia@programmabureau.nl"
    )
    turn_on_two_factor(office_persona.user)  # the programme office must have it on
    # An open invitation of company A, to somebody not yet in it; its token is known.
    invitation, token = invitation_made(company_a, personas[COMPANY_A_OWNER].user)
    for name in (COMPANY_A_OWNER, COMPANY_A_MEMBER):
        personas[name].extra.update(invitation=invitation, invitation_token=token)
    personas[PROGRAMME_OFFICE] = office_persona
    staff = StaffFactory(first_name="Bea", last_name="Beheer")
    personas[ANONYMOUS] = Persona(ANONYMOUS, None)
    personas[STAFF] = Persona(STAFF, staff)
    return {name: personas[name] for name in NAMES}
