"""Two-factor authentication (django-allauth's mfa: an authenticator app with recovery
codes). Everyone may turn it on; staff and the programme office must, before they can
open any other page: their accounts can change what every visitor reads and see what
organisations share with the programme office."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from .middleware import SignedInCheckMiddleware

# The pages someone who must turn two-factor on may still open: setting it up, the
# recovery codes that come with it, confirming their password for it, signing out.
SETUP_PAGES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "account_logout",
        "livez",
        "healthz",
    }
)


def requires_two_factor(user) -> bool:
    """Whether this account may do nothing before two-factor authentication is on."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    is_programme_office = getattr(user, "is_programme_office", None)
    return bool(is_programme_office and is_programme_office())


def has_two_factor(user) -> bool:
    return is_mfa_enabled(user, types=[Authenticator.Type.TOTP])


class RequireTwoFactorMiddleware(SignedInCheckMiddleware):
    def check(self, request, user):
        if requires_two_factor(user) and not has_two_factor(user):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in SETUP_PAGES and not request.path_info.startswith("/api/"):
                messages.info(
                    request,
                    _(
                        "Your account can change what others see, so it needs "
                        "two-factor authentication. Turn it on first: it takes a minute "
                        "with an authenticator app on your phone."
                    ),
                )
                return redirect("mfa_activate_totp")
        return None
