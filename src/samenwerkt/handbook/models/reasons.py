from django.db import models
from django.utils.translation import gettext_lazy as _

from samenwerkt.core.models import PublicContent
from samenwerkt.core.translation import Translated

from .base import HandbookManaged, bilingual


class Reason(HandbookManaged):
    """One of the four reasons A–D of chapter 2: why a company collaborates."""

    code = models.CharField(_("code"), max_length=1, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    name_nl, name_en = bilingual("name", "name")
    short_name_nl, short_name_en = bilingual("short_name", "short name")
    summary_nl, summary_en = bilingual("summary", "summary", text=True)

    name = Translated("name")
    short_name = Translated("short_name")
    summary = Translated("summary")

    class Meta:
        ordering = ["code"]
        verbose_name = _("reason")
        verbose_name_plural = _("reasons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__in=["A", "B", "C", "D"]), name="reason_code_a_to_d"
            )
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"


class ReasonBenefit(PublicContent):
    """A benefit named under a reason (the sub-headings of chapter 2)."""

    reason = models.ForeignKey(Reason, on_delete=models.CASCADE, related_name="benefits")
    position = models.PositiveSmallIntegerField()
    title_nl, title_en = bilingual("title", "title")
    body_nl, body_en = bilingual("body", "body", text=True)
    link = models.URLField(blank=True)

    title = Translated("title")
    body = Translated("body")

    class Meta:
        ordering = ["reason", "position"]
        constraints = [
            models.UniqueConstraint(fields=["reason", "position"], name="benefit_position_unique")
        ]

    def __str__(self):
        return self.title
