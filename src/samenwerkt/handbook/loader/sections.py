"""One method per YAML file: reasons, tips, forms, regions, examples, steps, meta."""

from __future__ import annotations

from decimal import Decimal

from django.utils.text import slugify

from ..models import (
    Chapter,
    CollaborationForm,
    Edition,
    Example,
    ExampleFigure,
    ExternalLink,
    Institution,
    Listing,
    Outcome,
    Province,
    Reason,
    ReasonBenefit,
    Region,
    Source,
    Step,
    StepAction,
    StepHint,
    Tip,
    TipPoint,
)
from .upsert import Upserter
from .values import HandbookDataError, LoadReport, _bi, _decimal, _int


class HandbookLoader(Upserter):
    def load(self) -> LoadReport:
        self.load_meta(self.data["meta"])
        self.reasons = self.load_reasons(self.data["reasons"])
        self.tips = self.load_tips(self.data["tips"])
        self.forms = self.load_forms(self.data["forms"])
        self.regions, self.institutions = self.load_regions(self.data["regions"])
        self.load_examples(self.data["examples"])
        self.load_steps(self.data["steps"])
        return self.report

    def load_meta(self, meta: dict) -> None:
        survey = meta.get("survey") or {}
        publisher = meta.get("publisher") or {}
        share = survey.get("share_not_acting") or {}
        closing = (self.data["tips"] or {}).get("closing") or {}
        ambassador = meta.get("ambassador") or {}
        beslisboom = meta.get("beslisboom") or {}
        values = {
            **_bi("title", meta.get("title"), "meta.title"),
            **_bi("subtitle", meta.get("subtitle"), "meta.subtitle"),
            **_bi("intro", meta.get("intro"), "meta.intro"),
            "publisher_name": publisher.get("name", ""),
            "publisher_short": publisher.get("short", ""),
            "publisher_email": publisher.get("email", ""),
            "publisher_website": publisher.get("website", ""),
            "average_grade": Decimal(str(survey.get("average_grade", "0"))),
            "not_acting_numerator": int(share.get("numerator", 1)),
            "not_acting_denominator": int(share.get("denominator", 1)),
            "max_company_size": int(survey.get("max_company_size", 0)),
            **_bi("population", survey.get("population"), "meta.survey.population"),
            **_bi("grade_text", survey.get("grade_text"), "meta.survey.grade_text"),
            **_bi("not_acting_text", survey.get("not_acting_text"), "meta.survey.not_acting_text"),
            **_bi("sources_note", meta.get("sources_note"), "meta.sources_note"),
            **_bi("closing_title", closing.get("title"), "tips.closing.title"),
            **_bi("closing_body", closing.get("body"), "tips.closing.body"),
            **_bi("beslisboom_intro", beslisboom.get("intro"), "meta.beslisboom.intro"),
            "ambassador_name": ambassador.get("name", ""),
            **_bi(
                "ambassador_role", ambassador.get("role"), "meta.ambassador.role", required=False
            ),
            **_bi(
                "ambassador_message",
                ambassador.get("message"),
                "meta.ambassador.message",
                required=False,
            ),
        }
        self.upsert(Edition, {"key": "samen-werkt"}, values)
        for i, source in enumerate(meta.get("sources") or [], start=1):
            self.upsert(Source, {"position": i}, _bi("text", source, f"meta.sources[{i}]"))
        Source.objects.filter(position__gt=len(meta.get("sources") or [])).delete()
        for i, chapter in enumerate(meta.get("chapters") or [], start=1):
            self.upsert(
                Chapter,
                {"number": str(chapter["number"])},
                {"position": i, **_bi("title", chapter.get("title"), f"meta.chapters[{i}]")},
            )
        for i, link in enumerate(meta.get("links") or [], start=1):
            where = f"meta.links[{link.get('key')}]"
            self.upsert(
                ExternalLink,
                {"key": link["key"]},
                {
                    "position": i,
                    "url": link["url"],
                    **_bi("title", link.get("title"), where),
                    **_bi("description", link.get("description"), where, required=False),
                },
            )

    def load_reasons(self, data: dict) -> dict[str, Reason]:
        reasons = {}
        for item in data["reasons"]:
            code = item["code"]
            where = f"reasons[{code}]"
            reason = self.upsert(
                Reason,
                {"code": code},
                {
                    "slug": item["slug"],
                    **_bi("name", item.get("name"), where),
                    **_bi("short_name", item.get("short_name"), where),
                    **_bi("summary", item.get("summary"), where),
                },
            )
            reason = reason or Reason.objects.get(code=code)
            reasons[code] = reason
            if not reason.edited_in_admin:
                rows = [
                    {
                        "position": i,
                        **_bi("title", b.get("title"), f"{where}.benefits[{i}]"),
                        **_bi("body", b.get("body"), f"{where}.benefits[{i}]"),
                        "link": b.get("link") or "",
                    }
                    for i, b in enumerate(item.get("benefits") or [], start=1)
                ]
                self.sync_children(ReasonBenefit, "reason", reason, "position", rows)
        return reasons

    def load_tips(self, data: dict) -> dict[int, Tip]:
        tips = {}
        for item in data["tips"]:
            number = int(item["number"])
            where = f"tips[{number}]"
            tip = self.upsert(
                Tip,
                {"number": number},
                {
                    **_bi("title", item.get("title"), where),
                    **_bi("summary", item.get("summary"), where),
                },
            )
            tip = tip or Tip.objects.get(number=number)
            tips[number] = tip
            if not tip.edited_in_admin:
                rows = [
                    {
                        "position": i,
                        **_bi("title", p.get("title"), f"{where}.points[{i}]"),
                        **_bi("body", p.get("body"), f"{where}.points[{i}]"),
                    }
                    for i, p in enumerate(item.get("points") or [], start=1)
                ]
                self.sync_children(TipPoint, "tip", tip, "position", rows)
        return tips

    def load_forms(self, data: dict) -> dict[int, CollaborationForm]:
        forms = {}
        for item in data["forms"]:
            number = int(item["number"])
            where = f"forms[{number}]"
            effort = _int(item["effort"], f"{where}.effort")
            if not 1 <= effort <= 5:
                raise HandbookDataError(f"{where}.effort: must be 1 to 5, got {effort}")
            form = self.upsert(
                CollaborationForm,
                {"number": number},
                {
                    "slug": item["slug"],
                    "effort": effort,
                    **_bi("name", item.get("name"), where),
                    **_bi("summary", item.get("summary"), where),
                    **_bi("what", item.get("what"), where),
                    **_bi("takes", item.get("takes"), where),
                    **_bi("brings", item.get("brings"), where),
                    **_bi("highlight", item.get("highlight"), where, required=False),
                },
            )
            form = form or CollaborationForm.objects.get(number=number)
            forms[number] = form
            if form.edited_in_admin:
                continue
            outcomes = item.get("outcomes") or {}
            if set(outcomes) != set(self.reasons):
                raise HandbookDataError(f"{where}.outcomes: need stars for each of A, B, C, D")
            for code, raw_stars in outcomes.items():
                stars = _int(raw_stars, f"{where}.outcomes.{code}")
                if not 1 <= stars <= 5:
                    raise HandbookDataError(f"{where}.outcomes.{code}: must be 1 to 5")
                self.upsert(
                    Outcome,
                    {"collaboration_form": form, "reason": self.reasons[code]},
                    {"stars": stars},
                )
            try:
                tips = [self.tips[int(n)] for n in item.get("tips") or []]
            except KeyError as exc:
                raise HandbookDataError(f"{where}.tips: unknown tip {exc}") from None
            self.set_m2m(form.tips, tips, CollaborationForm)
        return forms

    def load_regions(self, data: dict):
        regions: dict[str, Region] = {}
        institutions: dict[str, Institution] = {}
        listed: dict[str, list[tuple[Institution, int]]] = {}
        for r_pos, item in enumerate(data["regions"], start=1):
            slug = item["slug"]
            where = f"regions[{slug}]"
            region = self.upsert(
                Region, {"slug": slug}, {"position": r_pos, **_bi("name", item.get("name"), where)}
            ) or Region.objects.get(slug=slug)
            regions[slug] = region
            for p_pos, prov in enumerate(item.get("provinces") or [], start=1):
                self.upsert(
                    Province,
                    {"slug": prov["slug"]},
                    {
                        "region": region,
                        "position": p_pos,
                        **_bi("name", prov.get("name"), f"{where}.provinces"),
                    },
                )
            listed[slug] = []
            for level in ("mbo", "hbo"):
                for i, entry in enumerate(item.get(level) or [], start=1):
                    entry = {"name": entry} if isinstance(entry, str) else entry
                    name = entry["name"].strip()
                    inst = institutions.get(name)
                    if inst is None:
                        inst = self.upsert(
                            Institution,
                            {"name": name},
                            {
                                "slug": slugify(name),
                                "level": level.upper(),
                                **_bi("note", entry.get("note"), f"{where}.{name}", required=False),
                            },
                        ) or Institution.objects.get(name=name)
                        institutions[name] = inst
                    listed[slug].append((inst, i))
        known = [inst.pk for inst in institutions.values()]
        for slug, entries in listed.items():
            region = regions[slug]
            for inst, position in entries:
                self.upsert(
                    Listing, {"region": region, "institution": inst}, {"position": position}
                )
            stale = Listing.objects.filter(region=region, institution_id__in=known).exclude(
                institution__in=[inst for inst, _ in entries]
            )
            stale.delete()
        return regions, institutions

    def load_examples(self, data: dict) -> None:
        for position, item in enumerate(data["examples"], start=1):
            slug = item["slug"]
            where = f"examples[{slug}]"
            try:
                form = self.forms[int(item["form"])]
                institutions = [self.institutions[name] for name in item.get("institutions") or []]
                reasons = [self.reasons[code] for code in item.get("reasons") or []]
                extra_regions = [self.regions[s] for s in item.get("regions") or []]
            except KeyError as exc:
                raise HandbookDataError(f"{where}: unknown reference {exc}") from None
            levels = set(item.get("levels") or [])
            if not levels <= {"MBO", "HBO", "other"}:
                raise HandbookDataError(f"{where}.levels: only MBO, HBO, other")
            example = self.upsert(
                Example,
                {"slug": slug},
                {
                    "collaboration_form": form,
                    "position": position,
                    **_bi("title", item.get("title"), where),
                    **_bi("summary", item.get("summary"), where),
                    **_bi("body", item.get("body"), where),
                    "organisation_names": list(item.get("organisation_names") or []),
                    "other_institutions": list(item.get("other_institutions") or []),
                    "links": list(item.get("links") or []),
                    "level_mbo": "MBO" in levels,
                    "level_hbo": "HBO" in levels,
                    "level_other": "other" in levels,
                },
            )
            if example is None:
                continue
            self.set_m2m(example.institutions, institutions, Example)
            self.set_m2m(example.reasons, reasons, Example)
            regions = set(extra_regions)
            regions.update(Region.objects.filter(listings__institution__in=institutions).distinct())
            self.set_m2m(example.regions, regions, Example)
            rows = []
            for i, fig in enumerate(item.get("figures") or [], start=1):
                value_max = fig.get("value_max")
                rows.append(
                    {
                        "position": i,
                        **_bi("label", fig.get("label"), f"{where}.figures[{i}]"),
                        "value": _decimal(fig["value"], f"{where}.figures[{i}].value"),
                        "value_max": None
                        if value_max is None
                        else _decimal(value_max, f"{where}.figures[{i}].value_max"),
                        "unit": fig["unit"],
                        "qualifier": fig.get("qualifier") or "exact",
                    }
                )
            self.sync_children(ExampleFigure, "example", example, "position", rows)

    def load_steps(self, data: dict) -> None:
        for item in data["steps"]:
            number = int(item["number"])
            where = f"steps[{number}]"
            step = self.upsert(
                Step,
                {"number": number},
                {
                    **_bi("title", item.get("title"), where),
                    **_bi("summary", item.get("summary"), where),
                },
            )
            if step is None:
                continue
            keep = []
            for action_data in item.get("actions") or []:
                a_number = int(action_data["number"])
                a_where = f"{where}.actions[{a_number}]"
                action = self.upsert(
                    StepAction,
                    {"step": step, "number": a_number},
                    {
                        **_bi("title", action_data.get("title"), a_where),
                        **_bi("body", action_data.get("body"), a_where, required=False),
                    },
                )
                keep.append(a_number)
                rows = [
                    {
                        "position": i,
                        **_bi("text", hint.get("text"), f"{a_where}.hints[{i}]"),
                        "chapter": str(hint.get("chapter") or ""),
                        "page": hint.get("page") or "",
                        "url": hint.get("url") or "",
                    }
                    for i, hint in enumerate(action_data.get("hints") or [], start=1)
                ]
                self.sync_children(StepHint, "action", action, "position", rows)
            StepAction.objects.filter(step=step).exclude(number__in=keep).delete()
