"""The benchmark's data generator (bench/generate.py), run small in the test database.

The generator is a script, not part of the package, so it is loaded from its file.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from samenwerkt.handbook.models import (
    CollaborationForm,
    Example,
    Institution,
    Listing,
    Reason,
    Region,
)
from tests.html import links, one, parse, select, text

pytestmark = pytest.mark.django_db

GENERATE = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
EXAMPLES = 50
INSTITUTIONS = 300  # over 100 a page: the finder must paginate them


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture
def generated():
    before = {
        "examples": Example.objects.count(),
        "institutions": Institution.objects.count(),
        "listings": Listing.objects.count(),
    }
    result = gen.generate(examples=EXAMPLES, institutions=INSTITUTIONS, batch_size=40)
    return before, result


def test_it_adds_the_requested_rows(generated):
    before, result = generated
    assert result["generated"] is True
    assert result["bench_examples"] == EXAMPLES
    assert result["bench_institutions"] == INSTITUTIONS
    assert Example.objects.count() == before["examples"] + EXAMPLES
    assert Institution.objects.count() == before["institutions"] + INSTITUTIONS
    # One listing each, a second one for every tenth school.
    assert Listing.objects.count() == before["listings"] + INSTITUTIONS + INSTITUTIONS // 10
    assert result["examples"] == Example.objects.count()


def test_the_rows_are_spread_over_forms_levels_regions_and_reasons(generated):
    bench = Example.objects.filter(slug__startswith=gen.EXAMPLE_PREFIX)
    for form in CollaborationForm.objects.all():
        assert bench.filter(collaboration_form=form).count() in (EXAMPLES // 8, EXAMPLES // 8 + 1)
    for region in Region.objects.all():
        assert bench.filter(regions=region).exists()
        assert Listing.objects.filter(
            region=region, institution__slug__startswith=gen.INSTITUTION_PREFIX
        ).exists()
    for reason in Reason.objects.all():
        assert bench.filter(reasons=reason).exists()
    for level in ("level_mbo", "level_hbo", "level_other"):
        assert bench.filter(**{level: True}).exists()
    assert bench.filter(institutions__isnull=False).exists()
    schools = Institution.objects.filter(slug__startswith=gen.INSTITUTION_PREFIX)
    assert set(schools.values_list("level", flat=True)) == {"MBO", "HBO"}


def test_it_skips_when_already_generated_and_redoes_with_force(generated):
    again = gen.generate(examples=EXAMPLES, institutions=INSTITUTIONS)
    assert again["generated"] is False
    assert again["bench_examples"] == EXAMPLES
    forced = gen.generate(examples=EXAMPLES, institutions=INSTITUTIONS, force=True)
    assert forced["generated"] is True
    assert forced["bench_examples"] == EXAMPLES
    assert forced["bench_institutions"] == INSTITUTIONS


def test_the_handbook_rows_are_left_alone(generated):
    assert Example.objects.filter(slug="hbo-ict-banenmarkt-utrecht").exists()
    gen.delete_generated()
    assert not Example.objects.filter(slug__startswith=gen.EXAMPLE_PREFIX).exists()
    assert not Institution.objects.filter(slug__startswith=gen.INSTITUTION_PREFIX).exists()
    assert Example.objects.count() == 16


def _page_of(doc) -> tuple[int, int]:
    """(this page, of pages) from the pagination ("Pagina 2 van 3")."""
    current = text(one(doc, '.pagination [aria-current="page"]'))
    numbers = re.findall(r"\d+", current)
    assert len(numbers) == 2, f"the pagination reads {current!r}"
    return int(numbers[0]), int(numbers[1])


def test_the_examples_page_still_renders_paginated(generated, client, settings):
    total = Example.objects.count()
    pages = -(-total // settings.PAGE_SIZE)
    first = client.get("/voorbeelden/")
    assert first.status_code == 200
    assert _page_of(parse(first)) == (1, pages)
    last = client.get(f"/voorbeelden/?page={pages}")
    assert last.status_code == 200
    cards = links(parse(last), "h3.card__title a")
    assert any(href.startswith(f"/voorbeelden/{gen.EXAMPLE_PREFIX}") for href in cards)
    form5 = client.get("/voorbeelden/?form=5&page=2")
    assert form5.status_code == 200


def test_the_institution_finder_still_renders_paginated(generated, client):
    total = Listing.objects.count()
    response = client.get("/onderwijsinstellingen/?page=2")
    assert response.status_code == 200
    assert _page_of(parse(response)) == (2, -(-total // 100))
    region = client.get("/onderwijsinstellingen/?place=region:noord-west&level=MBO")
    assert region.status_code == 200
    names = [name.text_content().strip() for name in select(parse(region), ".school__name")]
    assert any(name.startswith("Bench ROC") for name in names)


def test_pages_keep_a_bounded_number_of_queries(generated, client, django_assert_max_num_queries):
    client.get("/voorbeelden/?page=2")  # warm: see tests/queries.py
    client.get("/onderwijsinstellingen/?page=2")
    with django_assert_max_num_queries(10):
        assert client.get("/voorbeelden/?page=2").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/onderwijsinstellingen/?page=2").status_code == 200
