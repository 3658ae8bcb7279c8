"""Formsets whose rows share their menus: a ModelChoiceField reads its choices from the
database each time it is rendered, so a list of rows with a menu each (a school's
teaching locations, each with its province) asked one query a row. Here the first row
reads them and every other row, the empty template row too, reuses that list."""

from __future__ import annotations

from django.forms.models import BaseInlineFormSet


class ChoicesReadOnce(BaseInlineFormSet):
    """Name the fields in ``shared_choices``; their choices must be the same for every
    row (a queryset that depends on the row's own object would be wrong here).
    Validation still checks a posted value against the field's queryset."""

    shared_choices: tuple[str, ...] = ()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        read = self.__dict__.setdefault("_choices_read", {})
        for name in self.shared_choices:
            field = form.fields[name]
            if name not in read:
                read[name] = list(field.choices)
            field.choices = read[name]
