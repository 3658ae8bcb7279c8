"""What a school keeps public about itself (DESIGN.md: SchoolProfile): where it
teaches ICT, which programmes, how companies should reach it, when it places interns
or runs projects, and what it is looking for. Written by the school's own verified
team (accounts/), not from the handbook: each page that shows it says "kept by the
school, updated on …". Free text is stored as the school wrote it, in Dutch and, where
the school writes both, in English; a page in English shows the Dutch text, marked as
Dutch, where no English was written.

It lives with the institutions it describes, below the accounts layer, so the finder
and the advisor can show it; who may edit it is decided in accounts/ (a verified
school link)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenwerkt.core.models import PublicContent
from samenwerkt.core.translation import current_language

from .forms import CollaborationForm
from .places import Institution, Province

PROGRAMME_CODE = RegexValidator(
    r"^[0-9]{5}\Z", _("A programme code (crebo or CROHO) has 5 digits, for example 25604.")
)


class Written:
    """A school's text in the page's language, and the language it is really in (for
    the lang attribute when the page falls back to Dutch)."""

    def __init__(self, base: str):
        self.base = base

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        lang = current_language()
        text = getattr(instance, f"{self.base}_{lang}", "")
        if text:
            return WrittenText(text, lang)
        return WrittenText(getattr(instance, f"{self.base}_nl", ""), "nl")


class WrittenText(str):
    def __new__(cls, text: str, lang: str):
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj


def _two(verbose: str, *, max_length: int = 300, text: bool = False):
    """The Dutch and English columns of a school's own text. ``verbose`` is a plain
    string, as in handbook/models/base.py's bilingual(): a lazy translation would be
    fixed in whatever language was active at import, and migrations would change."""
    field = models.TextField if text else models.CharField
    kwargs = {"max_length": max_length}
    return (
        field(f"{verbose} (NL)", blank=True, **kwargs),
        field(f"{verbose} (EN)", blank=True, **kwargs),
    )


class SchoolProfile(PublicContent):
    institution = models.OneToOneField(
        Institution, on_delete=models.CASCADE, related_name="profile", verbose_name=_("school")
    )
    published = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the site; drafts are not.")
    )
    kept_by = models.CharField(_("kept by"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated on"), default=timezone.now)
    # The contact route for companies: a role (never only a person), an address or a
    # web form; a person's own address only with that person's consent.
    contact_role_nl, contact_role_en = _two("contact role", max_length=120)
    contact_email = models.EmailField(_("general email address"), blank=True)
    contact_form_url = models.URLField(_("web form"), blank=True, max_length=300)
    person_name = models.CharField(_("contact person"), max_length=120, blank=True)
    person_email = models.EmailField(_("contact person's email address"), blank=True)
    person_consent = models.BooleanField(_("the person agreed to be named"), default=False)
    looking_for = models.ManyToManyField(
        CollaborationForm, blank=True, related_name="+", verbose_name=_("looking for")
    )
    topics_nl, topics_en = _two("topics", max_length=1000, text=True)
    contact_role = Written("contact_role")
    topics = Written("topics")

    class Meta:
        verbose_name = _("school profile")
        verbose_name_plural = _("school profiles")
        constraints = [
            # Never a person's own address without their consent.
            models.CheckConstraint(
                condition=models.Q(person_email="") | models.Q(person_consent=True),
                name="person_email_needs_consent",
            )
        ]

    def __str__(self):
        return str(self.institution)

    @property
    def company_address(self) -> str:
        """Where a company's first message goes: the general address, else the
        consenting person's."""
        return self.contact_email or (self.person_email if self.person_consent else "")


class ProfileLocation(PublicContent):
    profile = models.ForeignKey(SchoolProfile, on_delete=models.CASCADE, related_name="locations")
    town = models.CharField(_("town"), max_length=120)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )

    class Meta:
        ordering = ["town", "pk"]
        verbose_name = _("teaching location")
        verbose_name_plural = _("teaching locations")

    def __str__(self):
        return self.town


class ProgrammeLevel(models.TextChoices):
    MBO_2 = "mbo2", _("MBO level 2")
    MBO_3 = "mbo3", _("MBO level 3")
    MBO_4 = "mbo4", _("MBO level 4")
    ASSOCIATE = "ad", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")


class ProfileProgramme(PublicContent):
    profile = models.ForeignKey(SchoolProfile, on_delete=models.CASCADE, related_name="programmes")
    name_nl, name_en = _two("programme", max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=ProgrammeLevel.choices)
    code = models.CharField(
        _("programme code"), max_length=5, blank=True, validators=[PROGRAMME_CODE]
    )
    name = Written("name")

    class Meta:
        ordering = ["level", "name_nl", "pk"]
        verbose_name = _("ICT programme")
        verbose_name_plural = _("ICT programmes")

    def __str__(self):
        return self.name_nl


class PeriodKind(models.TextChoices):
    INTERNSHIPS = "internships", _("interns start")
    PROJECTS = "projects", _("projects with companies")
    GRADUATION = "graduation", _("graduation assignments start")


MONTHS = [(n, n) for n in range(1, 13)]


class ProfilePeriod(PublicContent):
    """A stretch of the school year: which months, for what (months, not dates: the
    school year repeats)."""

    profile = models.ForeignKey(SchoolProfile, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("what"), max_length=20, choices=PeriodKind.choices)
    from_month = models.PositiveSmallIntegerField(_("from month"), choices=MONTHS)
    to_month = models.PositiveSmallIntegerField(_("to month"), choices=MONTHS)

    class Meta:
        ordering = ["kind", "from_month", "pk"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")

    def __str__(self):
        return f"{self.get_kind_display()} {self.from_month}–{self.to_month}"
