"""Form 5, practice and graduation assignments and internships: what a company
arranges at MBO and at HBO, and at both."""

from __future__ import annotations

from .model import (
    FONTYS_GUIDE,
    HVA,
    SBB,
    SBB_AGREEMENT,
    SBB_CONDITIONS,
    SBB_PROGRAMME_CODE,
    STAGEMARKT,
    STAGEMARKT_STEPS,
    Requirement,
    Source,
    site,
)

ITEMS: tuple[Requirement, ...] = (
    # -- 5: practice and graduation assignments, internships: MBO ---------------------
    Requirement(
        key="recognised-training-company",
        title={"nl": "Erkend leerbedrijf", "en": "Recognised training company"},
        forms=(5,),
        level="MBO",
        text={
            "nl": "Je bedrijf moet door SBB erkend zijn als leerbedrijf voordat een "
            "MBO-student het praktijkdeel van zijn opleiding bij je kan doen (de WEB "
            "schrijft dat voor, voor BOL en BBL). De erkenning geldt per opleiding: per "
            "opleidingscode van vijf cijfers (vroeger het crebonummer). Erkend worden duurt een "
            "paar weken; SBB beoordeelt de erkenning elke 4 jaar opnieuw, en die vervalt na "
            "4 jaar zonder studenten.",
            "en": "Your company must be recognised by SBB as a training company (erkend "
            "leerbedrijf) before an MBO student can do the practical part of the "
            "programme with you (the WEB requires it, for BOL and BBL alike). Recognition "
            "is per programme: per five-digit programme code (formerly the crebo number). "
            "Getting recognised takes a few weeks; SBB reviews the recognition every 4 "
            "years, and it lapses after 4 years without students.",
        },
        sources=(SBB_CONDITIONS, SBB_PROGRAMME_CODE, STAGEMARKT_STEPS),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="recognition-conditions",
        title={"nl": "Voorwaarden voor erkenning", "en": "Conditions for recognition"},
        forms=(5,),
        level="MBO",
        text={
            "nl": "De voorwaarden van SBB in het kort: een veilige werkplek, werk dat bij "
            "het beroep past, een praktijkopleider met tijd en middelen om de student te "
            "begeleiden, samenwerking met school en SBB, en toestemming om op "
            "Stagemarkt.nl vermeld te worden.",
            "en": "SBB's conditions in short: a safe workplace, work that fits the "
            "occupation, a workplace trainer (praktijkopleider) with time and means to "
            "coach the student, cooperation with the school and SBB, and consent to be "
            "listed on Stagemarkt.nl.",
        },
        sources=(SBB_CONDITIONS,),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="recognition-fees",
        title={"nl": "Kosten van de erkenning", "en": "Costs of recognition"},
        forms=(5,),
        level="MBO",
        text={
            "nl": "of de erkenning als leerbedrijf iets kost.",
            "en": "whether recognition as a training company costs anything.",
        },
        sources=(SBB_CONDITIONS,),
        as_of="2026",
        confirmed=False,
    ),
    Requirement(
        key="workplace-trainer",
        title={"nl": "Praktijkopleider", "en": "Workplace trainer"},
        forms=(5,),
        level="MBO",
        text={
            "nl": "De praktijkopleider stelt leerdoelen op, plant het werk, coacht, geeft "
            "feedback en beoordeelt mee.",
            "en": "The workplace trainer (praktijkopleider) sets learning goals, plans the "
            "work, coaches, gives feedback and takes part in the assessment.",
        },
        sources=(SBB,),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="internship-agreement-mbo",
        title={"nl": "Praktijkovereenkomst (POK)", "en": "Internship agreement (POK)"},
        forms=(5,),
        level="MBO",
        text={
            "nl": "De school stelt de praktijkovereenkomst (POK) op tussen student, school "
            "en jouw bedrijf: met de praktijkopleider, de data, de uren, de werkprocessen "
            "en de beoordeling. Bij BOL één per stage, bij BBL één aan het begin van de "
            "opleiding; een nieuw bedrijf betekent een nieuwe POK.",
            "en": "The school draws up the three-party internship agreement "
            "(praktijkovereenkomst, POK) between the student, the school and your "
            "company: the workplace trainer, dates, hours, the work processes and the "
            "assessment. For BOL one per placement, for BBL one at the start of the "
            "programme; a new company means a new POK.",
        },
        sources=(SBB_AGREEMENT, site("rocmn.nl")),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="bbl-employment",
        title={"nl": "BBL: ook een arbeidscontract", "en": "BBL: an employment contract too"},
        forms=(5,),
        level="MBO",
        text={
            "nl": "Een BBL-student (werkend leren) is ook je werknemer: met een "
            "arbeidscontract en loon volgens de cao van je sector.",
            "en": "A BBL student (learning while working) is also your employee: with an "
            "employment contract and pay under your sector's collective agreement.",
        },
        sources=(site("werkgeverslijn.nl"),),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="share-of-practice",
        title={"nl": "Tijd in de praktijk", "en": "Time in practice"},
        forms=(5,),
        level="MBO",
        text={
            "nl": "Hoeveel tijd de student bij je is: bij BOL is 20–60% van de opleiding "
            "praktijk, bij BBL 60% of meer; een BBL-jaar telt minstens 850 uur, waarvan "
            "minstens 610 in de praktijk.",
            "en": "How much time the student spends with you: in BOL 20–60% of the "
            "programme is practice, in BBL 60% or more; a BBL year has at least 850 "
            "hours, of which at least 610 in practice.",
        },
        sources=(
            site("randstad.nl"),
            Source("ikkiesvoortechniek.nl (WEB art. 7.2.7)", "https://ikkiesvoortechniek.nl/"),
        ),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="stagemarkt",
        title={"nl": "Stagemarkt.nl", "en": "Stagemarkt.nl"},
        forms=(5,),
        level="MBO",
        text={
            "nl": "Studenten zoeken erkende leerbedrijven op Stagemarkt.nl, per opleiding "
            "en op plaats of postcode binnen een straal: kijk of je bedrijf daar goed "
            "vermeld staat.",
            "en": "Students look for recognised companies on Stagemarkt.nl, by programme "
            "and by place or postcode within a radius: check that your company is listed "
            "there correctly.",
        },
        sources=(STAGEMARKT,),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="subsidy-praktijkleren",
        title={"nl": "Subsidie praktijkleren", "en": "Work-based learning subsidy"},
        forms=(5,),
        level="MBO",
        text={
            "nl": "of de Subsidieregeling praktijkleren nog loopt (in 2023: tot € 2.700 per "
            "BBL-plek per jaar, achteraf aan te vragen van juni tot september).",
            "en": "whether the Subsidieregeling praktijkleren still runs (in 2023: up to "
            "€2,700 per BBL place a year, claimed afterwards between June and September).",
        },
        sources=(site("rvo.nl"),),
        as_of="2023",
        confirmed=False,
    ),
    # -- 5: HBO ------------------------------------------------------------------------
    Requirement(
        key="internship-agreement-hbo",
        title={"nl": "Stageovereenkomst", "en": "Internship agreement"},
        forms=(5,),
        level="HBO",
        text={
            "nl": "Voor een HBO-stage is een stageovereenkomst nodig.",
            "en": "An HBO internship needs an internship agreement (stageovereenkomst).",
        },
        sources=(site("inholland.nl"),),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="assignment-approved",
        title={"nl": "Goedkeuring van de opdracht", "en": "Approval of the assignment"},
        forms=(5,),
        level="HBO",
        text={
            "nl": "De school moet de opdracht goedkeuren (bijvoorbeeld via een "
            "afstudeercommissie).",
            "en": "The school must approve the assignment (for example through a "
            "graduation committee).",
        },
        sources=(HVA,),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="company-supervisor",
        title={"nl": "Bedrijfsbegeleider", "en": "Company supervisor"},
        forms=(5,),
        level="HBO",
        text={
            "nl": "Wijs een bedrijfsbegeleider van HBO-niveau aan die ongeveer 1 à 2 uur per "
            "week beschikbaar is (HvA) of minstens 2 uur (Fontys).",
            "en": "Appoint a company supervisor at HBO level, available about 1–2 hours a "
            "week (HvA) or at least 2 (Fontys).",
        },
        sources=(HVA, FONTYS_GUIDE),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="assignment-not-critical",
        title={"nl": "Geschikte opdracht", "en": "A suitable assignment"},
        forms=(5,),
        level="HBO",
        text={
            "nl": "Kies een opdracht die niet bedrijfskritisch is en niet vastzit aan harde "
            "deadlines van een klant.",
            "en": "Choose an assignment that is not business-critical and not tied to a "
            "client's fixed deadlines.",
        },
        sources=(FONTYS_GUIDE,),
        as_of="2026",
        confirmed=True,
    ),
    # -- 5: both levels ------------------------------------------------------------------
    Requirement(
        key="intellectual-property",
        title={
            "nl": "Intellectueel eigendom en vertrouwelijkheid",
            "en": "Intellectual property and confidentiality",
        },
        forms=(5,),
        level=None,
        text={
            "nl": "Maak een uitdrukkelijke afspraak over intellectueel eigendom en "
            "vertrouwelijkheid en leg die vast: scholen regelen dat verschillend (bij "
            "sommige zijn studenten standaard eigenaar van hun resultaten); een "
            "vertrouwelijk verslag is mogelijk als je dat afspreekt.",
            "en": "Make an explicit agreement on intellectual property and confidentiality "
            "and write it down: schools settle them differently (at some, students own "
            "their results by default); a confidential report is possible by agreement.",
        },
        sources=(site("libguides.hanze.nl"), site("roc-nijmegen.nl")),
        as_of="2026",
        confirmed=True,
    ),
    Requirement(
        key="internship-allowance",
        title={"nl": "Stagevergoeding", "en": "Internship allowance"},
        forms=(5,),
        level=None,
        text={
            "nl": "Stagevergoeding: gemiddeld ongeveer € 250 per maand op het MBO en € 380 "
            "op het HBO; in 2025 kreeg 42% van de MBO- en 75% van de HBO-stagiairs er een.",
            "en": "Internship allowance: on average about €250 a month at MBO and €380 at "
            "HBO; in 2025, 42% of MBO and 75% of HBO interns got one.",
        },
        sources=(site("punt.avans.nl"),),
        as_of="2025",
        confirmed=True,
    ),
    Requirement(
        key="internship-allowance-bill",
        title={"nl": "Verplichte stagevergoeding", "en": "A mandatory allowance"},
        forms=(5,),
        level=None,
        text={
            "nl": "of een stagevergoeding inmiddels verplicht is (de minister kondigde in "
            "2026 een wetsvoorstel aan).",
            "en": "whether an internship allowance has become mandatory (the minister "
            "announced a bill in 2026).",
        },
        sources=(site("punt.avans.nl"),),
        as_of="2026",
        confirmed=False,
    ),
    Requirement(
        key="start-periods",
        title={"nl": "Startmomenten", "en": "Start dates"},
        forms=(5,),
        level=None,
        text={
            "nl": "Stages en afstudeerperiodes beginnen meestal in augustus/september of "
            "januari/februari (afstuderen bij Fontys HBO-ICT bijvoorbeeld februari–juni "
            "of september–januari, stages bij Aventus in augustus of januari/februari): "
            "begin je voorbereiding ruim daarvoor.",
            "en": "Placements and graduation periods usually start in August/September or "
            "January/February (for example Fontys HBO-ICT graduation February–June or "
            "September–January, Aventus placements in August or January/February): start "
            "preparing well before then.",
        },
        sources=(FONTYS_GUIDE, site("aventusfactory.nl")),
        as_of="2026",
        confirmed=True,
    ),
)
