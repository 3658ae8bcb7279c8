"""Which schools an education partner speaks for. A link to an institution of the
handbook's list starts as a claim; it is verified automatically when the person who
made it has a confirmed address at the school's own web domain, else by the programme
office from its queue. Only a verified link lets the partner publish the school's
profile; until then it can prepare a draft."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SchoolLink(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the programme office")
        VERIFIED = "verified", _("verified")
        REFUSED = "refused", _("refused")

    class Method(models.TextChoices):
        EMAIL_DOMAIN = "email_domain", _("email address at the school's domain")
        PROGRAMME_OFFICE = "programme_office", _("checked by the programme office")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="school_links"
    )
    institution = models.ForeignKey(
        "handbook.Institution", on_delete=models.CASCADE, related_name="school_links"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    method = models.CharField(_("verified by"), max_length=20, choices=Method.choices, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    note = models.CharField(_("note to the school"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("school link")
        verbose_name_plural = _("school links")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "institution"], name="one_link_per_school"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.institution} ({self.get_status_display()})"

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED
