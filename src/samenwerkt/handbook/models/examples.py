from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from samenwerkt.core.models import PublicContent
from samenwerkt.core.reversing import reverse_cached
from samenwerkt.core.translation import Translated

from .base import HandbookManaged, bilingual


class Level(models.TextChoices):
    MBO = "MBO", "MBO"
    HBO = "HBO", "HBO"
    OTHER = "other", _("other")


class Example(HandbookManaged):
    """A practice example (*praktijkvoorbeeld*): a real case of a form of collaboration."""

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    collaboration_form = models.ForeignKey(
        "handbook.CollaborationForm",
        on_delete=models.PROTECT,
        related_name="examples",
        verbose_name=_("form of collaboration"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title_nl, title_en = bilingual("title", "title")
    summary_nl, summary_en = bilingual("summary", "summary", text=True)
    body_nl, body_en = bilingual("body", "body", text=True)
    organisation_names = models.JSONField(
        _("organisations named"),
        default=list,
        blank=True,
        help_text=_("Companies and other organisations the example names, as text."),
    )
    other_institutions = models.JSONField(
        _("other institutions"),
        default=list,
        blank=True,
        help_text=_("Schools named in the example that the appendix does not list."),
    )
    links = models.JSONField(_("links"), default=list, blank=True)
    institutions = models.ManyToManyField(
        "handbook.Institution", blank=True, related_name="examples"
    )
    regions = models.ManyToManyField(
        "handbook.Region",
        blank=True,
        related_name="examples",
        help_text=_("Its institutions' regions, and any region the example names itself."),
    )
    reasons = models.ManyToManyField("handbook.Reason", blank=True, related_name="examples")
    level_mbo = models.BooleanField("MBO", default=False, db_index=True)
    level_hbo = models.BooleanField("HBO", default=False, db_index=True)
    level_other = models.BooleanField(_("other level"), default=False, db_index=True)

    title = Translated("title")
    summary = Translated("summary")
    body = Translated("body")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("practice example")
        verbose_name_plural = _("practice examples")
        # The list's order, and the order within a form filter.
        indexes = [
            models.Index(fields=["position", "id"], name="example_order"),
            models.Index(fields=["collaboration_form", "position"], name="example_form_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_cached("handbook:example", self.slug)

    @property
    def levels(self) -> list[str]:
        pairs = [(self.level_mbo, Level.MBO), (self.level_hbo, Level.HBO)]
        pairs.append((self.level_other, Level.OTHER))
        return [level for on, level in pairs if on]

    @property
    def level_labels(self) -> list[str]:
        return [str(Level(level).label) for level in self.levels]

    @property
    def has_amounts(self) -> bool:
        """Whether a figure is an amount of money (reads the prefetched figures)."""
        return any(f.unit == FigureUnit.EUR for f in self.figures.all())


class FigureUnit(models.TextChoices):
    EUR = "eur", _("euro")
    COUNT = "count", _("count")
    YEARS = "years", _("years")
    MONTHS = "months", _("months")
    DAYS_PER_WEEK = "days_per_week", _("days per week")
    YEAR = "year", _("calendar year")
    LEVEL = "level", _("level")


class FigureQualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    AT_LEAST = "at_least", _("at least")
    ABOUT = "about", _("about")
    MORE_THAN = "more_than", _("more than")


class ExampleFigure(PublicContent):
    """A figure the handbook gives for an example: a cost, a count, a duration."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveSmallIntegerField()
    label_nl, label_en = bilingual("label", "label")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    value_max = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=20, choices=FigureUnit.choices)
    qualifier = models.CharField(
        max_length=20, choices=FigureQualifier.choices, default=FigureQualifier.EXACT
    )

    label = Translated("label")

    class Meta:
        ordering = ["example", "position"]
        constraints = [
            models.UniqueConstraint(fields=["example", "position"], name="figure_position_unique"),
            models.CheckConstraint(
                condition=models.Q(value_max__isnull=True)
                | models.Q(value_max__gte=models.F("value")),
                name="figure_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.value}"

    @staticmethod
    def plain(number: Decimal | None):
        """A Decimal without trailing zeros, as int where whole (4500.00 → 4500)."""
        if number is None:
            return None
        return int(number) if number == number.to_integral_value() else number.normalize()
