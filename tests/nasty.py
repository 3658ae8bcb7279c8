"""One shared table of nasty inputs for forms, query parameters and the API.

Each entry is ``(id, value)``; the id names the case in test output. Use ``NASTY`` to
parametrize, ``NASTY_VALUES`` for the bare strings.
"""

from __future__ import annotations

SCRIPT = "<script>alert(1)</script>"
IMG_ONERROR = '"><img src=x onerror=alert(1)>'
LONG = "x" * 5000

NASTY: list[tuple[str, str]] = [
    # empty and blank
    ("empty", ""),
    ("space", " "),
    ("whitespace", " \t\n\r "),
    # very long
    ("long-5000", LONG),
    # unicode
    ("emoji", "🤝💻🎓"),
    ("rtl", "\u202eمرحبا بالعالم"),
    ("combining", "Z\u0351\u0327a\u0308\u0301l\u0336g\u0489o"),
    ("nul", "a\x00b"),
    ("nul-only", "\x00"),
    ("fullwidth-digit", "１"),
    # HTML and script
    ("script", SCRIPT),
    ("img-onerror", IMG_ONERROR),
    # SQL-like
    ("sql-or", "' OR 1=1 --"),
    ("sql-drop", "1; DROP TABLE x"),
    # wrong type
    ("list", "[]"),
    ("dict", "{}"),
    ("negative", "-1"),
    ("float", "1.5"),
    ("bool", "true"),
    ("nan", "NaN"),
    ("huge-int", "99999999999999999999"),
]

NASTY_VALUES: list[str] = [value for _id, value in NASTY]
NASTY_IDS: list[str] = [name for name, _value in NASTY]

# Markup that must never reach a page unescaped.
MARKUP = (SCRIPT, "<img src=x onerror=alert(1)>")
