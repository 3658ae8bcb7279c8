"""Fill a benchmark database with a large volume of handbook-shaped data.

Adds ``--examples`` practice examples (spread over the 8 forms, the levels, the 5
regions and the 4 reasons) and ``--institutions`` institutions, each listed under one
or two of the 5 Techniekpact regions, on top of the real handbook content. Rows are
written with ``bulk_create`` in batches, the many-to-many rows through their through
models, so 10,000 of each take seconds, not minutes.

Run as a script it works on a SEPARATE database, never the one ``make run`` serves:
``DATABASE_URL`` when set, else the SQLite file ``SQLITE_PATH`` (default
``var/bench/bench.sqlite3``). It migrates and loads the handbook first. It is
idempotent-ish: when the bench rows are already there it does nothing; ``--force``
deletes them and generates them anew.

    .venv/bin/python bench/generate.py [--examples N] [--institutions N] [--force] [--json]

The tests call :func:`generate` directly, with small counts, in the pytest database.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "var" / "bench" / "bench.sqlite3"

# Every generated row carries this prefix in its slug, so it can be found, counted and
# deleted without touching the handbook's own rows or anything staff added.
EXAMPLE_PREFIX = "bench-voorbeeld-"
INSTITUTION_PREFIX = "bench-instelling-"
# Generated examples come after the handbook's on every list (these sort by position).
POSITION_OFFSET = 100_000

WORDS = (  # noqa: SIM905 (a sentence of words reads better than a list)
    "stage praktijkopdracht bedrijf studenten docenten onderwijs software netwerk cloud "
    "beveiliging data regio samenwerking gastles hackathon project innovatie team "
    "opleiding keuzedeel minor module afstuderen begeleiding ervaring vakmanschap klant "
    "applicatie infrastructuur programmeren testen ontwerp"
).split()
TOPICS_NL = (
    "Gastlessen over",
    "Praktijkopdracht rond",
    "Stageplaatsen voor",
    "Hackathon over",
    "Keuzemodule",
    "Bijscholing in",
    "Hybride docent voor",
    "Innovatieproject",
)
TOPICS_EN = (
    "Guest lectures on",
    "Practice assignment on",
    "Internships for",
    "Hackathon on",
    "Elective module",
    "Upskilling in",
    "Hybrid teacher for",
    "Innovation project",
)
SUBJECTS = (
    ("cloud engineering", "cloud engineering"),
    ("cybersecurity", "cybersecurity"),
    ("data-analyse", "data analysis"),
    ("softwareontwikkeling", "software development"),
    ("netwerkbeheer", "network management"),
    ("AI in de praktijk", "AI in practice"),
    ("DevOps", "DevOps"),
    ("embedded systemen", "embedded systems"),
)
TOWNS = (  # noqa: SIM905 (a sentence of words reads better than a list)
    "Amsterdam Utrecht Almere Haarlem Groningen Leeuwarden Assen Zwolle Enschede Arnhem "
    "Nijmegen Apeldoorn Eindhoven Tilburg Venlo Maastricht Rotterdam Den-Haag Leiden "
    "Breda Middelburg Delft Dordrecht Deventer Helmond"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(4, 8)))


def _batches(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bench_counts() -> dict[str, int]:
    """How many generated rows (and rows in all) the database holds."""
    from samenwerkt.handbook.models import Example, Institution, Listing

    return {
        "bench_examples": Example.objects.filter(slug__startswith=EXAMPLE_PREFIX).count(),
        "bench_institutions": Institution.objects.filter(
            slug__startswith=INSTITUTION_PREFIX
        ).count(),
        "examples": Example.objects.count(),
        "institutions": Institution.objects.count(),
        "listings": Listing.objects.count(),
    }


def delete_generated() -> None:
    """Remove every generated row (their M2M and Listing rows go with them)."""
    from samenwerkt.handbook.models import Example, Institution

    Example.objects.filter(slug__startswith=EXAMPLE_PREFIX).delete()
    Institution.objects.filter(slug__startswith=INSTITUTION_PREFIX).delete()


def generate(
    *,
    examples: int = 10_000,
    institutions: int = 10_000,
    batch_size: int = 1_000,
    force: bool = False,
    seed: int = 20251201,
) -> dict:
    """Add the generated rows to the current database; returns what was done and counts.

    Needs the handbook loaded (forms, reasons, regions). Skips when the database
    already holds at least the requested numbers of generated rows, unless ``force``.
    """
    from django.db import transaction

    from samenwerkt.core import content_version
    from samenwerkt.handbook.models import (
        CollaborationForm,
        Example,
        Institution,
        Listing,
        Reason,
        Region,
    )

    before = bench_counts()
    if (
        not force
        and before["bench_examples"] >= examples
        and before["bench_institutions"] >= institutions
    ):
        return {"generated": False, **before}

    forms = list(CollaborationForm.objects.order_by("number"))
    reasons = list(Reason.objects.order_by("code"))
    regions = list(Region.objects.order_by("position"))
    if len(forms) != 8 or len(reasons) != 4 or len(regions) != 5:
        raise RuntimeError(
            "the handbook is not loaded (expected 8 forms, 4 reasons, 5 regions): "
            "run `manage.py load_handbook` first"
        )
    rng = random.Random(seed)

    with transaction.atomic():
        delete_generated()

        # --- institutions and their listings ---------------------------------------
        new_institutions = [
            Institution(
                name=f"Bench {'ROC' if i % 2 == 0 else 'Hogeschool'} {rng.choice(TOWNS)} {i:05d}",
                slug=f"{INSTITUTION_PREFIX}{i:05d}",
                level="MBO" if i % 2 == 0 else "HBO",
                note_nl="Gegenereerd voor de benchmark.",
                note_en="Generated for the benchmark.",
                website=f"https://instelling-{i:05d}.example.nl",
                # Not from the YAML: marked as staff-added so load_handbook keeps them.
                edited_in_admin=True,
            )
            for i in range(institutions)
        ]
        for batch in _batches(new_institutions, batch_size):
            Institution.objects.bulk_create(batch, batch_size=batch_size)
        # SQLite and PostgreSQL set the primary keys on bulk_create; fetch them anyway so
        # any backend works.
        inst_ids = list(
            Institution.objects.filter(slug__startswith=INSTITUTION_PREFIX)
            .order_by("slug")
            .values_list("id", flat=True)
        )
        levels = dict(Institution.objects.filter(id__in=inst_ids).values_list("id", "level"))
        listings = []

        def listing(region, inst_id: int, position: int) -> Listing:
            # bulk_create skips Listing.save(), which copies these two for the finder's index.
            return Listing(
                region=region,
                institution_id=inst_id,
                position=position,
                region_position=region.position,
                level=levels[inst_id],
            )

        for i, inst_id in enumerate(inst_ids):
            home = regions[i % len(regions)]
            listings.append(listing(home, inst_id, 10_000 + i))
            if i % 10 == 0:  # every tenth school is listed in a second region, as in the appendix
                listings.append(listing(regions[(i + 2) % len(regions)], inst_id, 10_000 + i))
        for batch in _batches(listings, batch_size):
            Listing.objects.bulk_create(batch, batch_size=batch_size)

        # --- examples and their many-to-many rows ----------------------------------
        new_examples = []
        for i in range(examples):
            form = forms[i % len(forms)]
            subject_nl, subject_en = SUBJECTS[rng.randrange(len(SUBJECTS))]
            topic = rng.randrange(len(TOPICS_NL))
            level = i % 5  # MBO, HBO, both, other, MBO + other
            new_examples.append(
                Example(
                    slug=f"{EXAMPLE_PREFIX}{i:05d}",
                    collaboration_form=form,
                    position=POSITION_OFFSET + i,
                    title_nl=f"{TOPICS_NL[topic]} {subject_nl} ({i:05d})",
                    title_en=f"{TOPICS_EN[topic]} {subject_en} ({i:05d})",
                    summary_nl=_sentence(rng, 14),
                    summary_en=_sentence(rng, 14),
                    body_nl=_body(rng),
                    body_en=_body(rng),
                    organisation_names=[f"Bench ICT {rng.choice(TOWNS)} B.V."],
                    level_mbo=level in (0, 2, 4),
                    level_hbo=level in (1, 2),
                    level_other=level in (3, 4),
                    edited_in_admin=True,  # kept by load_handbook, as staff-added rows are
                )
            )
        for batch in _batches(new_examples, batch_size):
            Example.objects.bulk_create(batch, batch_size=batch_size)
        example_ids = list(
            Example.objects.filter(slug__startswith=EXAMPLE_PREFIX)
            .order_by("slug")
            .values_list("id", flat=True)
        )

        RegionLink = Example.regions.through
        ReasonLink = Example.reasons.through
        InstitutionLink = Example.institutions.through
        region_links, reason_links, institution_links = [], [], []
        for i, example_id in enumerate(example_ids):
            region_links.append(RegionLink(example_id=example_id, region=regions[i % 5]))
            if i % 7 == 0:
                region_links.append(RegionLink(example_id=example_id, region=regions[(i + 1) % 5]))
            # One to three reasons, every reason and every combination of neighbours.
            for k in range(1 + i % 3):
                reason_links.append(ReasonLink(example_id=example_id, reason=reasons[(i + k) % 4]))
            if inst_ids and i % 4 == 0:
                institution_links.append(
                    InstitutionLink(
                        example_id=example_id, institution_id=inst_ids[i % len(inst_ids)]
                    )
                )
        for model, rows in (
            (RegionLink, region_links),
            (ReasonLink, reason_links),
            (InstitutionLink, institution_links),
        ):
            for batch in _batches(rows, batch_size):
                model.objects.bulk_create(batch, batch_size=batch_size)

        # bulk_create sends no signals: bump the content version ourselves so no cached
        # page from before the generation is served.
        content_version.bump()

    return {"generated": True, **bench_counts()}


def database_description() -> dict:
    from django.db import connection

    engine = connection.vendor
    with connection.cursor() as cursor:
        if engine == "sqlite":
            cursor.execute("select sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
            where = str(connection.settings_dict["NAME"])
        else:
            cursor.execute("select version()")
            version = cursor.fetchone()[0]
            s = connection.settings_dict
            where = f"{s.get('HOST') or 'local socket'}:{s.get('PORT') or ''}/{s.get('NAME')}"
    return {"vendor": engine, "version": version, "where": where}


def configure_environment() -> None:
    """Point Django at the bench database (before django.setup())."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenwerkt.settings")
    if not os.environ.get("DATABASE_URL"):
        path = Path(os.environ.setdefault("SQLITE_PATH", str(DEFAULT_SQLITE)))
        path.parent.mkdir(parents=True, exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--institutions", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=1_000)
    parser.add_argument("--force", action="store_true", help="delete and generate anew")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)

    configure_environment()
    import django
    from django.core.management import call_command

    django.setup()
    quiet = io.StringIO()  # keep stdout for the result (run.py reads the JSON line)
    call_command("migrate", "--noinput", verbosity=0, stdout=quiet)
    call_command("load_handbook", verbosity=0, stdout=quiet)
    result = generate(
        examples=args.examples,
        institutions=args.institutions,
        batch_size=args.batch_size,
        force=args.force,
    )
    result["database"] = database_description()
    if args.json:
        print(json.dumps(result))
    else:
        state = "generated" if result["generated"] else "already there, skipped (--force redoes)"
        print(f"bench data {state}: {result['examples']} examples, ", end="")
        print(f"{result['institutions']} institutions, {result['listings']} listings")
        print(f"database: {result['database']['version']} at {result['database']['where']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
