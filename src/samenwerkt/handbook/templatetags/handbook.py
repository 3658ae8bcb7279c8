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
