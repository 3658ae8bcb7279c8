"""The handbook as a publication: its survey figures, sources, chapters and links."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from samenwerkt.core.models import PublicContent
from samenwerkt.core.translation import Translated

from .base import HandbookManaged, bilingual


class Edition(HandbookManaged):
    """The handbook itself; one row. Holds its survey figures and short texts."""

    key = models.SlugField(unique=True, default="samen-werkt")
    title_nl, title_en = bilingual("title", "title")
    subtitle_nl, subtitle_en = bilingual("subtitle", "subtitle")
    intro_nl, intro_en = bilingual("intro", "introduction", text=True)
    publisher_name = models.CharField(max_length=200)
    publisher_short = models.CharField(max_length=40)
    publisher_email = models.EmailField()
    publisher_website = models.URLField()
    # The year of publication as the handbook states it; empty while it states none
    # (the text we have has no colophon). The latest year its text mentions dates an
    # undated edition: "2018 or later".
    year = models.PositiveSmallIntegerField(_("year of publication"), null=True, blank=True)
    latest_year_mentioned = models.PositiveSmallIntegerField(
        _("latest year the handbook mentions"), null=True, blank=True
    )
    average_grade = models.DecimalField(
        _("average grade"), max_digits=3, decimal_places=1, default=Decimal("0")
    )
    not_acting_numerator = models.PositiveSmallIntegerField(default=1)
    not_acting_denominator = models.PositiveSmallIntegerField(default=1)
    max_company_size = models.PositiveIntegerField(default=0)
    population_nl, population_en = bilingual("population", "survey population")
    grade_text_nl, grade_text_en = bilingual("grade_text", "grade text", text=True)
    not_acting_text_nl, not_acting_text_en = bilingual(
        "not_acting_text", "not-acting text", text=True
    )
    sources_note_nl, sources_note_en = bilingual("sources_note", "sources note", text=True)
    closing_title_nl, closing_title_en = bilingual("closing_title", "closing advice title")
    closing_body_nl, closing_body_en = bilingual("closing_body", "closing advice", text=True)
    beslisboom_intro_nl, beslisboom_intro_en = bilingual(
        "beslisboom_intro", "decision tree introduction", text=True
    )
    ambassador_name = models.CharField(max_length=200, blank=True)
    ambassador_role_nl, ambassador_role_en = bilingual("ambassador_role", "ambassador role")
    ambassador_message_nl, ambassador_message_en = bilingual(
        "ambassador_message", "ambassador message", text=True
    )

    title = Translated("title")
    subtitle = Translated("subtitle")
    intro = Translated("intro")
    population = Translated("population")
    grade_text = Translated("grade_text")
    not_acting_text = Translated("not_acting_text")
    sources_note = Translated("sources_note")
    closing_title = Translated("closing_title")
    closing_body = Translated("closing_body")
    beslisboom_intro = Translated("beslisboom_intro")
    ambassador_role = Translated("ambassador_role")
    ambassador_message = Translated("ambassador_message")

    class Meta:
        verbose_name = _("handbook edition")
        verbose_name_plural = _("handbook edition")

    def __str__(self):
        return self.title_nl


class Source(PublicContent):
    """One of the sources the handbook analysed."""

    position = models.PositiveSmallIntegerField(unique=True)
    text_nl, text_en = bilingual("text", "text")

    text = Translated("text")

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.text


class Chapter(PublicContent):
    number = models.CharField(max_length=20, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    title_nl, title_en = bilingual("title", "title")

    title = Translated("title")

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ExternalLink(HandbookManaged):
    """An outside address the handbook points to (network, publication, contact)."""

    key = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    url = models.CharField(max_length=300)
    title_nl, title_en = bilingual("title", "title")
    description_nl, description_en = bilingual("description", "description", text=True)

    title = Translated("title")
    description = Translated("description")

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.title
