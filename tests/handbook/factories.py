"""factory_boy factories for handbook content, with Dutch fake data (Faker nl_NL).

The handbook itself is loaded from the YAML in every test database; these add rows
on top of it (many examples, many schools) for tests about size and order."""

import factory
from factory.django import DjangoModelFactory

from samenwerkt.handbook.models import CollaborationForm, Example, Institution, Listing, Region

factory.Faker._DEFAULT_LOCALE = "nl_NL"


class ExampleFactory(DjangoModelFactory):
    class Meta:
        model = Example

    slug = factory.Sequence(lambda n: f"extra-voorbeeld-{n:05d}")
    collaboration_form = factory.LazyFunction(lambda: CollaborationForm.objects.get(number=1))
    position = 0
    title_nl = factory.Sequence(lambda n: f"Extra voorbeeld {n:05d}")
    title_en = factory.Sequence(lambda n: f"Extra example {n:05d}")
    summary_nl = factory.Faker("sentence")
    summary_en = factory.Faker("sentence", locale="en_GB")
    body_nl = factory.Faker("paragraph")
    body_en = factory.Faker("paragraph", locale="en_GB")
    organisation_names = factory.List([factory.Faker("company")])
    level_hbo = True


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Testschool {n:05d}")
    slug = factory.Sequence(lambda n: f"testschool-{n:05d}")
    level = "HBO"


class ListingFactory(DjangoModelFactory):
    class Meta:
        model = Listing

    region = factory.LazyFunction(lambda: Region.objects.get(slug="noord-west"))
    institution = factory.SubFactory(InstitutionFactory)
    position = factory.Sequence(lambda n: 1000 + n)
