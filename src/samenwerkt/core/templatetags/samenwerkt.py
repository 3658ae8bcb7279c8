"""Template helpers shared by all pages: stars, figures, language links, pagination."""

import functools
import re
from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenwerkt.core import content_version, fragments
from samenwerkt.core.numbers import format_euro, format_number

register = template.Library()


@register.simple_tag
def stars(count, maximum=5, label=""):
    """Filled and empty stars, read out as “3 of 5 stars”."""
    count = int(count or 0)
    spoken = _("%(count)s of %(max)s stars") % {"count": count, "max": maximum}
    if label:
        spoken = f"{label}: {spoken}"
    return format_html(
        '<span class="stars" role="img" aria-label="{}"><span aria-hidden="true">'
        '<span class="stars__on">{}</span><span class="stars__off">{}</span></span></span>',
        spoken,
        "★" * count,
        "☆" * (maximum - count),
    )


@register.simple_tag(takes_context=True)
def url_in_language(context, lang):
    """This page's address in another language (keeps the query string).

    Only a path that is one of our pages translates; for anything else (a 404, an
    address such as ``//evil.example/x``) the link goes to the home page in that
    language, so our own pages never link to an address a visitor made up."""
    request = context["request"]
    path = _path_in_language(content_version.known(), request.path_info, lang)
    if path is None:
        return _home(lang)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{iri_to_uri(query)}" if query else path


@functools.lru_cache(maxsize=2048)
def _path_in_language(version: int, path_info: str, lang: str) -> str | None:
    """``path_info`` translated into ``lang``, or None when it is not one of our pages.
    Every page asks this twice (the language switch and the alternate link), and
    resolving and reversing cost more than the rest of the page's head; the answer
    only changes with the URLconf (fixed while the process runs) and the content
    (slugs), hence the content version in the key. Bounded: visitors choose paths."""
    try:
        resolve(path_info)
    except Resolver404:
        return None
    translated = translate_url(escape_uri_path(path_info), lang)
    if not translated.startswith("/") or translated.startswith("//"):
        return None
    return translated


def _home(lang: str) -> str:
    with translation.override(lang):
        return reverse("handbook:home")


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str | None = None) -> str:
    """``path`` (default: this page, with its query) on SITE_URL, never on the Host
    header a visitor sent."""
    if path is None:
        path = context["request"].get_full_path()
    return settings.SITE_URL + path


@register.simple_tag(takes_context=True)
def page_url(context, number):
    query = context.get("query", "")
    return f"?{query}&page={number}" if query else f"?page={number}"


def _number(value: Decimal | int, *, grouping: bool = True) -> str:
    return format_number(value, grouping=grouping)


_ADDRESS_JOINT = re.compile(r"(?<=[@.])(?=[^\s.@])")


@register.filter(is_safe=True)
def breakable(value) -> str:
    """Text with email addresses (or host names) in it, escaped, with a line-break
    opportunity after each "@" and "." inside them, so a long address wraps at its
    joints on a phone instead of sticking out or splitting mid-word (WCAG 1.4.10)."""
    return mark_safe(_ADDRESS_JOINT.sub("<wbr>", str(escape(value))))


@register.filter
def in_groups(value, size=4) -> str:
    """ "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": a long key to type in by hand, in
    groups that are easy to read and that wrap between them on a phone instead of
    splitting mid-word (authenticator apps ignore the spaces)."""
    text = str(value)
    return " ".join(text[i : i + int(size)] for i in range(0, len(text), int(size)))


@register.filter
def month_name(number) -> str:
    """1 → "januari" (or "January"): the month's name in the page's language."""
    from django.utils.dates import MONTHS

    try:
        return str(MONTHS[int(number)])
    except (KeyError, TypeError, ValueError):
        return ""


@register.filter
def number(value) -> str:
    """A number in the page's notation: ``{{ edition.average_grade|number }}`` → 7,4."""
    return format_number(value)


@register.filter
def euro(value) -> str:
    """An amount in the page's notation: ``{{ 4500|euro }}`` → € 4.500 (non-breaking)."""
    return format_euro(value)


@register.filter
def figure_value(figure) -> str:
    """An example's figure in the reader's notation: “minimaal € 4.500”, “3 à 4 dagen”."""
    value = _number(figure.value, grouping=figure.unit != "year")
    high = _number(figure.value_max) if figure.value_max is not None else None
    amount = f"{value}–{high}" if high else value
    plural_n = int(figure.value_max or figure.value)
    unit = figure.unit
    if unit == "eur":
        text = format_euro(amount)
    elif unit == "years":
        text = ngettext("%(n)s year", "%(n)s years", plural_n) % {"n": amount}
    elif unit == "months":
        text = ngettext("%(n)s month", "%(n)s months", plural_n) % {"n": amount}
    elif unit == "days_per_week":
        text = ngettext("%(n)s day a week", "%(n)s days a week", plural_n) % {"n": amount}
    elif unit == "level":
        text = _("level %(n)s") % {"n": amount}
    else:
        text = amount
    prefix = {
        "at_least": _("at least"),
        "about": _("about"),
        "more_than": _("more than"),
    }.get(figure.qualifier)
    return f"{prefix} {text}" if prefix else text


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, key, last_known):
        self.nodelist = nodelist
        self.name = name
        self.key = key
        self.last_known = last_known

    def render(self, context):
        key = self.key.resolve(context)
        if key is None:
            # No key (a form with errors, a search): drawn for this request only.
            return self.nodelist.render(context)
        full_key = fragments.key_for(
            str(self.name.resolve(context)), str(key), last_known=self.last_known
        )
        html = fragments.get(full_key)
        if html is None:
            html = mark_safe(self.nodelist.render(context))
            fragments.put(full_key, html)
        return html


@register.tag
def fragment(parser, token):
    """``{% fragment "name" key %}…{% endfragment %}``: the body rendered once per
    content version, language, name and key (core/fragments.py). The key must hold
    everything else the body depends on; a key of None keeps nothing, the body is
    drawn as usual. ``{% fragment "name" key last_known %}``: for
    the page frame, which may lag one edit on a page that reads no content."""
    bits = token.split_contents()
    last_known = len(bits) == 4 and bits[3] == "last_known"
    if len(bits) != 3 and not last_known:
        raise template.TemplateSyntaxError(
            '{% fragment %} takes a name and a key, and optionally "last_known"'
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), last_known
    )
