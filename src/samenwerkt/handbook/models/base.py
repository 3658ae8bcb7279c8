from django.db import models
from django.utils.translation import gettext_lazy as _

from samenwerkt.core.models import PublicContent


class HandbookManaged(PublicContent):
    """A row that ``load_handbook`` creates and keeps up to date from the YAML.

    When staff change the row in the admin it is marked ``edited_in_admin`` and the
    loader leaves it alone from then on (unless told ``--overwrite-edits``), so
    running ``make run`` again never throws away the programme office's edits.
    """

    edited_in_admin = models.BooleanField(
        _("edited in admin"),
        default=False,
        help_text=_("Set when staff change this row; the handbook loader then keeps it."),
    )

    class Meta:
        abstract = True


def bilingual(name: str, verbose: str, *, text: bool = False, blank: bool = False):
    """The Dutch and English columns of one handbook field."""
    field = models.TextField if text else models.CharField
    kwargs = {} if text else {"max_length": 300}
    return (
        field(f"{verbose} (NL)", blank=blank, **kwargs),
        field(f"{verbose} (EN)", blank=True, **kwargs),
    )
