"""Invitations to join an organisation: sent by email, accepted once."""

from __future__ import annotations

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import emails
from ..audit import audit_record
from ..models import AuditEvent, Invitation, Membership, Organisation
from ..models.organisations import token_hash
from .organisations import require_owner

Kind = AuditEvent.Kind


# --- invitations -----------------------------------------------------------------------


def _expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


@transaction.atomic
def invitation_create(
    *, actor, organisation: Organisation, email: str, role: str, request=None
) -> Invitation:
    """Invite ``email`` to join; the link goes out by email after the transaction
    commits. The token is in that email only; we keep its hash."""
    require_owner(actor, organisation)
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
    require_owner(actor, invitation.organisation)
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
