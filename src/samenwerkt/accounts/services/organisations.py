"""Organisations and their members: making one, roles, leaving."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import audit_record
from ..models import AuditEvent, Membership, Organisation
from .schools import school_link_request

Kind = AuditEvent.Kind


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
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.OWNER)
    audit_record(
        Kind.ORGANISATION_CREATED,
        user=user,
        actor=user,
        organisation=organisation,
        request=request,
        name=organisation.name,
    )
    for institution in institutions:
        school_link_request(
            organisation=organisation, institution=institution, user=user, request=request
        )
    return organisation


def _owners(organisation) -> int:
    return organisation.memberships.filter(role=Membership.Role.OWNER).count()


def require_owner(actor, organisation) -> Membership:
    membership = Membership.objects.filter(organisation=organisation, user=actor).first()
    if membership is None or not membership.is_owner:
        raise PermissionDenied("only an owner manages members")
    return membership


@transaction.atomic
def membership_change_role(*, actor, membership: Membership, role: str, request=None) -> None:
    # Lock the organisation's owner rows: two owners demoting each other at once must
    # not leave none.
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    require_owner(actor, organisation)
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
        require_owner(actor, organisation)
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
