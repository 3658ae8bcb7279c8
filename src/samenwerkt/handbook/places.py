"""Reads of places and schools: Techniekpact regions and provinces, the appendix's
listings (the finder and the advice's schools) and the researched facts about the
institutions. Re-exported by :mod:`.selectors`, where pages find every read."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, Prefetch, Q, QuerySet

from samenwerkt.core.content_memo import per_content_version, per_content_version_one
from samenwerkt.core.translation import current_language

from .models import Institution, Listing, Province, Region
from .models.places import LISTING_ORDER


@per_content_version
def regions_with_provinces() -> list[Region]:
    return list(Region.objects.prefetch_related("provinces"))


@per_content_version
def provinces() -> list[Province]:
    return list(Province.objects.select_related("region"))


def province_named(slug: str | None) -> Province | None:
    """A province (with its region) by slug, from the memoised list: no query."""
    return next((p for p in provinces() if p.slug == slug), None) if slug else None


@per_content_version_one
def institutions_checked():
    """When the researched facts about the institutions were last checked."""
    return Institution.objects.aggregate(checked=Max("checked"))["checked"]


@dataclass(frozen=True)
class InstitutionFilters:
    region: str | None = None
    province: str | None = None
    level: str | None = None
    q: str = ""


def _region_for(filters: InstitutionFilters) -> Region | None:
    """A province narrows to its Techniekpact region, the appendix's unit (no query:
    the regions and provinces are memoised)."""
    slug = filters.region
    if filters.province:
        province = province_named(filters.province)
        slug = province.region.slug if province else None
    return next((r for r in regions_with_provinces() if r.slug == slug), None)


def listings(
    filters: InstitutionFilters = InstitutionFilters(),
) -> QuerySet[Listing] | ProvinceFirst:
    """The appendix's rows (an institution under a region), filtered, in the appendix's
    order on one index (LISTING_ORDER). A search matches the name or a town. With a
    province chosen, the province's own schools come first, then the rest of its
    Techniekpact region (:class:`ProvinceFirst`)."""
    qs = Listing.objects.all()
    if filters.region or filters.province:
        region = _region_for(filters)
        if region is None:
            return qs.none()
        qs = qs.filter(region_position=region.position, region_id=region.pk)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.q:
        qs = qs.filter(
            Q(institution__name__icontains=filters.q) | Q(institution__towns__icontains=filters.q)
        )
    qs = qs.order_by(*LISTING_ORDER)
    if filters.province:
        return ProvinceFirst(qs.filter(institution__provinces__slug=filters.province), qs)
    return qs


@dataclass(frozen=True, slots=True)
class SchoolRow:
    """One listed school as the finder and the advice show it: plain values in the
    page's language, read without building model instances (a page lists up to 100)."""

    region_id: int
    region_name: str
    in_province: bool
    name: str
    level: str
    website: str
    towns: str
    note: str
    confirmed: bool
    slug: str = ""
    # When the school's own public profile was last updated (None: no public profile),
    # and by which team: the finder and the advice mark such rows "kept by the school".
    profile_updated: object = None
    profile_kept_by: str = ""


def school_rows(listed, *, in_province: bool = False) -> list[SchoolRow]:
    """The rows of a (sliced) :func:`listings` queryset, in its order; a list of rows
    (a slice of :class:`ProvinceFirst`) is returned as it is."""
    if isinstance(listed, list):
        return listed
    lang = current_language()
    columns = (
        "region_id",
        "region__name_nl",
        f"region__name_{lang}",
        "institution__name",
        "level",
        "institution__website",
        "institution__towns",
        "institution__note_nl",
        f"institution__note_{lang}",
        "institution__confirmed",
        "institution__slug",
        "institution__profile__published",
        "institution__profile__updated_at",
        "institution__profile__kept_by",
    )
    return [
        SchoolRow(
            region_id=region_id,
            region_name=region or region_nl,
            in_province=in_province,
            name=name,
            level=level,
            website=website,
            towns=towns,
            note=note or note_nl,
            confirmed=confirmed,
            slug=slug,
            profile_updated=updated_at if published else None,
            profile_kept_by=(kept_by or "") if published else "",
        )
        for (
            region_id,
            region_nl,
            region,
            name,
            level,
            website,
            towns,
            note_nl,
            note,
            confirmed,
            slug,
            published,
            updated_at,
            kept_by,
        ) in listed.values_list(*columns)
    ]


class ProvinceFirst:
    """A region's listings with one province's own schools first: a sequence the
    Paginator can count and slice (slices are SchoolRow lists). The province's own are
    few (the appendix's schools), so their ids are read once and the rest of the region
    is read on the order index without them."""

    def __init__(self, own: QuerySet[Listing], everything: QuerySet[Listing]):
        self.own = own
        self.everything = everything
        self._own_ids: list[int] | None = None

    def own_ids(self) -> list[int]:
        if self._own_ids is None:
            self._own_ids = list(self.own.values_list("id", flat=True))
        return self._own_ids

    def count(self) -> int:
        return self.everything.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[SchoolRow]:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("ProvinceFirst takes a plain slice")
        start, stop = key.start or 0, key.stop
        ids = self.own_ids()
        rows = []
        if start < len(ids):
            own = ids[start:stop]
            listed = Listing.objects.filter(id__in=own).order_by(*LISTING_ORDER)
            rows += school_rows(listed, in_province=True)
        rest_start = max(0, start - len(ids))
        rest_stop = None if stop is None else stop - len(ids)
        if rest_stop is None or rest_stop > 0:
            rows += school_rows(self.everything.exclude(id__in=ids)[rest_start:rest_stop])
        return rows


def regions_with_institutions(region: str | None = None) -> list[Region]:
    listed = Listing.objects.select_related("institution").order_by("level", "position")
    qs = Region.objects.prefetch_related("provinces", Prefetch("listings", queryset=listed))
    if region:
        qs = qs.filter(slug=region)
    return list(qs)


def institutions() -> QuerySet[Institution]:
    return Institution.objects.all()


def schools_near(filters: InstitutionFilters, *, limit: int = 60) -> list[SchoolRow]:
    """The first ``limit`` schools for a place, as the advice shows them: memoised per
    content version, place and language (the advice is asked for few places, and the
    rows carry names in the page's language)."""
    return _schools_near(filters, limit, current_language())


@per_content_version
def _schools_near(filters: InstitutionFilters, limit: int, language: str) -> list[SchoolRow]:
    return school_rows(listings(filters)[:limit])
