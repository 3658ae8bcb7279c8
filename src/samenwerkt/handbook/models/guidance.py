"""The handbook's advice: the five golden tips and the three-step plan."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samenwerkt.core.models import PublicContent
from samenwerkt.core.translation import Translated

from .base import HandbookManaged, bilingual


class Tip(HandbookManaged):
    """A golden tip (*gouden tip*) of chapter 4."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title_nl, title_en = bilingual("title", "title")
    summary_nl, summary_en = bilingual("summary", "summary", text=True)

    title = Translated("title")
    summary = Translated("summary")

    class Meta:
        ordering = ["number"]
        verbose_name = _("golden tip")
        verbose_name_plural = _("golden tips")

    def __str__(self):
        return f"{self.number}. {self.title}"


class TipPoint(PublicContent):
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="points")
    position = models.PositiveSmallIntegerField()
    title_nl, title_en = bilingual("title", "title")
    body_nl, body_en = bilingual("body", "body", text=True)

    title = Translated("title")
    body = Translated("body")

    class Meta:
        ordering = ["tip", "position"]
        constraints = [
            models.UniqueConstraint(fields=["tip", "position"], name="tippoint_position_unique")
        ]

    def __str__(self):
        return self.title


class Step(HandbookManaged):
    """One of the three steps of the step plan (*stappenplan*)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title_nl, title_en = bilingual("title", "title")
    summary_nl, summary_en = bilingual("summary", "summary", text=True)

    title = Translated("title")
    summary = Translated("summary")

    class Meta:
        ordering = ["number"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return f"{self.number}. {self.title}"


class StepAction(PublicContent):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField()
    title_nl, title_en = bilingual("title", "title")
    body_nl, body_en = bilingual("body", "body", text=True, blank=True)

    title = Translated("title")
    body = Translated("body")

    class Meta:
        ordering = ["step", "number"]
        constraints = [
            models.UniqueConstraint(fields=["step", "number"], name="stepaction_number_unique")
        ]

    def __str__(self):
        return f"{self.step.number}.{self.number} {self.title}"


class StepHint(PublicContent):
    """A pointer under an action: to a chapter, a page of ours, or an outside address."""

    PAGES = [
        "reasons",
        "forms",
        "advisor",
        "beslisboom",
        "examples",
        "institutions",
        "tips",
        "network",
        "contact",
    ]

    action = models.ForeignKey(StepAction, on_delete=models.CASCADE, related_name="hints")
    position = models.PositiveSmallIntegerField()
    text_nl, text_en = bilingual("text", "text", text=True)
    chapter = models.CharField(max_length=20, blank=True)
    page = models.CharField(max_length=20, blank=True, choices=[(p, p) for p in PAGES])
    url = models.CharField(max_length=300, blank=True)

    text = Translated("text")

    class Meta:
        ordering = ["action", "position"]
        constraints = [
            models.UniqueConstraint(fields=["action", "position"], name="stephint_position_unique")
        ]

    def __str__(self):
        return self.text
