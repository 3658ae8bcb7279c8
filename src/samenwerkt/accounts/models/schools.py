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


class AskedOfTheProgrammeOffice(models.Model):
    """Who asked and when, and the programme office's decision: the same for a claim on
    a school and for a school proposed for the list."""

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
        abstract = True


class SchoolLink(AskedOfTheProgrammeOffice):
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


class InstitutionProposal(AskedOfTheProgrammeOffice):
    """A school that is not on the handbook's list, proposed by an education partner.
    The programme office checks it; once approved it becomes an institution (kept by
    the handbook loader, marked as not from the handbook) and the partner's link to it
    is verified."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the programme office")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    class Level(models.TextChoices):
        MBO = "MBO", "MBO"
        HBO = "HBO", "HBO"

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="institution_proposals"
    )
    name = models.CharField(_("name of the school"), max_length=200)
    level = models.CharField(_("level"), max_length=3, choices=Level.choices)
    website = models.URLField(_("website"), max_length=200)  # as Institution.website
    town = models.CharField(_("town"), max_length=100)
    province = models.ForeignKey(
        "handbook.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    institution = models.ForeignKey(
        "handbook.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposed school")
        verbose_name_plural = _("proposed schools")

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def domain(self) -> str:
        from ..services.schools import domain_of

        return domain_of(self.website)
