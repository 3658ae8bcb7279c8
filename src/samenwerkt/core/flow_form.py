"""The form of one step of a question flow (core/flow.py): refuses an answer given twice,
names the query parameters it carries, knows whether it was answered, and takes a
field's default as the answer when the query leaves it out."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

REPEATED_ANSWER = _("Give one answer to this question.")
REPEATED_CHOICE = _("Choose each option only once.")


class FlowForm(forms.Form):
    """The form of one step. Besides the usual validation it

    * refuses an answer given twice (``effort=low&effort=high``, or the same box
      ticked twice: ``reason=A&reason=A``) with a message next to the field, instead
      of silently keeping one of them (a field may set ``error_messages["repeated"]``);
    * names the query parameters it may carry (:meth:`query_keys`), also when its fields are
      made per request (set :attr:`answer_keys`);
    * says whether the query holds its answer at all (:meth:`answered`);
    * takes a field's ``initial`` as its answer when the query leaves the field out:
      a question with a default (a radio checked from the start) can be answered by
      pressing Continue, and shows the default again next to an error elsewhere.

    ``query`` is the data as it came; ``data`` has the defaults filled in.
    """

    # The parameters this step may carry; empty means "the declared fields".
    answer_keys: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = self.data
        self._defaults_filled = False

    def _fill_defaults(self):
        # Lazily: a subclass may add fields after this class's __init__.
        if self._defaults_filled or not self.is_bound:
            return
        self._defaults_filled = True
        missing = {
            self.add_prefix(name): field.initial
            for name, field in self.fields.items()
            if field.initial is not None and self.add_prefix(name) not in self.query
        }
        if missing:
            data = self.query.copy()
            for key, value in missing.items():
                data[key] = str(value)
            self.data = data

    def __getitem__(self, name):
        self._fill_defaults()
        return super().__getitem__(name)

    @classmethod
    def query_keys(cls) -> tuple[str, ...]:
        return cls.answer_keys or tuple(cls.base_fields)

    def answered(self) -> bool:
        """Whether the visitor answered this step already (any of its fields in the
        query, even empty: an optional question left open was answered too)."""
        return any(self.add_prefix(name) in self.query for name in self.fields)

    def given(self) -> bool:
        """Whether the query holds a non-blank value for this step."""
        getlist = getattr(self.query, "getlist", None)
        if getlist is None:
            return False
        return any(
            str(value).strip() for name in self.fields for value in getlist(self.add_prefix(name))
        )

    def full_clean(self):
        self._fill_defaults()
        super().full_clean()
        getlist = getattr(self.query, "getlist", None)
        if not self.is_bound or getlist is None:
            return
        for name, field in self.fields.items():
            values = getlist(self.add_prefix(name))
            if len(values) < 2:
                continue
            multiple = getattr(field.widget, "allow_multiple_selected", False)
            if multiple and len(set(values)) == len(values):
                continue
            message = field.error_messages.get("repeated") or (
                REPEATED_CHOICE if multiple else REPEATED_ANSWER
            )
            self.cleaned_data.pop(name, None)
            self._errors[name] = self.error_class([message], renderer=self.renderer)


def initial_answers(form: FlowForm) -> dict[str, Any]:
    """What a question shows before it is sent: the answer already in the query where
    it is valid, else each field's own default."""
    if not form.is_valid():
        return {}
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if form.add_prefix(name) in form.query
    }
