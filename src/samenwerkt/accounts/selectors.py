"""Reads that decide who may see what (DESIGN.md): every query about organisations is
scoped to the actor's memberships, so another organisation's object is simply not
found (a 404, never a 403)."""

from __future__ import annotations

from django.http import Http404

from .models import AuditEvent, Invitation, Membership, Organisation

CURRENT_ORGANISATION = "organisation_id"


def get_or_404(queryset, pk):
    """The row of ``queryset`` with this id, or 404: also for an id that is not a
    number or does not fit the database (a tampered URL or form)."""
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


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
        raise Http404 from None  # by the organisation's id, not the membership's


def member_of_organisation_get(*, user, organisation: Organisation, membership_id) -> Membership:
    """Someone's membership of an organisation the actor belongs to, or 404."""
    membership_get(user=user, organisation_id=organisation.pk)
    return get_or_404(
        Membership.objects.select_related("user").filter(organisation=organisation), membership_id
    )


def invitation_of_organisation_get(*, user, organisation: Organisation, invitation_id):
    membership_get(user=user, organisation_id=organisation.pk)
    return get_or_404(Invitation.objects.filter(organisation=organisation), invitation_id)


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


def programme_office_required(*, user) -> None:
    """The programme office's own pages: for anyone else they do not exist."""
    if not (user.is_authenticated and user.is_programme_office()):
        raise Http404


def school_links_waiting(*, user):
    """The programme office's queue: claims on schools not yet decided, oldest first."""
    from .models import SchoolLink

    programme_office_required(user=user)
    return (
        SchoolLink.objects.filter(status=SchoolLink.Status.PENDING)
        .select_related("organisation", "institution", "requested_by")
        .order_by("created_at", "pk")
    )


def school_link_get(*, user, link_id):
    from .models import SchoolLink

    programme_office_required(user=user)
    return get_or_404(SchoolLink.objects.select_related("organisation", "institution"), link_id)


def school_links_of(*, organisation):
    return organisation.school_links.select_related("institution").order_by("institution__name")


def school_link_for_editing(*, user, slug):
    """The actor's own team's link to this school, verified or waiting (a refused
    claim edits nothing); 404 otherwise, also for a school another team keeps."""
    from .models import SchoolLink

    if not user.is_authenticated:
        raise Http404
    link = (
        SchoolLink.objects.filter(
            organisation__memberships__user=user,
            institution__slug=str(slug)[:220],
        )
        .exclude(status=SchoolLink.Status.REFUSED)
        .select_related("organisation", "institution")
        .order_by("-status")  # "verified" before "pending"
        .first()
    )
    if link is None:
        raise Http404
    return link


def proposals_waiting(*, user):
    """The programme office's queue of schools proposed for the list, oldest first."""
    from .models import InstitutionProposal

    programme_office_required(user=user)
    return (
        InstitutionProposal.objects.filter(status=InstitutionProposal.Status.PENDING)
        .select_related("organisation", "province", "requested_by")
        .order_by("created_at", "pk")
    )


def proposal_get(*, user, proposal_id):
    from .models import InstitutionProposal

    programme_office_required(user=user)
    return get_or_404(
        InstitutionProposal.objects.select_related("organisation", "province"), proposal_id
    )


def proposals_of(*, organisation):
    return organisation.institution_proposals.order_by("-created_at", "-pk")


def api_tokens_of(*, user):
    """The actor's own API tokens, newest first (someone else's are never listed)."""
    from .models import ApiToken

    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).select_related("organisation")


def api_token_get(*, user, token_id):
    return get_or_404(api_tokens_of(user=user), token_id)
