"""Reads that decide who may see what (DESIGN.md): every query about organisations is
scoped to the actor's memberships, so another organisation's object is simply not
found (a 404, never a 403)."""

from __future__ import annotations

from django.http import Http404

from .models import AuditEvent, Invitation, Membership, Organisation

CURRENT_ORGANISATION = "organisation_id"


def memberships_for(*, user):
    """The actor's memberships, with their organisations, in name order."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def membership_get(*, user, organisation_id) -> Membership:
    """The actor's membership of this organisation, or 404."""
    try:
        return memberships_for(user=user).get(organisation_id=int(organisation_id))
    except (Membership.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def member_of_organisation_get(*, user, organisation: Organisation, membership_id) -> Membership:
    """Someone's membership of an organisation the actor belongs to, or 404."""
    membership_get(user=user, organisation_id=organisation.pk)
    try:
        return Membership.objects.select_related("user").get(
            organisation=organisation, pk=int(membership_id)
        )
    except (Membership.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def invitation_of_organisation_get(*, user, organisation: Organisation, invitation_id):
    membership_get(user=user, organisation_id=organisation.pk)
    try:
        return Invitation.objects.get(organisation=organisation, pk=int(invitation_id))
    except (Invitation.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def members_of(*, organisation: Organisation):
    return organisation.memberships.select_related("user").order_by("-role", "user__email")


def open_invitations_of(*, organisation: Organisation):
    from django.utils import timezone

    return organisation.invitations.filter(
        accepted_at=None, withdrawn_at=None, expires_at__gt=timezone.now()
    ).order_by("email")


def current_membership(request) -> Membership | None:
    """The organisation the person is working in now: the one chosen in this session,
    else their first. None for someone in no organisation."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = list(memberships_for(user=user))
    if not memberships:
        return None
    chosen = request.session.get(CURRENT_ORGANISATION)
    for membership in memberships:
        if membership.organisation_id == chosen:
            return membership
    return memberships[0]


def audit_events_for(*, user, limit: int = 100):
    """The security log of the actor's own account, newest first."""
    return (
        AuditEvent.objects.filter(user=user)
        .select_related("actor", "organisation")
        .order_by("-at", "-pk")[:limit]
    )
