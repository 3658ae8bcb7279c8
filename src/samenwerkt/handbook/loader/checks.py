"""Parse the raw YAML into the typed models and check what spans items and files.

Every problem is reported with its file, its item and its field, the item by its
natural key where it has one (``examples.yaml: examples[acer-in-house-opleiding].form``)
and by position where not (``figures[#2]``); all problems of all files are collected
and raised together, so one run shows everything to fix.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, NamedTuple

from django.utils.text import slugify
from pydantic import ValidationError

from .fields import BILINGUAL, OptionalLine
from .schema import (
    FILE_MODELS,
    ExamplesFile,
    FormsFile,
    InstitutionsFile,
    MetaFile,
    ReasonsFile,
    RegionsFile,
    StepsFile,
    TipsFile,
)
from .values import HandbookDataError

# The field that names an item of each list, for messages; lists not named here
# (sources, benefits, points, figures, hints) have no natural key: items go by position.
NATURAL_KEYS = {
    "reasons": "code",
    "tips": "number",
    "forms": "number",
    "regions": "slug",
    "provinces": "slug",
    "examples": "slug",
    "steps": "number",
    "actions": "number",
    "links": "key",
    "chapters": "number",
    "mbo": "name",
    "hbo": "name",
    "institutions": "name",
}


class Problem(NamedTuple):
    file: str
    loc: tuple[str | int, ...]
    message: str


@dataclass(frozen=True)
class ListedInstitution:
    name: str
    level: str
    note: OptionalLine | None


@dataclass(frozen=True)
class Handbook:
    """The eight files, parsed and checked."""

    meta: MetaFile
    reasons: ReasonsFile
    tips: TipsFile
    forms: FormsFile
    regions: RegionsFile
    institutions: InstitutionsFile
    examples: ExamplesFile
    steps: StepsFile

    @cached_property
    def listed_institutions(self) -> dict[str, ListedInstitution]:
        """Every institution of the appendix once, in first-listed order."""
        return {inst.name: inst for inst in _institutions(self.regions)}


def _institutions(regions: RegionsFile) -> Iterable[ListedInstitution]:
    # The first listing with a note gives the note; checks() makes sure listings agree.
    seen: dict[str, ListedInstitution] = {}
    for region in regions.regions:
        for level in ("mbo", "hbo"):
            for entry in getattr(region, level):
                known = seen.get(entry.name)
                if known is None:
                    seen[entry.name] = ListedInstitution(entry.name, level.upper(), entry.note)
                elif known.note is None and entry.note is not None:
                    seen[entry.name] = replace(known, note=entry.note)
    return seen.values()


def parse_handbook(raw: Mapping[str, Any]) -> Handbook:
    """The typed handbook, or HandbookDataError listing every problem found."""
    problems: list[Problem] = []
    parsed: dict[str, Any] = {}
    for name, model in FILE_MODELS.items():
        if name not in raw:
            problems.append(Problem(name, (), "the file is missing"))
            continue
        try:
            parsed[name] = model.model_validate(raw[name])
        except ValidationError as exc:
            problems += [
                Problem(name, err["loc"], message(err)) for err in exc.errors(include_url=False)
            ]
    problems += cross_checks(parsed)
    if problems:
        raise HandbookDataError([render(p, raw.get(p.file)) for p in problems])
    return Handbook(**parsed)


# -- messages ------------------------------------------------------------------------


def show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def message(err: Mapping[str, Any]) -> str:
    """Pydantic's error in plain words, with the value that was given."""
    kind, loc, ctx = err["type"], err["loc"], err.get("ctx") or {}
    got = f"got {show(err.get('input'))}"
    dutch = bool(loc) and loc[-1] == "nl"
    if kind == "missing":
        return "the Dutch text is missing" if dutch else "missing"
    if kind == "extra_forbidden":
        return "unknown key (misspelt, or not used by the loader)"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if ctx.get("class_name") in BILINGUAL:
            return f"expected a text {{nl: …, en: …}}, {got}"
        return f"expected a mapping, {got}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, {got}"
    if kind in ("string_type", "str_type"):
        return f"expected text, {got}"
    if kind == "list_type":
        return f"expected a list, {got}"
    if kind == "literal_error":
        what = " as key" if loc and loc[-1] == "[key]" else ""
        return f"expected {ctx.get('expected')}{what}, {got}"
    if kind == "string_too_short":
        return "the Dutch text is empty" if dutch else "must not be empty"
    if kind == "string_too_long":
        return f"longer than {ctx.get('max_length')} characters"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, {got}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, {got}"
    if kind == "decimal_max_places":
        return f"at most {ctx.get('decimal_places')} decimals, {got}"
    if kind in ("decimal_max_digits", "decimal_whole_digits"):
        return f"too many digits, {got}"
    if kind == "value_error":
        return str(ctx.get("error") or err["msg"])
    return f"{err['msg']}, {got}"


