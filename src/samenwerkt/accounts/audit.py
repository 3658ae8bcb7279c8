"""Writing the security log (models/audit.py). One function writes; the receivers
below turn Django's, allauth's and its two-factor signals into events, and services
call ``audit_record`` for what they do to organisations."""

from __future__ import annotations

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from samenwerkt.core.client_ip import client_ip

from .models import AuditEvent, User


def audit_record(
    kind: str,
    *,
    user,
    actor,
    organisation=None,
    request=None,
    **detail,
) -> AuditEvent:
    """Log ``kind`` about ``user``'s account, done by ``actor`` (None: nobody signed
    in), with the client's address when there is a request."""
    return AuditEvent.objects.create(
        kind=kind,
        user=user,
        actor=actor,
        organisation=organisation,
        ip=client_ip(request) if request is not None else None,
        detail={k: v for k, v in detail.items() if v is not None},
    )


@receiver(auth_signals.user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    audit_record(AuditEvent.Kind.SIGNED_IN, user=user, actor=user, request=request)


@receiver(auth_signals.user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None and user.pk is not None:  # not the sign-out after deletion
        audit_record(AuditEvent.Kind.SIGNED_OUT, user=user, actor=user, request=request)


@receiver(auth_signals.user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    tried = (credentials.get("email") or credentials.get("username") or "").strip()[:254]
    # The account's owner sees attempts on their account; an address with no account
    # is kept as typed (for staff), never shown to anyone else.
    user = User.objects.filter(email__iexact=tried).first() if tried else None
    audit_record(
        AuditEvent.Kind.SIGN_IN_FAILED, user=user, actor=None, request=request, tried=tried
    )


@receiver(mfa_signals.authentication_failed)
def _code_failed(sender, request, user, **kwargs):
    audit_record(
        AuditEvent.Kind.SIGN_IN_FAILED, user=user, actor=None, request=request, step="code"
    )


@receiver(account_signals.password_changed)
@receiver(account_signals.password_set)
def _password_changed(sender, request, user, **kwargs):
    audit_record(AuditEvent.Kind.PASSWORD_CHANGED, user=user, actor=user, request=request)


@receiver(account_signals.password_reset)
def _password_reset(sender, request, user, **kwargs):
    audit_record(AuditEvent.Kind.PASSWORD_RESET, user=user, actor=user, request=request)


@receiver(mfa_signals.authenticator_added)
def _two_factor_on(sender, request, user, authenticator, **kwargs):
    if authenticator.type == authenticator.Type.TOTP:
        audit_record(AuditEvent.Kind.TWO_FACTOR_ON, user=user, actor=user, request=request)


@receiver(mfa_signals.authenticator_removed)
def _two_factor_off(sender, request, user, authenticator, **kwargs):
    if authenticator.type == authenticator.Type.TOTP:
        audit_record(AuditEvent.Kind.TWO_FACTOR_OFF, user=user, actor=user, request=request)


@receiver(mfa_signals.authenticator_reset)
def _recovery_codes_new(sender, request, user, authenticator, **kwargs):
    if authenticator.type == authenticator.Type.RECOVERY_CODES:
        audit_record(AuditEvent.Kind.RECOVERY_CODES_NEW, user=user, actor=user, request=request)
