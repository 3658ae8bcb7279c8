"""The researched institution facts (handbook/data/institutions.yaml) against the
handbook's appendix (handbook/data/regions.yaml).

Plain YAML, no database: every institution of the appendix has exactly one entry with
a town, a province, a website and a source, and its provinces lie in the regions the
handbook lists it under (or the entry says why not)."""

from pathlib import Path

import pytest
import yaml

import samenwerkt.handbook

DATA = Path(samenwerkt.handbook.__file__).parent / "data"

# Institutions none of whose provinces lies in a region the handbook lists them under:
# the research records where the school really is, the handbook's regions stay as printed.
EXCEPTIONS = {
    "ROC Rivor": "seated in Tiel (Gelderland, region Oost); the handbook lists it under Zuid-West",
}


def _load(name: str) -> dict:
    with (DATA / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _listing_name(item) -> str:
    # regions.yaml lists an institution as a plain name or as {name, note}.
    return item["name"] if isinstance(item, dict) else item


@pytest.fixture(scope="module")
def regions() -> list[dict]:
    return _load("regions.yaml")["regions"]


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return _load("institutions.yaml")["institutions"]


@pytest.fixture(scope="module")
def listed_in(regions) -> dict[str, list[str]]:
    """Institution name -> slugs of the regions that list it, in the handbook's order."""
    out: dict[str, list[str]] = {}
    for region in regions:
        for level in ("mbo", "hbo"):
            for item in region[level]:
                out.setdefault(_listing_name(item), []).append(region["slug"])
    return out


@pytest.fixture(scope="module")
def region_provinces(regions) -> dict[str, set[str]]:
    return {r["slug"]: {p["slug"] for p in r["provinces"]} for r in regions}


def _allowed(name, listed_in, region_provinces) -> set[str]:
    return set().union(*(region_provinces[slug] for slug in listed_in[name]))


def test_file_header():
    data = _load("institutions.yaml")
    assert data["version"] == 1
    assert str(data["checked"]) == "2026-12-01"


def test_one_entry_per_institution_of_the_appendix(entries, listed_in):
    names = [e["name"] for e in entries]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert duplicates == []
    assert sorted(set(names) - set(listed_in)) == [], "entries for names not in regions.yaml"
    assert sorted(set(listed_in) - set(names)) == [], "appendix names without an entry"


def test_entries_in_the_order_first_met(entries, listed_in):
    # listed_in is filled region by region, MBO before HBO: the order first met.
    assert [e["name"] for e in entries] == list(listed_in)


def test_every_entry_is_complete(entries):
    for e in entries:
        name = e["name"]
        assert e["towns"] and all(isinstance(t, str) and t.strip() for t in e["towns"]), name
        assert len(set(e["towns"])) == len(e["towns"]), name
        assert e["provinces"] and len(set(e["provinces"])) == len(e["provinces"]), name
        assert isinstance(e["website"], str) and e["website"].startswith("https://"), name
        assert isinstance(e["source"], str) and e["source"].strip(), name
        assert isinstance(e["confirmed"], bool), name
        for extra in e.get("more_sources", []):
            assert isinstance(extra, str) and extra.startswith(("http://", "https://")), name
        assert isinstance(e.get("note", ""), str), name


def test_unconfirmed_entries_say_why(entries):
    for e in entries:
        if not e["confirmed"]:
            assert e.get("note", "").strip(), e["name"]


def test_province_slugs_exist(entries, region_provinces):
    known = set().union(*region_provinces.values())
    for e in entries:
        assert set(e["provinces"]) <= known, (e["name"], set(e["provinces"]) - known)


def test_a_province_lies_in_a_listed_region(entries, listed_in, region_provinces):
    for e in entries:
        name = e["name"]
        inside = set(e["provinces"]) & _allowed(name, listed_in, region_provinces)
        if name in EXCEPTIONS:
            assert not inside, f"{name} is no longer an exception: drop it from EXCEPTIONS"
            assert e.get("note", "").strip(), name
        else:
            assert inside, (name, e["provinces"], listed_in[name])


def test_exceptions_name_real_entries(entries):
    assert set(EXCEPTIONS) <= {e["name"] for e in entries}


def test_provinces_outside_the_listed_regions_are_explained(entries, listed_in, region_provinces):
    for e in entries:
        outside = set(e["provinces"]) - _allowed(e["name"], listed_in, region_provinces)
        if outside:
            assert e.get("note", "").strip(), (e["name"], sorted(outside))
