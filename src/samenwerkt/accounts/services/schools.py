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


def domain_of(website: str) -> str:
    """ "https://www.deltion.nl/opleidingen" → "deltion.nl"."""
    try:
        host = urlsplit(website or "").hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def school_domain(institution) -> str:
    """The school's own web domain, from its researched website: "www.deltion.nl" and
    "https://deltion.nl/opleidingen" both give "deltion.nl"."""
    return domain_of(institution.website)


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
        transaction.on_commit(
            lambda user=owner.user: emails.school_decision(
                user,
                organisation=link.organisation,
                school=link.institution.name,
                verified=link.is_verified,
                note=link.note,
            )
        )
    return link


# --- schools not on the handbook's list ----------------------------------------------


@transaction.atomic
def institution_propose(*, actor, organisation: Organisation, request=None, **fields):
    """An owner of an education partner proposes a school that is not on the list."""
    from ..models import InstitutionProposal
    from .organisations import require_owner

    require_owner(actor, organisation)
    if organisation.kind != Organisation.Kind.EDUCATION:
        raise PermissionDenied("only education partners propose schools")
    proposal = InstitutionProposal(organisation=organisation, requested_by=actor, **fields)
    proposal.full_clean()
    proposal.save()
    audit_record(
        AuditEvent.Kind.SCHOOL_PROPOSED,
        user=actor,
        actor=actor,
        organisation=organisation,
        request=request,
        school=proposal.name,
    )
    return proposal


def _unique_slug(name: str) -> str:
    from django.utils.text import slugify

    from samenwerkt.handbook.models import Institution

    base = slugify(name)[:200] or "school"
    slug, n = base, 1
    while Institution.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _new_institution(proposal, *, on):
    """The approved school as an institution of the finder: under its province's
    region, after the handbook's schools there, marked as not from the handbook. It is
    marked ``edited_in_admin`` so the handbook loader keeps it."""
    from django.db.models import Max
    from django.utils import translation
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    from samenwerkt.handbook.models import Institution, Listing

    notes = {}
    for language in ("nl", "en"):
        with translation.override(language):
            notes[language] = gettext(
                "not in the handbook: added by the programme office on %(date)s"
            ) % {"date": date_format(on, "j F Y")}
    institution = Institution.objects.create(
        name=proposal.name,
        slug=_unique_slug(proposal.name),
        level=proposal.level,
        website=proposal.website,
        towns=proposal.town,
        source=proposal.website,
        confirmed=False,
        checked=on,
        note_nl=notes["nl"],
        note_en=notes["en"],
        edited_in_admin=True,
    )
    institution.provinces.add(proposal.province)
    region = proposal.province.region
    last = Listing.objects.filter(region=region).aggregate(m=Max("position"))["m"] or 0
    Listing.objects.create(region=region, institution=institution, position=last + 1)
    return institution


@transaction.atomic
def institution_proposal_decide(*, actor, proposal, approved: bool, note: str = "", request=None):
    """The programme office approves a proposed school (it joins the finder and the
    team is verified for it) or refuses it with a reason; the owners are told."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from samenwerkt.handbook.models import Institution

    from ..models import InstitutionProposal

    if not actor.is_programme_office():
        raise PermissionDenied("only the programme office decides")
    proposal = (
        InstitutionProposal.objects.select_for_update()
        .select_related("organisation", "province__region")
        .get(pk=proposal.pk)
    )
    if proposal.status != InstitutionProposal.Status.PENDING:
        raise ValidationError(_("This proposal has been decided already."))
    now = timezone.now()
    proposal.decided_by, proposal.decided_at, proposal.note = actor, now, note
    link = None
    if approved:
        if Institution.objects.filter(name__iexact=proposal.name).exists():
            raise ValidationError(
                _("A school with this name is on the list already: refuse and say so.")
            )
        proposal.institution = _new_institution(proposal, on=timezone.localdate(now))
        proposal.status = InstitutionProposal.Status.APPROVED
        link = SchoolLink.objects.create(
            organisation=proposal.organisation,
            institution=proposal.institution,
            status=SchoolLink.Status.VERIFIED,
            method=SchoolLink.Method.PROGRAMME_OFFICE,
            requested_by=proposal.requested_by,
            decided_by=actor,
            decided_at=now,
            note=note,
        )
    else:
        proposal.status = InstitutionProposal.Status.REFUSED
    proposal.save()
    organisation = proposal.organisation
    for owner in organisation.memberships.filter(role="owner").select_related("user"):
        audit_record(
            AuditEvent.Kind.SCHOOL_VERIFIED if approved else AuditEvent.Kind.SCHOOL_REFUSED,
            user=owner.user,
            actor=actor,
            organisation=organisation,
            request=request,
            school=proposal.name,
            proposed=True,
        )
        transaction.on_commit(
            lambda user=owner.user: emails.school_decision(
                user, organisation=organisation, school=proposal.name, verified=approved, note=note
            )
        )
    return link
