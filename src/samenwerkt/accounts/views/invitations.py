"""The page an invitation's link opens: who invites you to what, and a button to
accept (signed in with the invited address) or the way to sign in or sign up first.
A link that is unknown, used, withdrawn or expired says so plainly, and so does one
opened by an account with another address."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..selectors import CURRENT_ORGANISATION


def invitation(request, token: str):
    try:
        found = services.invitation_for_token(token)
    except services.InvitationRefused as refused:
        return _refused(request, refused)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.invitation_accept(user=request.user, token=token, request=request)
        except services.InvitationRefused as refused:
            return _refused(request, refused)
        request.session[CURRENT_ORGANISATION] = membership.organisation_id
        messages.success(
            request, _("Welcome to %(name)s.") % {"name": membership.organisation.name}
        )
        return redirect("accounts:organisation", organisation_id=membership.organisation_id)
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": found, "path": request.path},
    )


# Unknown: not found; used, expired, withdrawn: gone for good; another address: not
# for this account.
REFUSED_STATUS = {
    "unknown": 404,
    "used": 410,
    "expired": 410,
    "withdrawn": 410,
    "other_address": 403,
}


def _refused(request, refused: services.InvitationRefused):
    return render(
        request,
        "accounts/invitation_refused.html",
        {"reason": refused.reason, "invitation": refused.invitation},
        status=404
        if refused.reason == "unknown"
        else 410
        if refused.reason != "other_address"
        else 403,
    )
