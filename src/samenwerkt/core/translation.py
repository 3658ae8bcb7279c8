"""Bilingual handbook fields.

Handbook content is stored as ``<field>_nl`` and ``<field>_en`` columns (the YAML
gives both). ``Translated("name")`` on a model reads the column of the active
language, falling back to Dutch, the handbook's own language, when English is empty.
"""

from django.utils.translation import get_language

DEFAULT = "nl"


def current_language() -> str:
    lang = (get_language() or DEFAULT).split("-")[0]
    return lang if lang in ("nl", "en") else DEFAULT


class Translated:
    def __init__(self, base: str):
        self.base = base

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, f"{self.base}_{current_language()}", "")
        return value or getattr(instance, f"{self.base}_{DEFAULT}", "")
