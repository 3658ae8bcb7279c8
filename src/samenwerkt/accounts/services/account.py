"""A person's own account: the export of their data and deleting the account.

What deletion does to organisations, said plainly on the page before and here:

* an organisation where the person is the only member is deleted with the account,
  with everything in it (invitations, school links, conversations, API tokens);
* where others remain, only the membership goes; what the person wrote there stays,
  without their name ("a former member");
* where the person is the only owner and others remain, deletion is refused until
  they make someone else owner (an organisation always has an owner);
* a school profile that no verified team keeps any more is taken off the site.

The account's security log goes with it, except the events about organisations that
remain (kept for those organisations without the person's name); one event records that
an account was deleted, without name or address."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ..audit import audit_record
from ..models import AuditEvent, Invitation, Membership, Organisation, SchoolLink
from ..personal_data import personal_data
from .sessions import sessions_end


def personal_data_export(*, user, request=None) -> dict:
    audit_record(AuditEvent.Kind.DATA_EXPORTED, user=user, actor=user, request=request)
    return personal_data(user)


@dataclass
class DeletionPlan:
    """What deleting this account would do, for the page that asks to confirm."""

    deleted: list[Organisation] = field(default_factory=list)  # only member
    left: list[Organisation] = field(default_factory=list)  # others remain
    blocking: list[Organisation] = field(default_factory=list)  # only owner of others
    refused_for_staff: bool = False
    # The only member of the programme office: the site needs one (it runs the queues).
    last_of_programme_office: bool = False

    @property
    def possible(self) -> bool:
        return not (self.blocking or self.refused_for_staff or self.last_of_programme_office)


def account_deletion_plan(*, user) -> DeletionPlan:
    plan = DeletionPlan(refused_for_staff=user.is_staff or user.is_superuser)
    # Per organisation: how many members, and how many owners besides this person.
    colleagues = ~Q(organisation__memberships__user=user)
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .annotate(
            members=Count("organisation__memberships", distinct=True),
            other_owners=Count(
                "organisation__memberships",
                filter=colleagues & Q(organisation__memberships__role=Membership.Role.OWNER),
                distinct=True,
            ),
        )
        .order_by("organisation__name")
    )
    for membership in memberships:
        organisation = membership.organisation
        if membership.members == 1 and organisation.kind == Organisation.Kind.PROGRAMME_OFFICE:
            plan.last_of_programme_office = True
        elif membership.members == 1:
            plan.deleted.append(organisation)
        elif membership.is_owner and not membership.other_owners:
            plan.blocking.append(organisation)
        else:
            plan.left.append(organisation)
    return plan


@transaction.atomic
def account_delete(*, user, request=None) -> None:
    # Lock the account's memberships' organisations: an owner leaving at the same
    # moment must not leave an organisation without one.
    organisation_ids = list(user.memberships.values_list("organisation_id", flat=True))
    list(Organisation.objects.select_for_update().filter(pk__in=organisation_ids))
    plan = account_deletion_plan(user=user)
    if plan.refused_for_staff:
        raise ValidationError(
            _("An administrator's account is removed by another administrator, in the admin.")
        )
    if plan.last_of_programme_office:
        raise ValidationError(
            _("You are the programme office's only member: staff add someone else first.")
        )
    if plan.blocking:
        raise ValidationError(
            _("Make someone else owner of %(names)s first.")
            % {"names": ", ".join(o.name for o in plan.blocking)}
        )
    schools = set(
        SchoolLink.objects.filter(
            organisation__in=plan.deleted, status=SchoolLink.Status.VERIFIED
        ).values_list("institution_id", flat=True)
    )
    # Events about organisations that remain stay with them, without the person.
    for event in AuditEvent.objects.filter(user=user, organisation__in=plan.left):
        event.detail.pop("email", None)
        event.user, event.ip = None, None
        event.save(update_fields=["user", "ip", "detail"])
    Invitation.objects.filter(accepted_by=user).update(email="")
    sessions_end(user=user)
    for organisation in plan.deleted:
        organisation.delete()
    _unpublish_unkept_profiles(schools)
    audit_record(AuditEvent.Kind.ACCOUNT_DELETED, user=None, actor=None, request=request)
    user.delete()


def _unpublish_unkept_profiles(institution_ids) -> None:
    from samenwerkt.handbook.models import SchoolProfile

    still_kept = set(
        SchoolLink.objects.filter(
            institution_id__in=institution_ids, status=SchoolLink.Status.VERIFIED
        ).values_list("institution_id", flat=True)
    )
    # One save each (there are rarely more than one): a save bumps the public content
    # version, so no cached page keeps showing the profile.
    for profile in SchoolProfile.objects.filter(
        institution_id__in=set(institution_ids) - still_kept, published=True
    ):
        profile.published = False
        profile.save(update_fields=["published"])
