"""The plan's status table (collaborations/workflow.py), on its own: the moves the
handbook's steps imply, who may make them, the facts some need, and properties that
must hold for any plan (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenwerkt.collaborations.workflow import (
    FINAL,
    MOVES,
    Facts,
    Refusal,
    Side,
    Status,
    moves_for,
    refusal,
)

WITH_SCHOOL = Facts(has_school=True, form=1, level="HBO")
MBO_INTERNSHIP = Facts(has_school=True, form=5, level="MBO")
READY_MBO_INTERNSHIP = Facts(
    has_school=True, form=5, level="MBO", sbb_recognised=True, internship_agreement_signed=True
)

facts = st.builds(
    Facts,
    has_school=st.booleans(),
    form=st.one_of(st.none(), st.integers(min_value=1, max_value=8)),
    level=st.sampled_from([None, "MBO", "HBO"]),
    sbb_recognised=st.booleans(),
    internship_agreement_signed=st.booleans(),
)
statuses = st.sampled_from(list(Status))
sides = st.sampled_from([None, *Side])


@pytest.mark.parametrize(
    ("current", "side", "expected"),
    [
        (Status.IDEA, Side.COMPANY, [Status.EXPLORING, Status.STOPPED]),
        (Status.EXPLORING, Side.COMPANY, [Status.IDEA, Status.AGREED, Status.STOPPED]),
        (Status.EXPLORING, Side.SCHOOL, [Status.AGREED]),
        (Status.AGREED, Side.SCHOOL, [Status.EXPLORING, Status.TRIAL, Status.STOPPED]),
        (
            Status.TRIAL,
            Side.COMPANY,
            [Status.RUNNING, Status.AGREED, Status.EVALUATING, Status.STOPPED],
        ),
        (Status.RUNNING, Side.SCHOOL, [Status.EVALUATING, Status.STOPPED]),
        (
            Status.EVALUATING,
            Side.COMPANY,
            [Status.RUNNING, Status.AGREED, Status.ENDED, Status.STOPPED],
        ),
        (Status.ENDED, Side.COMPANY, []),
        (Status.STOPPED, Side.SCHOOL, []),
    ],
)
def test_the_moves_each_side_has_with_a_school_on_board(current, side, expected):
    assert moves_for(current, side, WITH_SCHOOL) == expected


def test_without_a_school_a_plan_is_not_agreed():
    alone = Facts(has_school=False, form=1, level="HBO")
    assert refusal(Status.EXPLORING, Status.AGREED, Side.COMPANY, alone) is Refusal.NO_SCHOOL
    assert moves_for(Status.EXPLORING, Side.COMPANY, alone) == [Status.IDEA, Status.STOPPED]


def test_an_mbo_internship_runs_only_when_recognised_and_agreed_in_writing():
    assert refusal(Status.TRIAL, Status.RUNNING, Side.COMPANY, MBO_INTERNSHIP) is (
        Refusal.NOT_RECOGNISED
    )
    recognised = Facts(has_school=True, form=5, level="MBO", sbb_recognised=True)
    assert refusal(Status.TRIAL, Status.RUNNING, Side.SCHOOL, recognised) is (
        Refusal.NO_INTERNSHIP_AGREEMENT
    )
    assert refusal(Status.TRIAL, Status.RUNNING, Side.COMPANY, READY_MBO_INTERNSHIP) is None
    # The rule is SBB's, for MBO: an HBO internship or another form runs without it.
    hbo = Facts(has_school=True, form=5, level="HBO")
    assert refusal(Status.TRIAL, Status.RUNNING, Side.COMPANY, hbo) is None
    assert refusal(Status.EVALUATING, Status.RUNNING, Side.COMPANY, MBO_INTERNSHIP) is (
        Refusal.NOT_RECOGNISED
    )


def test_only_the_company_leaves_the_idea_stage_or_stops_before_the_school_is_involved():
    assert refusal(Status.IDEA, Status.EXPLORING, Side.SCHOOL, WITH_SCHOOL) is (
        Refusal.NOT_THIS_SIDE
    )
    assert refusal(Status.EXPLORING, Status.STOPPED, Side.SCHOOL, WITH_SCHOOL) is (
        Refusal.NOT_THIS_SIDE
    )
    assert refusal(Status.AGREED, Status.STOPPED, Side.SCHOOL, WITH_SCHOOL) is None


def test_a_school_not_invited_is_no_side():
    alone = Facts(has_school=False)
    assert refusal(Status.AGREED, Status.TRIAL, Side.SCHOOL, alone) is Refusal.NOT_A_SIDE


@given(statuses, statuses, facts)
def test_nobody_outside_the_plan_moves_it(current, target, plan):
    assert refusal(current, target, None, plan) is Refusal.NOT_A_SIDE
    assert moves_for(current, None, plan) == []


@given(st.sampled_from(sorted(FINAL)), statuses, sides, facts)
def test_an_ended_or_stopped_plan_stays_so(current, target, side, plan):
    assert refusal(current, target, side, plan) is not None


@given(statuses, sides, facts)
def test_every_move_offered_is_allowed_and_goes_somewhere_else(current, side, plan):
    for target in moves_for(current, side, plan):
        assert target is not current
        assert (current, target) in MOVES
        assert refusal(current, target, side, plan) is None


@given(st.sampled_from([s for s in Status if s not in FINAL]), facts)
def test_the_company_can_always_stop_a_plan_that_has_not_ended(current, plan):
    assert Status.STOPPED in moves_for(current, Side.COMPANY, plan)


def test_every_status_is_reachable_from_an_idea():
    # With a school on board and an MBO internship's papers in order, the table leads
    # from the idea to every status.
    seen, todo = {Status.IDEA}, [Status.IDEA]
    while todo:
        current = todo.pop()
        for side in Side:
            for target in moves_for(current, side, READY_MBO_INTERNSHIP):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
    assert seen == set(Status)


@given(statuses, statuses, sides, facts)
def test_a_move_is_offered_exactly_when_it_is_allowed(current, target, side, plan):
    allowed = refusal(current, target, side, plan) is None
    assert allowed == (target in moves_for(current, side, plan))
