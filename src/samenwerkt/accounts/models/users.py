"""People who sign in. The custom user model came first, before any real account
existed, because swapping the user model later means rewriting every foreign key to it."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the emails we send and of the site after signing in."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        db_table = "accounts_user"

    def is_programme_office(self) -> bool:
        """A member of the programme office (which must use two-factor authentication)."""
        from .organisations import Organisation

        return self.memberships.filter(
            organisation__kind=Organisation.Kind.PROGRAMME_OFFICE
        ).exists()
