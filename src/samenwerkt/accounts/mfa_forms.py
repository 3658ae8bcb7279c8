"""allauth's two-factor forms with the code field worded for this site (allauth's Dutch
catalogue leaves "Authenticator code" in English) and a hint where the code is."""

from __future__ import annotations

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django.utils.translation import gettext_lazy as _


def _word(form) -> None:
    field = form.fields["code"]
    field.label = _("Six-digit code from your authenticator app")
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(inputmode="numeric", autocomplete="one-time-code")


class SiteActivateTOTPForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(self)


class SiteAuthenticateForm(AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(self)
        self.fields["code"].help_text = _("Lost your phone? Enter one of your recovery codes.")


class SiteReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word(self)
