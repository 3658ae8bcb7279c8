"""Template filters for handbook facts shared by the knowledge base and the advisor."""

from django import template
from django.utils.translation import gettext

from samenwerkt.handbook.bands import EffortBand

register = template.Library()


@register.filter
def band_name(band: str) -> str:
    """An effort band (``low``/``medium``/``high``) as the beslisboom names it, in the
    page's language: ``{{ band|band_name|capfirst }}``."""
    try:
        return gettext(EffortBand(band).name_label)
    except ValueError:
        return ""


@register.simple_tag
def edition_note(edition) -> str:
    """When the handbook appeared, as far as it says: “uitgave 2019”, or for an
    undated edition the latest year its text mentions. A year is never grouped
    (2018, not 2.018)."""
    if not edition:
        return ""
    if edition.year:
        return gettext("edition %(year)s") % {"year": edition.year}
    if edition.latest_year_mentioned:
        return gettext("edition without a year (the latest year it mentions is %(year)s)") % {
            "year": edition.latest_year_mentioned
        }
    return gettext("edition without a year")


@register.simple_tag
def handbook_dated(edition) -> str:
    """The handbook's date as a short label next to a figure: “2019”, or “2018 or
    later” for an undated edition."""
    if not edition:
        return ""
    if edition.year:
        return str(edition.year)
    if edition.latest_year_mentioned:
        return gettext("%(year)s or later") % {"year": edition.latest_year_mentioned}
    return gettext("undated")
