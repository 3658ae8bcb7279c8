"""Writes about accounts and organisations that touch several objects or have side
effects (DESIGN.md: keyword arguments, one transaction each, named <noun>_<verb>).
Each refuses what its actor may not do with ``PermissionDenied`` (the views turn an
object of another organisation into a 404 before it gets here) and what breaks a rule
with ``ValidationError`` carrying a message for the person."""

from .account import (
    account_delete,
    account_deletion_plan,
    personal_data_export,
)
from .invitations import (
    InvitationRefused,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_withdraw,
)
from .organisations import membership_change_role, membership_remove, organisation_create
from .profiles import profile_save
from .schools import (
    address_at_school,
    institution_proposal_decide,
    institution_propose,
    school_domain,
    school_link_decide,
    school_link_request,
)
from .sessions import sessions_end
from .tokens import api_token_authenticate, api_token_create, api_token_revoke

__all__ = [
    "InvitationRefused",
    "account_delete",
    "account_deletion_plan",
    "address_at_school",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "institution_proposal_decide",
    "institution_propose",
    "invitation_accept",
    "invitation_create",
    "invitation_for_token",
    "invitation_withdraw",
    "membership_change_role",
    "membership_remove",
    "organisation_create",
    "personal_data_export",
    "profile_save",
    "school_domain",
    "school_link_decide",
    "school_link_request",
    "sessions_end",
]
