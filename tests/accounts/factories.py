"""factory_boy factories for people, with Dutch fake names (Faker nl_NL)."""

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from samenwerkt.accounts.models import User

# Good enough for any validator; tests that sign in through a form use it.
PASSWORD = "een-lang-en-sterk-wachtwoord-2026"
# The authenticator-app secret of accounts made with ``two_factor=True``: tests compute
# the current code from it (totp_code below), as the person's phone would.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET) -> str:
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def turn_on_two_factor(user, secret: str = TOTP_SECRET) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.nl")
    username = factory.LazyAttribute(lambda user: user.email)
    language = "nl"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def confirmed(user, create, extracted, **kwargs):
        """The address is confirmed, as after following the emailed link; pass
        ``confirmed=False`` for an account that has not done so yet."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class StaffFactory(UserFactory):
    """Staff of the site (the programme office's editors): the admin at /beheer/."""

    email = factory.Sequence(lambda n: f"beheerder{n}@samenwerkt.example")
    is_staff = True
    is_superuser = True

    @factory.post_generation
    def two_factor(user, create, extracted, **kwargs):
        """Staff must have two-factor authentication on (accounts/mfa.py); pass
        ``two_factor=False`` for a new staff account that has not yet."""
        if create and extracted is not False:
            turn_on_two_factor(user)
