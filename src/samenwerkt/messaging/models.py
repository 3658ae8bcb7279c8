"""A company's first message to a school, and the conversation that follows (DESIGN.md:
Thread, Message). The site relays each message by email to the other side without
showing anyone's address; the two sides see each other's addresses only once the
school has replied. A thread belongs to the company's organisation (the plans issue
turns it into a plan's exploring step) and to the school team it reached, or waits
with the programme office when the school has no verified team on the site yet."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Thread(models.Model):
    class Route(models.TextChoices):
        SCHOOL = "school", _("to the school")
        PROGRAMME_OFFICE = "programme_office", _("to the programme office")

    class Level(models.TextChoices):
        MBO = "MBO", "MBO"
        HBO = "HBO", "HBO"

    company = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="threads_sent"
    )
    institution = models.ForeignKey(
        "handbook.Institution", on_delete=models.CASCADE, related_name="threads"
    )
    # The school team that received it: set when sent to the school, or when the
    # programme office passed it on to a team that became verified.
    school = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads_received",
    )
    route = models.CharField(_("sent"), max_length=20, choices=Route.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    collaboration_form = models.ForeignKey(
        "handbook.CollaborationForm",
        verbose_name=_("form of collaboration"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=3, choices=Level.choices)
    offer = models.TextField(_("what the company offers"), max_length=2000)
    when = models.CharField(_("when"), max_length=200)
    created_at = models.DateTimeField(_("sent on"), default=timezone.now, db_index=True)
    school_replied_at = models.DateTimeField(null=True, blank=True)
    forwarded_to = models.EmailField(_("forwarded to"), blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(_("reported as abuse"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["company", "-created_at"], name="thread_company_recent")]

    def __str__(self):
        return f"{self.company} → {self.institution}"

    @property
    def addresses_shown(self) -> bool:
        """Each side sees the other's addresses once the school has replied."""
        return self.school_replied_at is not None


class Message(models.Model):
    class Side(models.TextChoices):
        COMPANY = "company", _("company")
        SCHOOL = "school", _("school")
        PROGRAMME_OFFICE = "programme_office", _("programme office")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    side = models.CharField(max_length=20, choices=Side.choices)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.get_side_display()} {self.created_at:%Y-%m-%d %H:%M}"