def render(problem: Problem, raw: Any) -> str:
    where = locate(problem.loc, raw)
    if not where:
        return f"{problem.file}.yaml: {problem.message}"
    return f"{problem.file}.yaml: {where}: {problem.message}"


def locate(loc: Iterable[str | int], raw: Any) -> str:
    """``('examples', 3, 'figures', 0, 'value')`` as ``examples[slug].figures[#1].value``."""
    out, node, field = "", raw, ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for a bad dict key; the key came before
            continue
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            key = _natural_key(field, item)
            out += f"[{key}]" if key is not None else f"[#{part + 1}]"
            node = item
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
            field = str(part)
    return out


def _natural_key(field: str, item: Any) -> str | int | None:
    name = NATURAL_KEYS.get(field)
    if name is None:
        return None
    if isinstance(item, str) and name == "name":  # a school listed by name alone
        return item
    value = item.get(name) if isinstance(item, dict) else None
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        return None
    return value


# -- checks across items and files ----------------------------------------------------


def cross_checks(parsed: Mapping[str, Any]) -> list[Problem]:
    """Unique keys, and references checked against the parsed files they point into.

    These run for each file that parsed: a file with type errors gets its unique keys
    and references checked once those are fixed, and a reference into a file that did
    not parse is not checked (its own problems are reported; a message per reference
    on top would only add noise).
    """
    out: list[Problem] = []
    meta, reasons, tips = parsed.get("meta"), parsed.get("reasons"), parsed.get("tips")
    forms, regions = parsed.get("forms"), parsed.get("regions")
    examples, steps = parsed.get("examples"), parsed.get("steps")
    institutions = parsed.get("institutions")
    if meta:
        out += unique("meta", ("chapters",), meta.chapters, "number")
        out += unique("meta", ("links",), meta.links, "key")
    if reasons:
        out += unique("reasons", ("reasons",), reasons.reasons, "code")
        out += unique("reasons", ("reasons",), reasons.reasons, "slug")
    if tips:
        out += unique("tips", ("tips",), tips.tips, "number")
    if forms:
        out += unique("forms", ("forms",), forms.forms, "number")
        out += unique("forms", ("forms",), forms.forms, "slug")
        out += check_forms(forms, reasons, tips)
    if regions:
        out += check_regions(regions)
    if institutions:
        out += unique("institutions", ("institutions",), institutions.institutions, "name")
        if regions:
            out += check_institutions(institutions, regions)
    if examples:
        out += unique("examples", ("examples",), examples.examples, "slug")
        out += check_examples(examples, forms, regions, reasons)
    if steps:
        out += unique("steps", ("steps",), steps.steps, "number")
        for i, step in enumerate(steps.steps):
            out += unique("steps", ("steps", i, "actions"), step.actions, "number")
        if meta:
            out += check_hints(steps, meta)
    return out


def unique(file: str, at: tuple, items: list, key: str) -> list[Problem]:
    out, first = [], {}
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in first:
            msg = f"{show(value)} is used twice (first by item #{first[value] + 1})"
            out.append(Problem(file, (*at, i, key), msg))
        first.setdefault(value, i)
    return out


def _known(values: Iterable) -> str:
    return ", ".join(str(v) for v in values) or "none"


def check_forms(
    forms: FormsFile, reasons: ReasonsFile | None, tips: TipsFile | None
) -> list[Problem]:
    out = []
    codes = [r.code for r in reasons.reasons] if reasons else None
    numbers = [t.number for t in tips.tips] if tips else None
    for i, form in enumerate(forms.forms):
        if codes is not None:
            if missing := [c for c in codes if c not in form.outcomes]:
                msg = f"no stars for reason {', '.join(missing)} (every reason needs stars)"
                out.append(Problem("forms", ("forms", i, "outcomes"), msg))
            for code in form.outcomes:
                if code not in codes:
                    msg = f"reason {code} is not in reasons.yaml"
                    out.append(Problem("forms", ("forms", i, "outcomes", code), msg))
        if numbers is not None:
            for number in form.tips:
                if number not in numbers:
                    msg = f"unknown tip {number} (tips.yaml has {_known(numbers)})"
                    out.append(Problem("forms", ("forms", i, "tips"), msg))
    return out


