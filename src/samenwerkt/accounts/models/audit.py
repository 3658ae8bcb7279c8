"""The security log: who did what to an account or an organisation, and when. A person
sees the events of their own account; staff see all (the admin, read-only)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("sign-in failed")
        SIGNED_OUT = "signed_out", _("signed out")
        SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", _("signed out everywhere")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        PASSWORD_RESET = "password_reset", _("password reset by email")
        TWO_FACTOR_ON = "two_factor_on", _("two-factor authentication turned on")
        TWO_FACTOR_OFF = "two_factor_off", _("two-factor authentication turned off")
        RECOVERY_CODES_NEW = "recovery_codes_new", _("new recovery codes made")
        ORGANISATION_CREATED = "organisation_created", _("organisation created")
        INVITATION_SENT = "invitation_sent", _("invitation sent")
        INVITATION_WITHDRAWN = "invitation_withdrawn", _("invitation withdrawn")
        INVITATION_ACCEPTED = "invitation_accepted", _("invitation accepted")
        ROLE_CHANGED = "role_changed", _("role changed")
        MEMBER_REMOVED = "member_removed", _("member removed")
        MEMBER_LEFT = "member_left", _("member left")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("account deactivated")
        SCHOOL_VERIFIED = "school_verified", _("school verified")
        SCHOOL_REFUSED = "school_refused", _("school refused")
        SCHOOL_PROPOSED = "school_proposed", _("new school proposed")
        DATA_EXPORTED = "data_exported", _("personal data exported")
        ACCOUNT_DELETED = "account_deleted", _("account deleted")
        TOKEN_CREATED = "token_created", _("API token made")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")

    kind = models.CharField(_("event"), max_length=40, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # Whose account the event is about, and who did it (not the same for a removal).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # What else matters: the address a failed sign-in tried, the new role, …
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [models.Index(fields=["user", "-at"], name="audit_user_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.at:%Y-%m-%d %H:%M}"
