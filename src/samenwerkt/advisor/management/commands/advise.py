import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from samenwerkt.advisor import engine
from samenwerkt.advisor.selectors import advice_for, explanation_for


class Command(BaseCommand):
    help = "Print which forms of collaboration fit an effort band and one or more reasons."

    def add_arguments(self, parser):
        parser.add_argument(
            "--effort", required=True, help="low (1–2 effort stars), medium (3) or high (5)"
        )
        parser.add_argument(
            "--reason",
            action="append",
            required=True,
            help="A, B, C or D, optionally weighted as A:2; repeat for several reasons",
        )
        parser.add_argument("--json", action="store_true", help="print JSON for machines")
        parser.add_argument("--lang", default="nl", choices=["nl", "en"], help="nl (default) or en")

    def handle(self, *args, lang: str = "nl", **options):
        with translation.override(lang):
            self._advise(**options)

    def _advise(self, *, effort, reason, json: bool = False, **options):
        try:
            question = engine.Question.build(
                band=effort, reasons=engine.parse_reasons(",".join(reason))
            )
        except engine.AdviceError as exc:
            option = {"effort": "--effort"}.get(exc.parameter, "--reason")
            raise CommandError(f"{option}: {exc.message}") from None
        advice, forms, reasons = advice_for(question)
        explanation = explanation_for(advice, forms, reasons)
        if json:
            self.stdout.write(_json(advice, forms, explanation))
            return
        self.stdout.write(self._table(advice, forms, question))
        self.stdout.write("")
        self.stdout.write(explanation)

    def _table(self, advice, forms, question) -> str:
        header = [
            "",
            "#",
            _("Form of collaboration"),
            _("Effort"),
            *question.reasons,
            _("Score"),
        ]
        rows = [
            [
                "*" if item.recommended else "",
                str(item.number),
                forms[item.number].name,
                "★" * item.effort,
                *[str(item.outcomes.get(code, 0)) for code in question.reasons],
                str(item.score),
            ]
            for item in advice.ranking
        ]
        widths = [
            max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)
        ]
        lines = [
            "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in [header, *rows]
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.append("")
        lines.append(_("* recommended"))
        return "\n".join(lines)


def _json(advice, forms, explanation) -> str:
    return json.dumps(
        {
            "effort": advice.question.band.value,
            "reasons": dict(advice.question.weights),
            "recommended": list(advice.recommended),
            "ranking": [
                {"number": i.number, "name": forms[i.number].name, "score": i.score}
                for i in advice.ranking
            ],
            "explanation": explanation,
        },
        ensure_ascii=False,
        indent=2,
    )
