"""What every page's footer says about the handbook: title, publisher and edition."""

from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from samenwerkt.core.content_memo import last_known

from . import selectors

_edition = last_known(selectors.edition)


def _edition_or_none():
    # A page that renders while the database is away (an error page) shows a footer
    # without the edition instead of failing a second time.
    try:
        return _edition()
    except DatabaseError:
        return None


def handbook(request):
    """``handbook_edition``, read only when a template uses it: memoised per content
    version, and on a request that reads no other handbook content the one this
    process last read (core/content_memo.last_known), so a warm process answers it
    without a query of its own."""
    return {"handbook_edition": SimpleLazyObject(_edition_or_none)}
