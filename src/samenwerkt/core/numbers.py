"""Numbers and amounts in the reader's notation: the one place they are formatted.

Dutch pages write ``7,4`` and ``€ 4.500`` (a non-breaking space after the euro sign, so
the sign never ends a line on its own); English pages ``7.4`` and ``€4,500``. Templates
reach these through the ``number`` and ``euro`` filters (core/templatetags/samenwerkt.py);
tests/core/test_notation.py scans every public page for anything else.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import numberformat
from django.utils.formats import get_format, number_format

from .translation import current_language

NBSP = "\u00a0"


def plain(value: Decimal | int | float | str) -> Decimal | int:
    """A number without trailing zeros, as int where whole (4500.00 → 4500)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return int(number) if number == number.to_integral_value() else number.normalize()


def format_number(value, *, grouping: bool = True) -> str:
    """``7,4`` / ``4.500`` in Dutch, ``7.4`` / ``4,500`` in English. ``grouping=False``
    for a calendar year (2018, never 2.018)."""
    if value is None or value == "":
        return ""
    if grouping:
        return number_format(plain(value), use_l10n=True, force_grouping=True)
    # number_format groups whenever USE_THOUSAND_SEPARATOR is on, whatever it is told.
    return numberformat.format(plain(value), get_format("DECIMAL_SEPARATOR"), grouping=0)


def format_euro(amount: str | Decimal | int) -> str:
    """An amount (a number, or an already formatted range such as ``4.500–6.000``)
    with the euro sign as the page's language writes it."""
    if not isinstance(amount, str):
        amount = format_number(amount)
    return f"€{NBSP}{amount}" if current_language() == "nl" else f"€{amount}"
