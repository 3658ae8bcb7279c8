"""Personal API tokens. A member makes one for one organisation; the API then acts as
that member for that organisation only. The token is shown once, when it is made, and
stored only as its SHA-256 hash (it is random and long, so a fast hash is enough: there
is nothing to guess). It stops working when it expires, when it is revoked, or when its
maker leaves the organisation or the account is deactivated."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisations import token_hash

# The prefix tells a leaked token apart in logs and secret scanners.
TOKEN_PREFIX = "sw_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The last characters, so the person can tell their tokens apart.
    hint = models.CharField(max_length=4, editable=False)
    created_at = models.DateTimeField(_("made on"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires on"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} (…{self.hint})"

    @classmethod
    def hash_of(cls, token: str) -> str:
        return token_hash(token)

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at
