"""Personal API tokens (models/tokens.py): made, revoked, and checked on every API
call."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import audit_record
from ..models import ApiToken, AuditEvent, Membership, User
from ..models.tokens import TOKEN_PREFIX, new_token

# How long a token may live: people choose; none lives for ever.
TOKEN_DAYS = (30, 90, 365)
# Tokens in use per person: enough for a few integrations, few enough to keep track.
MAX_ACTIVE_TOKENS = 10
# last_used_at is written at most this often, so a busy integration does not write on
# every call.
LAST_USED_GRANULARITY = timedelta(minutes=5)


def _active(user):
    return ApiToken.objects.filter(user=user, revoked_at=None, expires_at__gt=timezone.now())


@transaction.atomic
def api_token_create(*, user, organisation, name: str, days: int, request=None):
    """Make a token; returns it with its secret, which is shown once and not kept."""
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise PermissionDenied("not a member of this organisation")
    if organisation.kind == organisation.Kind.PROGRAMME_OFFICE:
        # Its queue holds other organisations' messages: read only with a second factor.
        raise PermissionDenied("no tokens for the programme office")
    if days not in TOKEN_DAYS:
        raise ValidationError({"days": _("Choose how long the token works.")})
    # Lock the person's row, so two requests at once cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if _active(user).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {
                "name": _("You have %(n)s tokens in use: revoke one first.")
                % {"n": MAX_ACTIVE_TOKENS}
            }
        )
    secret = new_token()
    token = ApiToken.objects.create(
        user=user,
        organisation=organisation,
        name=name,
        token_hash=ApiToken.hash_of(secret),
        hint=secret[-4:],
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        AuditEvent.Kind.TOKEN_CREATED,
        user=user,
        actor=user,
        organisation=organisation,
        request=request,
        name=name,
        days=days,
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, user, token: ApiToken, request=None) -> None:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != user.pk:
        raise PermissionDenied("not this person's token")
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        AuditEvent.Kind.TOKEN_REVOKED,
        user=user,
        actor=user,
        organisation=token.organisation,
        request=request,
        name=token.name,
    )


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The token this secret belongs to, if it works now: not expired or revoked, its
    account active and still a member of its organisation."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user", "organisation")
        .filter(token_hash=ApiToken.hash_of(secret))
        .first()
    )
    now = timezone.now()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    if not Membership.objects.filter(
        user_id=token.user_id, organisation_id=token.organisation_id
    ).exists():
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
