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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.listings.exclude(region_position=self.position).update(region_position=self.position)


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
    # Researched, not from the handbook (data/institutions.yaml): where it teaches, with
    # the source that says so and when it was checked.
    towns = models.CharField(
        _("towns"), max_length=300, blank=True, help_text=_("Main towns, most important first.")
    )
    provinces = models.ManyToManyField(
        Province, blank=True, related_name="institutions", verbose_name=_("provinces")
    )
    source = models.URLField(_("source"), max_length=300, blank=True)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("The source states the towns and provinces; if not, the site says to check."),
    )
    checked = models.DateField(_("checked on"), null=True, blank=True)

    note = Translated("note")

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.listings.exclude(level=self.level).update(level=self.level)


# The appendix's order: region, level, position (one index serves it, see Listing).
LISTING_ORDER = ("region_position", "level", "position", "id")


class Listing(PublicContent):
    """An institution as listed under a region, in the appendix's order.

    ``region_position`` and ``level`` copy the region's position and the institution's
    level, so the finder's order (region, level, position) is one index on this table:
    a page of a region's schools reads its rows in order instead of sorting the region.
    ``save`` fills them for a new row; Region and Institution keep them up to date."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="listings")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="listings")
    position = models.PositiveIntegerField(default=0)
    region_position = models.PositiveSmallIntegerField(default=0, editable=False)
    level = models.CharField(
        max_length=3, choices=InstitutionLevel.choices, blank=True, editable=False
    )

    class Meta:
        ordering = list(LISTING_ORDER)
        constraints = [
            models.UniqueConstraint(fields=["region", "institution"], name="listing_unique")
        ]
        indexes = [
            models.Index(fields=["region", "position"]),
            models.Index(fields=list(LISTING_ORDER), name="listing_order"),
        ]

    def __str__(self):
        return f"{self.region}: {self.institution}"

    def save(self, *args, **kwargs):
        if not self.level:
            self.level = self.institution.level
            self.region_position = self.region.position
        super().save(*args, **kwargs)
