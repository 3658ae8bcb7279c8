"""factory_boy factories for handbook content, with Dutch fake data (Faker nl_NL).

The handbook itself is loaded from the YAML in every test database; these add rows
on top of it (many examples, many schools) for tests about size and order;
:func:`build_much_data` is the one large data set (the ``much_data`` fixture)."""

import functools
from dataclasses import dataclass
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from samenwerkt.handbook.models import (
    CollaborationForm,
    Example,
    ExampleFigure,
    Institution,
    Listing,
    Reason,
    Region,
)

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


# --- much data: the same large data set for every test about size ------------------


@dataclass(frozen=True)
class MuchData:
    """What :func:`build_much_data` added, for tests to compute their expectations from."""

    examples: list[Example]
    institutions: list[Institution]
    region: Region  # where every extra institution is listed
    showcase: Example  # the extra example with every extra institution and all figures
    figures: list[ExampleFigure]


@functools.cache
def _example_values(count: int) -> tuple[dict, ...]:
    """The extra examples' own values, made by :class:`ExampleFactory` once per test
    process: factory_boy costs about half a millisecond an object, which per test
    would double the fixture's time. The rows they point to are looked up on every
    call instead, since a test may reload the handbook and renumber them."""
    return tuple(
        factory.build(
            dict,
            FACTORY_CLASS=ExampleFactory,
            collaboration_form=None,
            slug=f"extra-voorbeeld-{i:03d}",
            title_nl=f"Extra voorbeeld {i:03d}",
            title_en=f"Extra example {i:03d}",
            position=0,
            level_mbo=i % 2 == 0,
            level_hbo=i % 4 != 0,
            level_other=i % 3 == 0,
        )
        for i in range(count)
    )


@functools.cache
def _institution_values(count: int) -> tuple[dict, ...]:
    return tuple(
        factory.build(
            dict,
            FACTORY_CLASS=InstitutionFactory,
            name=f"Testschool {i:03d}",
            slug=f"testschool-{i:03d}",
            level=("MBO", "HBO")[i % 2],
        )
        for i in range(count)
    )


def build_much_data(*, examples: int = 200, institutions: int = 200, figures: int = 50) -> MuchData:
    """Extra rows on top of the handbook, in a handful of bulk inserts.

    Examples go round the eight forms and the five regions, each with all four
    reasons, levels varied (every example has at least one), position 0 so they lead
    every list. Institutions alternate MBO and HBO and are all listed in region
    Noord-West after its own schools. The first example names every extra
    institution and has ``figures`` figures; every other example names one.
    """
    forms = list(CollaborationForm.objects.order_by("number"))
    regions = list(Region.objects.order_by("position"))
    reasons = list(Reason.objects.all())
    noord_west = Region.objects.get(slug="noord-west")

    schools = Institution.objects.bulk_create(
        Institution(**values) for values in _institution_values(institutions)
    )
    Listing.objects.bulk_create(  # bulk_create skips Listing.save(): copy what it would
        Listing(
            region_id=noord_west.pk,
            institution_id=school.pk,
            position=1000 + i,
            region_position=noord_west.position,
            level=school.level,
        )
        for i, school in enumerate(schools)
    )
    extra = Example.objects.bulk_create(
        Example(
            **{
                **values,
                "collaboration_form": forms[i % len(forms)],
                "organisation_names": list(values["organisation_names"]),
            }
        )
        for i, values in enumerate(_example_values(examples))
    )
    Example.regions.through.objects.bulk_create(
        Example.regions.through(example_id=e.pk, region_id=regions[i % len(regions)].pk)
        for i, e in enumerate(extra)
    )
    Example.reasons.through.objects.bulk_create(
        Example.reasons.through(example_id=e.pk, reason_id=r.pk) for e in extra for r in reasons
    )
    showcase = extra[0]
    named = [(showcase, school) for school in schools]
    named += [(e, schools[i]) for i, e in enumerate(extra[1:], start=1) if i < len(schools)]
    Example.institutions.through.objects.bulk_create(
        Example.institutions.through(example_id=e.pk, institution_id=school.pk)
        for e, school in named
    )
    added_figures = ExampleFigure.objects.bulk_create(
        ExampleFigure(
            example_id=showcase.pk,
            position=i,
            label_nl=f"Cijfer {i}",
            label_en=f"Figure {i}",
            value=Decimal(i + 1),
            unit="eur",
        )
        for i in range(figures)
    )
    return MuchData(
        examples=extra,
        institutions=schools,
        region=noord_west,
        showcase=showcase,
        figures=added_figures,
    )
