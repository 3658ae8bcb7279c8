"""Where the schools are: Techniekpact regions, provinces and institutions (the appendix)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samenwerkt.core.models import PublicContent
from samenwerkt.core.translation import Translated

from .base import HandbookManaged, bilingual


class Region(HandbookManaged):
    """A Techniekpact region."""

    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    name_nl, name_en = bilingual("name", "name")

    name = Translated("name")

    class Meta:
        ordering = ["position"]
        verbose_name = _("Techniekpact region")
        verbose_name_plural = _("Techniekpact regions")

    def __str__(self):
        return self.name


class Province(PublicContent):
    """A province, or half of one: the appendix splits Noord-Brabant into west and east."""

    slug = models.SlugField(unique=True)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="provinces")
    position = models.PositiveSmallIntegerField(default=0)
    name_nl, name_en = bilingual("name", "name")

    name = Translated("name")

    class Meta:
        ordering = ["region__position", "position"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class InstitutionLevel(models.TextChoices):
    MBO = "MBO", "MBO"
    HBO = "HBO", "HBO"


class Institution(HandbookManaged):
    """A school where ICT is taught; the appendix may list one in several regions."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(unique=True, max_length=220)
    level = models.CharField(
        _("level"), max_length=3, choices=InstitutionLevel.choices, db_index=True
    )
    note_nl, note_en = bilingual("note", "note", blank=True)
    website = models.URLField(_("website"), blank=True)
    regions = models.ManyToManyField(Region, through="Listing", related_name="institutions")

    note = Translated("note")

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name


class Listing(PublicContent):
    """An institution as listed under a region, in the appendix's order."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="listings")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="listings")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["region__position", "institution__level", "position"]
        constraints = [
            models.UniqueConstraint(fields=["region", "institution"], name="listing_unique")
        ]
        indexes = [models.Index(fields=["region", "position"])]

    def __str__(self):
        return f"{self.region}: {self.institution}"