def check_regions(regions: RegionsFile) -> list[Problem]:
    out = unique("regions", ("regions",), regions.regions, "slug")
    provinces: dict[str, str] = {}
    levels: dict[str, tuple[str, str]] = {}
    notes: dict[str, tuple[Any, str]] = {}
    slugs: dict[str, str] = {}
    for r, region in enumerate(regions.regions):
        for p, province in enumerate(region.provinces):
            if province.slug in provinces:
                msg = f"{province.slug!r} is also a province of {provinces[province.slug]}"
                out.append(Problem("regions", ("regions", r, "provinces", p, "slug"), msg))
            provinces.setdefault(province.slug, region.slug)
        here: set[str] = set()
        for level in ("mbo", "hbo"):
            for e, entry in enumerate(getattr(region, level)):
                at = ("regions", r, level, e)
                if entry.name in here:
                    out.append(Problem("regions", at, "listed twice in this region"))
                here.add(entry.name)
                first_level, where = levels.setdefault(entry.name, (level, region.slug))
                if first_level != level:
                    msg = f"listed as {first_level.upper()} in {where}: one level per school"
                    out.append(Problem("regions", at, msg))
                if entry.note is not None:
                    note, where = notes.setdefault(entry.name, (entry.note, region.slug))
                    if note != entry.note:
                        out.append(Problem("regions", (*at, "note"), f"differs from {where}"))
                slug = slugify(entry.name)
                if slugs.setdefault(slug, entry.name) != entry.name:
                    msg = (
                        f"gives the slug {slug!r}, as {slugs[slug]!r} does: names must differ more"
                    )
                    out.append(Problem("regions", at, msg))
    return out


def check_institutions(institutions: InstitutionsFile, regions: RegionsFile) -> list[Problem]:
    """An entry for every institution of the appendix, with provinces regions.yaml
    knows. An entry for a school the appendix no longer lists is not used (the shipped
    files match exactly: tests/handbook/test_institutions_data.py)."""
    out = []
    listed = {inst.name for inst in _institutions(regions)}
    provinces = [p.slug for r in regions.regions for p in r.provinces]
    for i, facts in enumerate(institutions.institutions):
        if facts.name not in listed:
            continue
        for p, slug in enumerate(facts.provinces):
            if slug not in provinces:
                msg = f"unknown province {slug!r} (regions.yaml has {_known(provinces)})"
                out.append(Problem("institutions", ("institutions", i, "provinces", p), msg))
    described = {facts.name for facts in institutions.institutions}
    for name in sorted(listed - described):
        msg = f"no entry for {name!r}, which the appendix lists: add its towns and source"
        out.append(Problem("institutions", ("institutions",), msg))
    return out


def check_examples(
    examples: ExamplesFile,
    forms: FormsFile | None,
    regions: RegionsFile | None,
    reasons: ReasonsFile | None,
) -> list[Problem]:
    out = []
    numbers = [f.number for f in forms.forms] if forms else None
    slugs = [r.slug for r in regions.regions] if regions else None
    names = {inst.name for inst in _institutions(regions)} if regions else None
    codes = [r.code for r in reasons.reasons] if reasons else None
    for i, example in enumerate(examples.examples):
        at = ("examples", i)
        if numbers is not None and example.form not in numbers:
            msg = f"unknown form {example.form} (forms.yaml has {_known(numbers)})"
            out.append(Problem("examples", (*at, "form"), msg))
        if names is not None:
            for name in example.institutions:
                if name not in names:
                    msg = (
                        f"unknown institution {name!r}: the appendix (regions.yaml) does not "
                        "list it; name it in other_institutions instead"
                    )
                    out.append(Problem("examples", (*at, "institutions"), msg))
        if codes is not None:
            for code in example.reasons:
                if code not in codes:
                    msg = f"unknown reason {code} (reasons.yaml has {_known(codes)})"
                    out.append(Problem("examples", (*at, "reasons"), msg))
        if slugs is not None:
            for slug in example.regions:
                if slug not in slugs:
                    msg = f"unknown region {slug!r} (regions.yaml has {_known(slugs)})"
                    out.append(Problem("examples", (*at, "regions"), msg))
    return out


def check_hints(steps: StepsFile, meta: MetaFile) -> list[Problem]:
    out = []
    chapters = [c.number for c in meta.chapters]
    for s, step in enumerate(steps.steps):
        for a, action in enumerate(step.actions):
            for h, hint in enumerate(action.hints):
                if hint.chapter is not None and hint.chapter not in chapters:
                    msg = f"unknown chapter {hint.chapter!r} (meta.yaml has {_known(chapters)})"
                    at = ("steps", s, "actions", a, "hints", h, "chapter")
                    out.append(Problem("steps", at, msg))
    return out
