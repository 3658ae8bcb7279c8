"""A plan's status, and who may move it where: one pure table (DESIGN.md), tested on
its own (tests/collaborations/test_workflow.py).

The handbook's steps read as a life: an idea; exploring with a school (step 2); agreed
on a plan (step 3); a trial period; running; evaluating (monitor and adjust); then
ended, or stopped at any point. Evaluating leads back to running (continue), to agreed
(adjust the agreements) or to ended.

Two sides act on a plan: the company that owns it and the school it invited. Anyone
else has no moves at all (their requests never get here: a plan of another
organisation is a 404). Some moves also need facts about the plan (``Facts``): a plan is
agreed only with a school, and an MBO internship (form 5) runs only once the company is
recognised by SBB for the programme and the three-party internship agreement is signed
(research notes: s-bb.nl, "voorwaarden erkenning" and "praktijkovereenkomst afsluiten").

Pure Python: no Django, so the table is read and tested on its own; reasons are codes
that the pages word in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    IDEA = "idea"
    EXPLORING = "exploring"
    AGREED = "agreed"
    TRIAL = "trial"
    RUNNING = "running"
    EVALUATING = "evaluating"
    ENDED = "ended"
    STOPPED = "stopped"


FINAL = frozenset({Status.ENDED, Status.STOPPED})


class Side(StrEnum):
    COMPANY = "company"
    SCHOOL = "school"


# The handbook's form of an internship or graduation assignment (chapter 3, form 5).
INTERNSHIP_FORM = 5


@dataclass(frozen=True)
class Facts:
    """What a move may depend on, read from the plan."""

    has_school: bool = False
    form: int | None = None
    level: str | None = None  # "MBO" or "HBO"
    sbb_recognised: bool = False  # the company, for the programme's code
    internship_agreement_signed: bool = False  # the three-party agreement (POK)

    @property
    def is_mbo_internship(self) -> bool:
        return self.form == INTERNSHIP_FORM and self.level == "MBO"


class Refusal(StrEnum):
    """Why a move is refused; the pages word each in the reader's language."""

    NOT_A_SIDE = "not_a_side"
    NOT_A_MOVE = "not_a_move"
    NOT_THIS_SIDE = "not_this_side"
    NO_SCHOOL = "no_school"
    NOT_RECOGNISED = "not_recognised"
    NO_INTERNSHIP_AGREEMENT = "no_internship_agreement"


BOTH = frozenset({Side.COMPANY, Side.SCHOOL})
COMPANY = frozenset({Side.COMPANY})

# (from, to) -> who may make the move. Stopping is added below for every status that
# is not final: either side may stop a collaboration at any point.
MOVES: dict[tuple[Status, Status], frozenset[Side]] = {
    (Status.IDEA, Status.EXPLORING): COMPANY,
    (Status.EXPLORING, Status.IDEA): COMPANY,
    (Status.EXPLORING, Status.AGREED): BOTH,
    (Status.AGREED, Status.EXPLORING): BOTH,
    (Status.AGREED, Status.TRIAL): BOTH,
    (Status.TRIAL, Status.RUNNING): BOTH,
    (Status.TRIAL, Status.AGREED): BOTH,  # the trial showed the agreements need work
    (Status.TRIAL, Status.EVALUATING): BOTH,
    (Status.RUNNING, Status.EVALUATING): BOTH,
    (Status.EVALUATING, Status.RUNNING): BOTH,  # continue
    (Status.EVALUATING, Status.AGREED): BOTH,  # adjust
    (Status.EVALUATING, Status.ENDED): BOTH,
}
for _status in Status:
    if _status not in FINAL:
        # Before a school is involved only the company is there to stop it.
        MOVES[(_status, Status.STOPPED)] = (
            COMPANY if _status in (Status.IDEA, Status.EXPLORING) else BOTH
        )


def refusal(current: Status, target: Status, side: Side | None, facts: Facts) -> Refusal | None:
    """Why ``side`` may not move a plan with these ``facts`` from ``current`` to
    ``target``; None when it may."""
    if side is None:
        return Refusal.NOT_A_SIDE
    allowed = MOVES.get((current, target))
    if allowed is None:
        return Refusal.NOT_A_MOVE
    if side not in allowed:
        return Refusal.NOT_THIS_SIDE
    if side is Side.SCHOOL and not facts.has_school:
        return Refusal.NOT_A_SIDE
    if target is Status.AGREED and not facts.has_school:
        return Refusal.NO_SCHOOL
    if target is Status.RUNNING and facts.is_mbo_internship:
        if not facts.sbb_recognised:
            return Refusal.NOT_RECOGNISED
        if not facts.internship_agreement_signed:
            return Refusal.NO_INTERNSHIP_AGREEMENT
    return None


def moves_for(current: Status, side: Side | None, facts: Facts) -> list[Status]:
    """The statuses ``side`` may move the plan to now, in the table's order."""
    return [
        target
        for (source, target) in MOVES
        if source is current and refusal(current, target, side, facts) is None
    ]
