"""Django's password validators with the site's own wording: informal Dutch ("je")
like the rest of the site, a translation for every message (Django 5.2's Dutch has
none for the minimum length's error), and a message that says what to do."""

from django.contrib.auth import password_validation as django_validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Use at least %(min_length)d character.",
            "Use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "At least %(min_length)d character.",
            "At least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                _("Choose a password that does not look like your email address or name."),
                code="password_too_similar",
            ) from None

    def get_help_text(self):
        return _("Not like your email address or name.")


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self):
        return _("This password is used too often: choose another one.")

    def get_help_text(self):
        return _("Not a password that many people use.")


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self):
        return _("Use letters or other signs too, not only digits.")

    def get_help_text(self):
        return _("Not only digits.")
