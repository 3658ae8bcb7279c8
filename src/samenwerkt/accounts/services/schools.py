"""Which schools an education partner speaks for (models/schools.py): a link is made
with the organisation and verified at once when its maker's confirmed address is at
the school's own web domain, else it waits in the programme office's queue."""

from __future__ import annotations

from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .. import emails
from ..audit import audit_record
from ..models import AuditEvent, Organisation, SchoolLink


def school_domain(institution) -> str:
    """The school's own web domain, from its researched website: "www.deltion.nl" and
    "https://deltion.nl/opleidingen" both give "deltion.nl"."""
    host = (urlsplit(institution.website or "").hostname or "").lower()
    return host.removeprefix("www.")


def address_at_school(user, institution) -> str | None:
    """One of the user's confirmed addresses exactly at the school's domain (not a
    subdomain: student.school.nl is where students have their addresses)."""
    domain = school_domain(institution)
    if not domain:
        return None
    for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    ):
        if email.rsplit("@", 1)[-1].lower() == domain:
            return email
    return None


@transaction.atomic
def school_link_request(*, organisation: Organisation, institution, user, request=None):
    """Link an education partner to a school of the handbook's list."""
    link, created = SchoolLink.objects.get_or_create(
        organisation=organisation, institution=institution, defaults={"requested_by": user}
    )
    if link.is_verified or (not created and link.status == SchoolLink.Status.REFUSED):
        return link
    email = address_at_school(user, institution)
    if email is not None:
        _decide(link, verified=True, method=SchoolLink.Method.EMAIL_DOMAIN, by=None)
        audit_record(
            AuditEvent.Kind.SCHOOL_VERIFIED,
            user=user,
            actor=None,
            organisation=organisation,
            request=request,
            school=institution.name,
            method="email_domain",
            email=email,
        )
    return link


def _decide(link: SchoolLink, *, verified: bool, method: str, by, note: str = "") -> None:
    link.status = SchoolLink.Status.VERIFIED if verified else SchoolLink.Status.REFUSED
    link.method = method if verified else ""
    link.decided_by = by
    link.decided_at = timezone.now()
    link.note = note
    link.save(update_fields=["status", "method", "decided_by", "decided_at", "note"])


@transaction.atomic
def school_link_decide(*, actor, link: SchoolLink, verified: bool, note: str = "", request=None):
    """The programme office verifies or refuses a claim from its queue; the
    organisation's owners are told by email."""
    if not actor.is_programme_office():
        raise PermissionDenied("only the programme office decides")
    link = SchoolLink.objects.select_for_update().get(pk=link.pk)
    _decide(link, verified=verified, method=SchoolLink.Method.PROGRAMME_OFFICE, by=actor, note=note)
    for owner in link.organisation.memberships.filter(role="owner").select_related("user"):
        audit_record(
            AuditEvent.Kind.SCHOOL_VERIFIED if verified else AuditEvent.Kind.SCHOOL_REFUSED,
            user=owner.user,
            actor=actor,
            organisation=link.organisation,
            request=request,
            school=link.institution.name,
        )
        transaction.on_commit(lambda user=owner.user: emails.school_decision(link, user))
    return link
