"""Organisations (a company, an education partner, the programme office), the people in
them (memberships with a role) and invitations to join.

An invitation's token is sent by email once and stored only as its SHA-256 hash, so
a copy of the database gives nobody a working link."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KVK_NUMBER = RegexValidator(
    r"^[0-9]{8}\Z", _("A KvK number has exactly 8 digits, for example 12345678.")
)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("company")
        EDUCATION = "education", _("education partner")
        PROGRAMME_OFFICE = "programme_office", _("programme office")

    class Size(models.TextChoices):
        SMALL = "1-10", _("1 to 10 people")
        MEDIUM = "11-50", _("11 to 50 people")
        LARGE = "51-250", _("51 to 250 people")
        LARGER = "250+", _("more than 250 people")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[KVK_NUMBER]
    )
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, blank=True)
    province = models.ForeignKey(
        "handbook.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    institutions = models.ManyToManyField(
        "handbook.Institution",
        verbose_name=_("institutions"),
        blank=True,
        related_name="organisations",
        through="accounts.SchoolLink",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # A company says how big it is; only a company has a KvK number here.
            models.CheckConstraint(
                condition=~Q(kind="company") | ~Q(size=""), name="company_has_size"
            ),
            models.CheckConstraint(
                condition=Q(kind="company") | Q(kvk_number=""), name="kvk_only_for_companies"
            ),
            models.CheckConstraint(
                condition=Q(kvk_number="") | Q(kvk_number__regex=r"^[0-9]{8}$"),
                name="kvk_number_is_8_digits",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def region(self):
        return self.province.region if self.province_id else None

    @property
    def is_company(self) -> bool:
        return self.kind == self.Kind.COMPANY


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        MEMBER = "member", _("member")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_each")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.withdrawn_at is None and now < self.expires_at
