"""The personal data export: everything the site keeps about one person, as JSON.

Each app adds the part it keeps with ``@personal_data_section("name")`` (messaging adds
the messages the person wrote; the plans will add theirs), so a new kind of personal
data cannot be kept without a place in the export. Secrets are never exported: not the
password hash, the authenticator's key, recovery codes or API tokens themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

FORMAT = "samenwerkt-personal-data/1"
_SECTIONS: dict[str, Callable[[Any], Any]] = {}


def personal_data_section(name: str):
    def register(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
        _SECTIONS[name] = func
        return func

    return register


def personal_data(user) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT,
        "site": settings.SITE_URL,
        "made_at": timezone.now().isoformat(),
    }
    for name, section in _SECTIONS.items():
        data[name] = section(user)
    return data


def when(value) -> str | None:
    """A moment in the export: ISO 8601 with its time zone, or null."""
    return value.isoformat() if value else None


def _organisation(organisation) -> dict[str, Any] | None:
    if organisation is None:
        return None
    return {"id": organisation.pk, "name": organisation.name, "kind": organisation.kind}


@personal_data_section("account")
def _account(user):
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "joined": when(user.date_joined),
        "last_sign_in": when(user.last_login),
    }


@personal_data_section("email_addresses")
def _addresses(user):
    from allauth.account.models import EmailAddress

    return [
        {"email": a.email, "confirmed": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


@personal_data_section("two_factor")
def _two_factor(user):
    from allauth.mfa.models import Authenticator

    return [
        {"kind": a.type, "since": when(a.created_at), "last_used": when(a.last_used_at)}
        for a in Authenticator.objects.filter(user=user).order_by("created_at")
    ]


@personal_data_section("sessions")
def _sessions(user):
    from allauth.usersessions.models import UserSession

    return [
        {
            "ip": s.ip,
            "browser": s.user_agent,
            "started": when(s.created_at),
            "last_seen": when(s.last_seen_at),
        }
        for s in UserSession.objects.filter(user=user).order_by("-last_seen_at")
    ]


@personal_data_section("memberships")
def _memberships(user):
    return [
        {
            "organisation": _organisation(m.organisation),
            "role": m.role,
            "since": when(m.created_at),
        }
        for m in user.memberships.select_related("organisation").order_by("pk")
    ]


@personal_data_section("invitations_sent")
def _invitations(user):
    from .models import Invitation

    return [
        {
            "organisation": _organisation(i.organisation),
            "email": i.email,
            "role": i.role,
            "sent": when(i.created_at),
            "accepted": when(i.accepted_at),
            "withdrawn": when(i.withdrawn_at),
        }
        for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
    ]


@personal_data_section("api_tokens")
def _tokens(user):
    return [
        {
            "name": t.name,
            "organisation": _organisation(t.organisation),
            "ends_with": t.hint,
            "made": when(t.created_at),
            "expires": when(t.expires_at),
            "last_used": when(t.last_used_at),
            "revoked": when(t.revoked_at),
        }
        for t in user.api_tokens.select_related("organisation")
    ]


@personal_data_section("security_log")
def _security_log(user):
    return [
        {
            "event": e.kind,
            "at": when(e.at),
            "ip": e.ip,
            "organisation": _organisation(e.organisation),
            "detail": e.detail,
        }
        for e in user.audit_events.select_related("organisation")
    ]
