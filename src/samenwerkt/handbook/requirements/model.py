"""The shape of a requirement and the sources the research notes name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES = ("nl", "en")
LEVELS = ("MBO", "HBO")
ALL_FORMS: tuple[int, ...] = tuple(range(1, 9))

# How an item no source settled is put: as something to ask the school. Its text
# goes on from here ("… whether recognition costs anything.").
CHECK_WITH_THE_SCHOOL: Mapping[str, str] = {
    "nl": "Vraag na bij de school",
    "en": "Check with the school",
}


@dataclass(frozen=True)
class Source:
    name: str  # as the research notes name it, e.g. "s-bb.nl, “voorwaarden erkenning”"
    url: str


@dataclass(frozen=True)
class Requirement:
    """One thing to prepare or arrange. ``level`` is "MBO", "HBO" or None (both).

    A confirmed item's text is a statement; an unconfirmed one's is what to ask the
    school (``wording`` puts "Check with the school" in front)."""

    key: str
    title: Mapping[str, str]  # a few words to scan by: {"nl": …, "en": …}
    forms: tuple[int, ...]
    level: str | None
    text: Mapping[str, str]
    sources: tuple[Source, ...]
    as_of: str  # the year the sources said it: "2026"
    confirmed: bool  # no default: every item says whether a source settles it

    def heading(self, lang: str) -> str:
        return self.title.get(lang) or self.title["nl"]

    def wording(self, lang: str) -> str:
        text = self.text.get(lang) or self.text["nl"]
        if self.confirmed:
            return text
        return f"{CHECK_WITH_THE_SCHOOL.get(lang, CHECK_WITH_THE_SCHOOL['nl'])} {text}"


def site(name: str) -> Source:
    """A source known by its site's name only: the link goes to that site."""
    return Source(name=name, url=f"https://{name}/")


# The sources of the research notes. Where the notes give only a site and a page
# title, the link is the site's own address.
SBB_CONDITIONS = Source(
    "s-bb.nl, “voorwaarden erkenning”", "https://www.s-bb.nl/bedrijven/voorwaarden-erkenning/"
)
SBB_PROGRAMME_CODE = Source("s-bb.nl, “erkende opleidingscode”", "https://s-bb.nl/")
SBB_AGREEMENT = Source("s-bb.nl, “praktijkovereenkomst afsluiten”", "https://s-bb.nl/")
SBB_ELECTIVE = Source("s-bb.nl, “voorstel keuzedeel”", "https://s-bb.nl/")
SBB = site("s-bb.nl")
STAGEMARKT_STEPS = Source(
    "stagemarkt.nl, “vind een erkend leerbedrijf in 10 stappen”", "https://stagemarkt.nl/"
)
STAGEMARKT = site("stagemarkt.nl")
WEB = Source("Wet educatie en beroepsonderwijs (WEB)", "https://wetten.overheid.nl/BWBR0007625/")
FONTYS_GUIDE = Source("stagegidsfontysict.nl (Fontys ICT)", "https://stagegidsfontysict.nl/")
HVA = Source("hva.nl (HBO-ICT)", "https://hva.nl/")
