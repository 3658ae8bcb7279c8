from django.core.management.base import BaseCommand, CommandError

from samenwerkt.handbook.loader import HandbookDataError, load_handbook


class Command(BaseCommand):
    help = (
        "Bring the handbook content in line with the YAML in handbook/data: create, update "
        "and remove rows, keeping rows edited in the admin (idempotent). Invalid YAML "
        "writes nothing and lists every problem."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help="Also overwrite, or remove, rows that staff edited in the admin.",
        )

    def handle(self, *args, overwrite_edits=False, **options):
        try:
            report = load_handbook(overwrite_edits=overwrite_edits)
        except HandbookDataError as exc:
            raise CommandError(f"handbook data: {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
