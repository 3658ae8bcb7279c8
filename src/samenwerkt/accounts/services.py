"""Writes about accounts and organisations that touch several objects or have side
effects (DESIGN.md: keyword arguments, one transaction each, named <noun>_<verb>).
Each refuses what its actor may not do with ``PermissionDenied`` (the views turn an
object of another organisation into a 404 before it gets here) and what breaks a rule
with ``ValidationError`` carrying a message for the person."""

from __future__ import annotations

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import emails
from .audit import audit_record
from .models import AuditEvent, Invitation, Membership, Organisation
from .models.organisations import token_hash

Kind = AuditEvent.Kind


@transaction.atomic
def sessions_end(*, user) -> int:
    """End every session of this account: all its browsers and devices. Returns how
    many ended."""
    from allauth.usersessions.models import UserSession

    ended = 0
    for session in UserSession.objects.filter(user=user).select_for_update():
        session.end()
        ended += 1
    return ended


# --- organisations -------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, user, request=None, institutions=(), **fields) -> Organisation:
    """A company or an education partner, with its creator as the first owner. The
    programme office is made by staff in the admin, never here."""
    if fields.get("kind") not in (Organisation.Kind.COMPANY, Organisation.Kind.EDUCATION):
        raise PermissionDenied("only companies and education partners are made here")
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    if institutions:
        organisation.institutions.set(institutions)
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.OWNER)
    audit_record(
        Kind.ORGANISATION_CREATED,
        user=user,
        actor=user,
        organisation=organisation,
        request=request,
        name=organisation.name,
    )
    return organisation


def _owners(organisation) -> int:
    return organisation.memberships.filter(role=Membership.Role.OWNER).count()


def _require_owner(actor, organisation) -> Membership:
    membership = Membership.objects.filter(organisation=organisation, user=actor).first()
    if membership is None or not membership.is_owner:
        raise PermissionDenied("only an owner manages members")
    return membership


@transaction.atomic
def membership_change_role(*, actor, membership: Membership, role: str, request=None) -> None:
    # Lock the organisation's owner rows: two owners demoting each other at once must
    # not leave none.
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    _require_owner(actor, organisation)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose owner or member.")})
    if membership.role == role:
        return
    if membership.is_owner and _owners(organisation) == 1:
        raise ValidationError(
            _("An organisation needs at least one owner. Make someone else owner first.")
        )
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        Kind.ROLE_CHANGED,
        user=membership.user,
        actor=actor,
        organisation=organisation,
        request=request,
        role=role,
    )


@transaction.atomic
def membership_remove(*, actor, membership: Membership, request=None) -> None:
    """An owner removes a member, or a member leaves (actor is the member)."""
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    leaving = membership.user_id == actor.pk
    if not leaving:
        _require_owner(actor, organisation)
    if membership.is_owner and _owners(organisation) == 1:
        if leaving:
            raise ValidationError(
                _("You are the only owner, so you cannot leave. Make someone else owner first.")
            )
        raise ValidationError(_("An organisation needs at least one owner."))
    user = membership.user
    membership.delete()
    audit_record(
        Kind.MEMBER_LEFT if leaving else Kind.MEMBER_REMOVED,
        user=user,
        actor=actor,
        organisation=organisation,
        request=request,
    )


# --- invitations -----------------------------------------------------------------------


def _expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


@transaction.atomic
def invitation_create(
    *, actor, organisation: Organisation, email: str, role: str, request=None
) -> Invitation:
    """Invite ``email`` to join; the link goes out by email after the transaction
    commits. The token is in that email only; we keep its hash."""
    _require_owner(actor, organisation)
    email = email.strip()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    # A new invitation replaces an open one to the same address.
    organisation.invitations.filter(
        email__iexact=email, accepted_at=None, withdrawn_at=None
    ).update(withdrawn_at=timezone.now())
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=actor,
        token_hash=token_hash(token),
        expires_at=_expiry(),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        Kind.INVITATION_SENT,
        user=actor,
        actor=actor,
        organisation=organisation,
        request=request,
        email=email,
        role=role,
    )
    transaction.on_commit(lambda: emails.invitation(invitation, token))
    return invitation


@transaction.atomic
def invitation_withdraw(*, actor, invitation: Invitation, request=None) -> None:
    _require_owner(actor, invitation.organisation)
    if invitation.accepted_at is None and invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        audit_record(
            Kind.INVITATION_WITHDRAWN,
            user=actor,
            actor=actor,
            organisation=invitation.organisation,
            request=request,
            email=invitation.email,
        )


class InvitationRefused(Exception):
    """Why an invitation link cannot be used; ``reason`` names it for the page."""

    def __init__(self, reason: str, invitation: Invitation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link's token belongs to, if it can still be used."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationRefused("unknown")
    if invitation.accepted_at is not None:
        raise InvitationRefused("used", invitation)
    if invitation.withdrawn_at is not None:
        raise InvitationRefused("withdrawn", invitation)
    if timezone.now() >= invitation.expires_at:
        raise InvitationRefused("expired", invitation)
    return invitation


@transaction.atomic
def invitation_accept(*, user, token: str, request=None) -> Membership:
    """Join through the link: only once, before it expires, and only for the address
    it was sent to (confirmed on this account)."""
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:  # accepted meanwhile, in another tab
        raise InvitationRefused("used", invitation)
    confirmed = EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()
    if not confirmed:
        raise InvitationRefused("other_address", invitation)
    membership, _created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        Kind.INVITATION_ACCEPTED,
        user=user,
        actor=user,
        organisation=invitation.organisation,
        request=request,
        role=membership.role,
    )
    return membership
