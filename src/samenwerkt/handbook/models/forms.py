from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenwerkt.core.models import PublicContent
from samenwerkt.core.reversing import reverse_cached
from samenwerkt.core.translation import Translated

from ..bands import band_for_effort
from .base import HandbookManaged, bilingual

STARS = [MinValueValidator(1), MaxValueValidator(5)]


class CollaborationForm(HandbookManaged):
    """One of the eight forms of collaboration of chapter 3, numbered as its detail pages."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    name_nl, name_en = bilingual("name", "name")
    summary_nl, summary_en = bilingual("summary", "summary", text=True)
    what_nl, what_en = bilingual("what", "what it is", text=True)
    takes_nl, takes_en = bilingual("takes", "what it takes", text=True)
    brings_nl, brings_en = bilingual("brings", "what it brings", text=True)
    highlight_nl, highlight_en = bilingual("highlight", "highlight", blank=True)
    effort = models.PositiveSmallIntegerField(
        _("effort stars"),
        validators=STARS,
        help_text=_("People and means the company puts in: 1 (little) to 5 (much)."),
    )
    tips = models.ManyToManyField("handbook.Tip", blank=True, related_name="forms")

    name = Translated("name")
    summary = Translated("summary")
    what = Translated("what")
    takes = Translated("takes")
    brings = Translated("brings")
    highlight = Translated("highlight")

    class Meta:
        ordering = ["number"]
        verbose_name = _("form of collaboration")
        verbose_name_plural = _("forms of collaboration")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effort__gte=1, effort__lte=5), name="form_effort_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse_cached("handbook:collaboration_form", self.slug)

    @property
    def band(self) -> str:
        return band_for_effort(self.effort).value


class Outcome(PublicContent):
    """The expected yield (1–5 stars) of one form for one reason."""

    collaboration_form = models.ForeignKey(
        CollaborationForm, on_delete=models.CASCADE, related_name="outcomes"
    )
    reason = models.ForeignKey("handbook.Reason", on_delete=models.CASCADE, related_name="outcomes")
    stars = models.PositiveSmallIntegerField(_("outcome stars"), validators=STARS)

    class Meta:
        ordering = ["collaboration_form", "reason"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration_form", "reason"], name="outcome_form_reason_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="outcome_stars_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.collaboration_form.number} × {self.reason.code}: {self.stars}"
