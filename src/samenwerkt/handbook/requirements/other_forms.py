"""Every form (the school year), and forms 1–2, 4 and 6–8."""

from __future__ import annotations

from .model import ALL_FORMS, FONTYS_GUIDE, SBB_ELECTIVE, WEB, Requirement, Source, site

ITEMS: tuple[Requirement, ...] = (
    # -- every form: the school year (golden tip 5) -----------------------------------
    Requirement(
        key="school-holidays",
        title={"nl": "Schoolvakanties", "en": "School holidays"},
        forms=ALL_FORMS,
        level=None,
        text={
            "nl": "MBO- en HBO-scholen bepalen zelf hun vakanties: plan met de jaarkalender "
            "van de school zelf, niet met de regionale schoolvakanties.",
            "en": "MBO and HBO schools set their own holidays: plan with the school's own "
            "year calendar, not with the regional school holidays.",
        },
        sources=(site("rijksoverheid.nl"),),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="exam-periods",
        title={"nl": "Toetsperiodes", "en": "Exam periods"},
        forms=ALL_FORMS,
        level=None,
        text={
            "nl": "wanneer de toetsperiodes zijn, zodat je plannen die ontlopen.",
            "en": "when its exam periods are, so that your plans avoid them.",
        },
        sources=(FONTYS_GUIDE, site("aventusfactory.nl")),
        as_of="2026",
        confirmed=False,
    ),
    # -- 1 and 2: making the company known; inspiring students ----------------------
    Requirement(
        key="certificate-of-conduct",
        title={"nl": "Verklaring Omtrent het Gedrag (VOG)", "en": "Certificate of conduct (VOG)"},
        forms=(1, 2),
        level=None,
        text={
            "nl": "Scholen vragen gasten vaak om een Verklaring Omtrent het Gedrag (VOG): "
            "vraag of de school die wil van elke medewerker die meekomt.",
            "en": "Schools often ask guests for a certificate of conduct (VOG, Verklaring "
            "Omtrent het Gedrag): ask whether the school wants one from each employee "
            "who comes along.",
        },
        sources=(site("passievooronderwijsdrechtsteden.nl"),),
        as_of="2026",
        confirmed=True,
    ),
    # -- 4: employees as hybrid teachers --------------------------------------------
    Requirement(
        key="hybrid-teaching-hours-mbo",
        title={"nl": "Lesuren zonder bevoegdheid", "en": "Teaching hours without a qualification"},
        forms=(4,),
        level="MBO",
        text={
            "nl": "Op het MBO mag een medewerker tot 6 lesuren per week lesgeven zonder "
            "onderwijsbevoegdheid; wie meer uren geeft, moet binnen 2 jaar een "
            "pedagogisch-didactisch getuigschrift (PDG) of een bevoegdheid halen.",
            "en": "At MBO an employee may teach up to 6 hours a week without a teaching "
            "qualification; for more hours they must obtain a pedagogical-didactic "
            "certificate (PDG) or a qualification within 2 years.",
        },
        sources=(
            Source("WEB, art. 4.2.1 lid 6", WEB.url),
            site("hybridetechniekdocent.nl"),
        ),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="hybrid-qualification-hbo",
        title={"nl": "Didactische basiskwalificatie", "en": "Basic teaching qualification"},
        forms=(4,),
        level="HBO",
        text={
            "nl": "Op het HBO wordt meestal een basiskwalificatie didactische bekwaamheid "
            "(BDB/BKE) verwacht; kleine aanstellingen zijn soms vrijgesteld (bij "
            "Hogeschool Utrecht bijvoorbeeld onder 0,2 fte).",
            "en": "At HBO a basic teaching qualification (BDB/BKE) is generally expected; "
            "small appointments are sometimes exempt (at Hogeschool Utrecht, for example, "
            "under 0.2 FTE).",
        },
        sources=(site("vu.nl"), site("zestor.nl")),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="hybrid-contract",
        title={"nl": "Contractvorm", "en": "Contract form"},
        forms=(4,),
        level=None,
        text={
            "nl": "Kies met de school een van drie contractvormen: een tweede aanstelling "
            "bij de school (onder de onderwijs-cao), detachering, of je medewerker werkt "
            "als zelfstandige voor de school. Beide werkgevers moeten van de tweede baan "
            "weten, en de grenzen aan de arbeidstijd gelden voor beide banen samen.",
            "en": "Choose one of three contract forms with the school: a second contract "
            "with the school (under the education collective agreement), secondment "
            "(detachering), or your employee works for the school as self-employed. Both "
            "employers must know of the second job, and the working-time limits apply to "
            "both jobs together.",
        },
        sources=(site("techniekpact.nl"),),
        as_of="2026",
        confirmed=True,
    ),
    # -- 6: re- and upskilling --------------------------------------------------------------
    Requirement(
        key="stap-budget-ended",
        title={"nl": "STAP-budget", "en": "STAP budget"},
        forms=(6,),
        level=None,
        text={
            "nl": "Reken niet op het STAP-budget (€ 1.000 per persoon): dat is op 1 januari "
            "2024 gestopt, zonder directe opvolger.",
            "en": "Don't count on the STAP budget (€1,000 per person): it ended on "
            "1 January 2024, without a direct successor.",
        },
        sources=(site("pwnet.nl"),),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="slim-subsidy",
        title={"nl": "SLIM-subsidie", "en": "SLIM subsidy"},
        forms=(6,),
        level=None,
        text={
            "nl": "Mkb-bedrijven (minder dan 250 medewerkers) kunnen SLIM-subsidie "
            "aanvragen: kosten van minstens € 5.000, subsidie tot ongeveer € 25.000, met "
            "een eigen bijdrage van 20% (minder dan 50 medewerkers) of 40%. Aanvragen gaat "
            "in tijdvakken, met loting als er te veel aanvragen zijn.",
            "en": "SMEs (under 250 staff) can apply for the SLIM subsidy: costs of at least "
            "€5,000, a subsidy of up to about €25,000, with an own contribution of 20% "
            "(under 50 staff) or 40%. Applications go in windows, with a lottery when too "
            "many apply.",
        },
        sources=(site("cedeo.eu"), site("smart3.nl")),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="slim-windows",
        title={"nl": "Aanvraagtijdvak SLIM", "en": "SLIM application window"},
        forms=(6,),
        level=None,
        text={
            "nl": "wanneer het volgende aanvraagtijdvak van SLIM opengaat.",
            "en": "when the next SLIM application window opens.",
        },
        sources=(site("cedeo.eu"), site("smart3.nl")),
        as_of="2026",
        confirmed=False,
    ),
    Requirement(
        key="third-learning-route",
        title={"nl": "Derde leerweg", "en": "Third learning route"},
        forms=(6,),
        level="MBO",
        text={
            "nl": "De derde leerweg van het MBO kan leiden tot een praktijkverklaring, een "
            "mbo-certificaat of een volledig diploma.",
            "en": "MBO's third learning route (derde leerweg) can lead to a practice "
            "statement (praktijkverklaring), an MBO certificate or a full diploma.",
        },
        sources=(site("rijksoverheid.nl"),),
        as_of="2026",
        confirmed=True,
    ),
    # -- 7: new forms of education, regional networks -----------------------------------------
    Requirement(
        key="regional-partnerships",
        title={"nl": "Regionale samenwerkingsverbanden", "en": "Regional partnerships"},
        forms=(7,),
        level=None,
        text={
            "nl": "Je hoeft niet alleen te beginnen: zo'n 450 regionale publiek-private "
            "samenwerkingsverbanden, met ongeveer 21.000 bedrijven, horen bij het "
            "Katapult-netwerk.",
            "en": "You need not start alone: about 450 regional public–private "
            "partnerships, with some 21,000 companies, are part of the Katapult network.",
        },
        sources=(site("mbo-today.nl"),),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="regional-investment-fund",
        title={"nl": "Regionaal Investeringsfonds mbo", "en": "Regional investment fund (MBO)"},
        forms=(7,),
        level="MBO",
        text={
            "nl": "Het Regionaal Investeringsfonds mbo subsidieert tot een derde van de "
            "kosten van een samenwerking: € 200.000 tot € 2 miljoen over vier jaar.",
            "en": "The Regionaal Investeringsfonds mbo subsidises up to a third of a "
            "partnership's costs: €200,000 to €2 million over four years.",
        },
        sources=(site("dus-i.nl"),),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="regional-investment-fund-rounds",
        title={"nl": "Rondes van het fonds", "en": "Rounds of the fund"},
        forms=(7,),
        level="MBO",
        text={
            "nl": "of er nu een ronde van het Regionaal Investeringsfonds mbo open is.",
            "en": "whether a round of the Regionaal Investeringsfonds mbo is open now.",
        },
        sources=(site("dus-i.nl"),),
        as_of="2026",
        confirmed=False,
    ),
    # -- 8: new course content --------------------------------------------------------------------
    Requirement(
        key="elective-module",
        title={"nl": "Keuzedeel voorstellen", "en": "Proposing an elective module"},
        forms=(8,),
        level="MBO",
        text={
            "nl": "Op het MBO kan een bedrijf, school of branche via SBB een nieuw keuzedeel "
            "voorstellen; keuzedelen worden vastgesteld op 1 januari, 1 april, 1 juli of "
            "1 oktober.",
            "en": "At MBO a company, a school or a sector body can propose a new elective "
            "module (keuzedeel) through SBB; modules are adopted on 1 January, 1 April, "
            "1 July or 1 October.",
        },
        sources=(SBB_ELECTIVE,),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="minor-published",
        title={"nl": "Minor op tijd klaar", "en": "A minor ready in time"},
        forms=(8,),
        level="HBO",
        text={
            "nl": "HBO-minoren worden ruim voor het studiejaar gepubliceerd (Hogeschool "
            "Utrecht publiceert op 1 februari voor het volgende jaar): de inhoud moet dan "
            "vastliggen.",
            "en": "HBO minors are published well before the school year (Hogeschool "
            "Utrecht publishes on 1 February for the next year): the content must be "
            "settled by then.",
        },
        sources=(site("husite.nl"),),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="minor-lead-time",
        title={"nl": "Termijn voor een minor", "en": "Deadline for a minor"},
        forms=(8,),
        level="HBO",
        text={
            "nl": "voor welke datum de inhoud van een minor bij haar vast moet liggen.",
            "en": "by which date the content of a minor must be settled there.",
        },
        sources=(site("husite.nl"),),
        as_of="2026",
        confirmed=False,
    ),
)
