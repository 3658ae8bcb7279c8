"""One method per YAML file, each reading the typed models of ``schema.py``.

Rows the YAML dropped go first (``remove_dropped_rows``), in an order the PROTECT keys
allow; then every file is created or updated in turn. A parent staff edited in the
admin keeps the children edited on its admin page too (a form its stars and tips, a
tip its points, a region its provinces and listings …).
"""

from __future__ import annotations

from collections import defaultdict

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
from .checks import Handbook
from .fields import columns
from .upsert import Upserter
from .values import LoadReport

EDITION_KEY = "samen-werkt"


class HandbookLoader(Upserter):
    def __init__(self, handbook: Handbook, *, overwrite_edits: bool):
        super().__init__(overwrite_edits=overwrite_edits)
        self.hb = handbook

    def load(self) -> LoadReport:
        self.remove_dropped_rows()
        self.load_meta()
        self.load_reasons()
        self.load_tips()
        self.load_forms()
        self.load_regions()
        self.load_examples()
        self.load_steps()
        return self.report

    def remove_dropped_rows(self) -> None:
        """Delete what the YAML no longer has before anything is written, so a renamed
        row's new version never meets the old one's unique slug."""
        hb = self.hb
        # Examples before forms: an example's form is a PROTECT foreign key.
        self.remove_dropped(Example, "slug", [e.slug for e in hb.examples.examples])
        self.remove_dropped(CollaborationForm, "number", [f.number for f in hb.forms.forms])
        self.remove_dropped(Reason, "code", [r.code for r in hb.reasons.reasons])
        self.remove_dropped(Tip, "number", [t.number for t in hb.tips.tips])
        self.remove_dropped(Step, "number", [s.number for s in hb.steps.steps])
        # An institution staff edited stays listed where it was, even if the YAML dropped it.
        self.spared_institutions = self.remove_dropped(Institution, "name", hb.listed_institutions)
        self.remove_dropped(Region, "slug", [r.slug for r in hb.regions.regions])
        self.remove_dropped(ExternalLink, "key", [link.key for link in hb.meta.links])
        self.remove_dropped(Edition, "key", [EDITION_KEY])

    def load_meta(self) -> None:
        meta, closing = self.hb.meta, self.hb.tips.closing
        survey, publisher, ambassador = meta.survey, meta.publisher, meta.ambassador
        values = {
            **meta.title.columns("title"),
            **meta.subtitle.columns("subtitle"),
            **meta.intro.columns("intro"),
            "publisher_name": publisher.name,
            "publisher_short": publisher.short,
            "publisher_email": publisher.email,
            "publisher_website": publisher.website,
            "year": meta.edition.year,
            "latest_year_mentioned": meta.edition.latest_year_mentioned,
            "average_grade": survey.average_grade,
            "not_acting_numerator": survey.share_not_acting.numerator,
            "not_acting_denominator": survey.share_not_acting.denominator,
            "max_company_size": survey.max_company_size,
            **survey.population.columns("population"),
            **survey.grade_text.columns("grade_text"),
            **survey.not_acting_text.columns("not_acting_text"),
            **meta.sources_note.columns("sources_note"),
            **closing.title.columns("closing_title"),
            **closing.body.columns("closing_body"),
            **meta.beslisboom.intro.columns("beslisboom_intro"),
            "ambassador_name": ambassador.name if ambassador else "",
            **columns("ambassador_role", ambassador and ambassador.role),
            **columns("ambassador_message", ambassador and ambassador.message),
        }
        editions = self.rows(Edition, "key")
        self.upsert(Edition, editions, EDITION_KEY, {"key": EDITION_KEY}, values)
        sources = {
            i: ({"position": i}, text.columns("text")) for i, text in enumerate(meta.sources, 1)
        }
        self.sync(Source, self.rows(Source, "position"), sources)
        chapters = {
            c.number: ({"number": c.number}, {"position": i, **c.title.columns("title")})
            for i, c in enumerate(meta.chapters, 1)
        }
        self.sync(Chapter, self.rows(Chapter, "number"), chapters)
        links = self.rows(ExternalLink, "key")
        for i, link in enumerate(meta.links, 1):
            values = {
                "position": i,
                "url": link.url,
                **link.title.columns("title"),
                **columns("description", link.description),
            }
            self.upsert(ExternalLink, links, link.key, {"key": link.key}, values)

    def load_reasons(self) -> None:
        existing = self.rows(Reason, "code")
        benefits = self.children(ReasonBenefit, "reason", "position")
        self.reasons: dict[str, Reason] = {}
        for item in self.hb.reasons.reasons:
            values = {
                "slug": item.slug,
                **item.name.columns("name"),
                **item.short_name.columns("short_name"),
                **item.summary.columns("summary"),
            }
            reason = self.upsert(Reason, existing, item.code, {"code": item.code}, values)
            self.reasons[item.code] = reason
            if self.keeps(reason):
                continue
            rows = {
                i: (
                    {"reason_id": reason.pk, "position": i},
                    {**b.title.columns("title"), **b.body.columns("body"), "link": b.link or ""},
                )
                for i, b in enumerate(item.benefits, 1)
            }
            self.sync(ReasonBenefit, benefits[reason.pk], rows)

    def load_tips(self) -> None:
        existing = self.rows(Tip, "number")
        points = self.children(TipPoint, "tip", "position")
        self.tips: dict[int, Tip] = {}
        for item in self.hb.tips.tips:
            values = {**item.title.columns("title"), **item.summary.columns("summary")}
            tip = self.upsert(Tip, existing, item.number, {"number": item.number}, values)
            self.tips[item.number] = tip
            if self.keeps(tip):
                continue
            rows = {
                i: (
                    {"tip_id": tip.pk, "position": i},
                    {**p.title.columns("title"), **p.body.columns("body")},
                )
                for i, p in enumerate(item.points, 1)
            }
            self.sync(TipPoint, points[tip.pk], rows)

    def load_forms(self) -> None:
        existing = self.rows(CollaborationForm, "number")
        outcomes = self.children(Outcome, "collaboration_form", "reason_id")
        tip_pairs = self.links(CollaborationForm.tips)
        self.forms: dict[int, CollaborationForm] = {}
        for item in self.hb.forms.forms:
            values = {
                "slug": item.slug,
                "effort": item.effort,
                **item.name.columns("name"),
                **item.summary.columns("summary"),
                **item.what.columns("what"),
                **item.takes.columns("takes"),
                **item.brings.columns("brings"),
                **columns("highlight", item.highlight),
            }
            lookup = {"number": item.number}
            form = self.upsert(CollaborationForm, existing, item.number, lookup, values)
            self.forms[item.number] = form
            if self.keeps(form):
                continue
            rows = {}
            for code, stars in item.outcomes.items():
                reason_id = self.reasons[code].pk
                lookup = {"collaboration_form_id": form.pk, "reason_id": reason_id}
                rows[reason_id] = (lookup, {"stars": stars})
            self.sync(Outcome, outcomes[form.pk], rows)
            self.set_links(form, "tips", tip_pairs, [self.tips[n].pk for n in item.tips])

    def load_regions(self) -> None:
        hb = self.hb
        existing = self.rows(Region, "slug")
        self.regions: dict[str, Region] = {}
        for position, item in enumerate(hb.regions.regions, 1):
            values = {"position": position, **item.name.columns("name")}
            self.regions[item.slug] = self.upsert(
                Region, existing, item.slug, {"slug": item.slug}, values
            )
        schools = self.rows(Institution, "name")
        facts = {f.name: f for f in hb.institutions.institutions}
        self.institutions: dict[str, Institution] = {}
        for inst in hb.listed_institutions.values():
            found = facts[inst.name]  # checks.py: one entry for every listed school
            values = {
                "slug": slugify(inst.name),
                "level": inst.level,
                **columns("note", inst.note),
                "towns": ", ".join(found.towns),
                "website": found.website,
                "source": found.source,
                "confirmed": found.confirmed,
                "checked": hb.institutions.checked,
            }
            self.institutions[inst.name] = self.upsert(
                Institution, schools, inst.name, {"name": inst.name}, values
            )

        kept_regions = {r.pk for r in existing.values() if self.keeps(r)}
        provinces = self.rows(Province, "slug")
        listings = self.children(Listing, "region", "institution_id")
        spared = {schools[name].pk for name in self.spared_institutions}
        wanted = {}
        for item in hb.regions.regions:
            region = self.regions[item.slug]
            if region.pk in kept_regions:
                continue
            for position, province in enumerate(item.provinces, 1):
                values = {"region_id": region.pk, "position": position}
                values.update(province.name.columns("name"))
                wanted[province.slug] = ({"slug": province.slug}, values)
            rows = {}
            for level in ("mbo", "hbo"):
                for position, entry in enumerate(getattr(item, level), 1):
                    school = self.institutions[entry.name]
                    lookup = {"region_id": region.pk, "institution_id": school.pk}
                    values = {
                        "position": position,
                        "region_position": region.position,
                        "level": school.level,
                    }
                    rows[school.pk] = (lookup, values)
            self.sync(Listing, listings[region.pk], rows, spare=spared)
        # A region staff edited keeps its provinces, as it keeps its listings.
        spare = {slug for slug, p in provinces.items() if p.region_id in kept_regions}
        self.sync(Province, provinces, wanted, spare=spare)
        # Where each school teaches (researched), once the provinces exist.
        in_provinces = self.links(Institution.provinces)
        for name, school in self.institutions.items():
            if not self.keeps(school):
                wanted_ids = [provinces[slug].pk for slug in facts[name].provinces]
                self.set_links(school, "provinces", in_provinces, wanted_ids)

    def load_examples(self) -> None:
        existing = self.rows(Example, "slug")
        figures = self.children(ExampleFigure, "example", "position")
        pairs = {
            name: self.links(getattr(Example, name))
            for name in ("institutions", "reasons", "regions")
        }
        # An example is shown in its institutions' regions, as they are listed now
        # (staff may have listed a school somewhere the YAML does not).
        listed: defaultdict[int, set[int]] = defaultdict(set)
        for school, region in Listing.objects.values_list("institution_id", "region_id"):
            listed[school].add(region)
        for position, item in enumerate(self.hb.examples.examples, 1):
            levels = set(item.levels)
            values = {
                "collaboration_form_id": self.forms[item.form].pk,
                "position": position,
                **item.title.columns("title"),
                **item.summary.columns("summary"),
                **item.body.columns("body"),
                "organisation_names": list(item.organisation_names),
                "other_institutions": list(item.other_institutions),
                "links": list(item.links),
                "level_mbo": "MBO" in levels,
                "level_hbo": "HBO" in levels,
                "level_other": "other" in levels,
            }
            example = self.upsert(Example, existing, item.slug, {"slug": item.slug}, values)
            if self.keeps(example):
                continue
            schools = [self.institutions[name].pk for name in item.institutions]
            self.set_links(example, "institutions", pairs["institutions"], schools)
            reasons = [self.reasons[code].pk for code in item.reasons]
            self.set_links(example, "reasons", pairs["reasons"], reasons)
            regions = {self.regions[slug].pk for slug in item.regions}
            regions.update(*(listed[school] for school in schools))
            self.set_links(example, "regions", pairs["regions"], regions)
            rows = {
                i: (
                    {"example_id": example.pk, "position": i},
                    {
                        **fig.label.columns("label"),
                        "value": fig.value,
                        "value_max": fig.value_max,
                        "unit": fig.unit,
                        "qualifier": fig.qualifier,
                    },
                )
                for i, fig in enumerate(item.figures, 1)
            }
            self.sync(ExampleFigure, figures[example.pk], rows)

    def load_steps(self) -> None:
        existing = self.rows(Step, "number")
        actions = self.children(StepAction, "step", "number")
        hints = self.children(StepHint, "action", "position")
        for item in self.hb.steps.steps:
            values = {**item.title.columns("title"), **item.summary.columns("summary")}
            step = self.upsert(Step, existing, item.number, {"number": item.number}, values)
            if self.keeps(step):
                continue
            rows = {
                a.number: (
                    {"step_id": step.pk, "number": a.number},
                    {**a.title.columns("title"), **columns("body", a.body)},
                )
                for a in item.actions
            }
            self.sync(StepAction, actions[step.pk], rows)
            for a in item.actions:
                action = actions[step.pk][a.number]
                rows = {
                    i: (
                        {"action_id": action.pk, "position": i},
                        {
                            **hint.text.columns("text"),
                            "chapter": hint.chapter or "",
                            "page": hint.page or "",
                            "url": hint.url or "",
                        },
                    )
                    for i, hint in enumerate(a.hints, 1)
                }
                self.sync(StepHint, hints[action.pk], rows)
