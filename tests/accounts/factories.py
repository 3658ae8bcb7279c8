"""factory_boy factories for people, with Dutch fake names (Faker nl_NL)."""

import factory
from factory.django import DjangoModelFactory

from samenwerkt.accounts.models import User

# Good enough for any validator; tests that sign in through a form use it.
PASSWORD = "een-lang-en-sterk-wachtwoord-2026"


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


class StaffFactory(UserFactory):
    """Staff of the site (the programme office's editors): the admin at /beheer/."""

    email = factory.Sequence(lambda n: f"beheerder{n}@samenwerkt.example")
    is_staff = True
    is_superuser = True
