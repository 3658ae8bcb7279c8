"""The advisor engine, tested as the pure function it is: no database, the ratings
table is written out here, and every expectation is worked out by hand from it."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from samenwerkt.advisor import engine
from samenwerkt.advisor.engine import (
    AdviceError,
    FormRating,
    Question,
    advise,
    explain,
    parse_reasons,
    tree_leaves,
)
from samenwerkt.handbook.bands import BAND_ORDER, MAX_WEIGHT, REASON_CODES, EffortBand
from tests.handbook_facts import LEAVES as FACT_LEAVES
from tests.handbook_facts import STARS as TABLE

LOW, MEDIUM, HIGH = EffortBand.LOW, EffortBand.MEDIUM, EffortBand.HIGH


def ratings_from(table: dict[int, tuple[int, int, int, int, int]]) -> list[FormRating]:
    return [
        FormRating(number=n, effort=e, outcomes={"A": a, "B": b, "C": c, "D": d})
        for n, (e, a, b, c, d) in table.items()
    ]


RATINGS = ratings_from(TABLE)
# The leaves keyed by EffortBand (a StrEnum, so "low" and LOW are the same key).
LEAVES = {(EffortBand(band), code): forms for (band, code), forms in FACT_LEAVES.items()}


def ask(band: str, reasons) -> engine.Advice:
    return advise(RATINGS, Question.build(band=band, reasons=reasons))


# -- the beslisboom ---------------------------------------------------------


@pytest.mark.parametrize(
    ("band", "reason", "expected"),
    [(band.value, reason, forms) for (band, reason), forms in LEAVES.items()],
    ids=[f"{band.value}-{reason}" for band, reason in LEAVES],
)
def test_every_leaf_of_the_beslisboom(band, reason, expected):
    assert ask(band, [reason]).recommended == expected


def test_tree_leaves_are_exactly_the_twelve_leaves():
    leaves = tree_leaves(RATINGS)
    assert leaves == LEAVES
    assert len(leaves) == 12


def test_tree_leaves_does_not_depend_on_input_order():
    assert tree_leaves(list(reversed(RATINGS))) == LEAVES


def test_ranking_of_a_leaf_is_the_whole_band_best_first():
    advice = ask("medium", ["B"])
    assert [item.number for item in advice.ranking] == [5, 4, 6]
    assert [item.score for item in advice.ranking] == [4, 4, 3]
    assert [item.recommended for item in advice.ranking] == [True, True, False]
    assert [item.total_outcome for item in advice.ranking] == [15, 11, 14]
    assert advice.top_score == 4


def test_ranked_form_carries_its_stars():
    item = ask("high", ["C"]).ranking[0]
    assert (item.number, item.effort, item.score) == (8, 5, 5)
    assert dict(item.outcomes) == {"A": 4, "B": 4, "C": 5, "D": 4}


def test_band_order():
    assert [band.order for band in (LOW, MEDIUM, HIGH)] == [0, 1, 2]


# -- weighted and multi-reason questions, by hand -------------------------------


@pytest.mark.parametrize(
    ("band", "weights", "ranking", "scores", "recommended"),
    [
        # low: 1 → 2+2·1=4, 2 → 2+2·3=8, 3 → 1+2·4=9
        ("low", {"A": 1, "C": 2}, [3, 2, 1], [9, 8, 4], (3,)),
        # low: 1 → 3·2+3=9, 2 → 3·2+3=9, 3 → 3·1+2=5; 1 costs less than 2
        ("low", {"A": 3, "D": 1}, [1, 2, 3], [9, 9, 5], (1, 2)),
        # medium, unweighted A+B: 4 → 5, 5 → 9, 6 → 7
        ("medium", {"A": 1, "B": 1}, [5, 6, 4], [9, 7, 5], (5,)),
        # medium: 4 → 3·4+2=14, 5 → 3·2+4=10, 6 → 3·4+3=15
        ("medium", {"C": 3, "D": 1}, [6, 4, 5], [15, 14, 10], (6,)),
        # medium, B·2 + C·2: 4 → 16, 5 → 12, 6 → 14
        ("medium", {"B": 2, "C": 2}, [4, 6, 5], [16, 14, 12], (4,)),
        # high, all four: 7 → 17, 8 → 17; same effort and total → by number
        ("high", {"A": 1, "B": 1, "C": 1, "D": 1}, [7, 8], [17, 17], (7, 8)),
        # high: 7 → 2·5+4=14, 8 → 2·4+5=13
        ("high", {"A": 2, "C": 1}, [7, 8], [14, 13], (7,)),
        # high: 7 → 5+2·4=13, 8 → 4+2·5=14
        ("high", {"A": 1, "C": 2}, [8, 7], [14, 13], (8,)),
    ],
)
def test_weighted_questions(band, weights, ranking, scores, recommended):
    advice = ask(band, weights)
    assert [item.number for item in advice.ranking] == ranking
    assert [item.score for item in advice.ranking] == scores
    assert advice.recommended == recommended


def test_a_list_of_reasons_weighs_each_once():
    assert ask("low", ["A", "C"]).recommended == ask("low", {"A": 1, "C": 1}).recommended
    # low, A+C: 1 → 3, 2 → 5, 3 → 5; 2 and 3 tie in score, effort and total (9), by number
    advice = ask("low", ["A", "C"])
    assert [item.number for item in advice.ranking] == [2, 3, 1]
    assert advice.recommended == (2, 3)


def test_weight_changes_the_answer():
    # low, C alone → 3; A counted three times against C → 2 (3·2+3=9 vs 3·1+4=7)
    assert ask("low", {"C": 1}).recommended == (3,)
    assert ask("low", {"A": 3, "C": 1}).recommended == (2,)


def test_score_function():
    form = RATINGS[4]  # form 5: A5 B4 C2 D4
    assert engine.score(form, {"A": 2, "D": 3}) == 22
    assert engine.score(form, {}) == 0
    assert form.total_outcome == 15


# -- neighbours -------------------------------------------------------------------


def test_neighbours_of_medium_are_one_band_lower_and_higher():
    advice = ask("medium", ["A"])
    assert dict(advice.neighbours) == {LOW: (1, 2), HIGH: (7,)}


def test_neighbours_of_low_only_look_up():
    advice = ask("low", ["C"])
    assert dict(advice.neighbours) == {MEDIUM: (6, 4)}


def test_neighbours_of_high_only_look_down():
    advice = ask("high", ["D"])
    assert dict(advice.neighbours) == {MEDIUM: (5,)}


def test_neighbours_use_the_same_weights():
    # medium neighbour of low {A:1, C:2}: 4 → 1+8=9, 5 → 5+4=9, 6 → 4+8=12
    advice = ask("low", {"A": 1, "C": 2})
    assert dict(advice.neighbours) == {MEDIUM: (6,)}


def test_empty_band_gives_empty_ranking():
    ratings = [r for r in RATINGS if r.band != MEDIUM]
    advice = advise(ratings, Question.build(band="medium", reasons=["A"]))
    assert advice.ranking == ()
    assert advice.recommended == ()
    assert advice.top_score == 0
    assert dict(advice.neighbours) == {LOW: (1, 2), HIGH: (7,)}


# -- Question.build --------------------------------------------------------------


def test_build_normalises_band_and_reasons():
    question = Question.build(band="  High ", reasons=[" d", "a"])
    assert question.band is HIGH
    assert dict(question.weights) == {"A": 1, "D": 1}
    assert question.reasons == ("A", "D")  # handbook order, not input order


def test_build_keeps_weights():
    question = Question.build(band="low", reasons={"c": 3, "B": 2})
    assert dict(question.weights) == {"B": 2, "C": 3}


@pytest.mark.parametrize(
    "band", ["", "weinig", "veel", "LOWER", "4", "medium-high", "x" * 10_000, "low\x00"]
)
def test_build_rejects_unknown_band(band):
    with pytest.raises(AdviceError) as exc:
        Question.build(band=band, reasons=["A"])
    assert exc.value.parameter == "effort"
    assert "low, medium, high" in exc.value.message


@pytest.mark.parametrize("reasons", [["E"], ["A", "Z"], [""], ["AB"], {"a ": 1, "Q": 1}, ["é"]])
def test_build_rejects_unknown_reason(reasons):
    with pytest.raises(AdviceError) as exc:
        Question.build(band="low", reasons=reasons)
    assert exc.value.parameter == "reasons"


@pytest.mark.parametrize("reasons", [[], {}, ()])
def test_build_rejects_no_reason(reasons):
    with pytest.raises(AdviceError) as exc:
        Question.build(band="low", reasons=reasons)
    assert exc.value.parameter == "reasons"


@pytest.mark.parametrize("weight", [0, 4, -1, 100, 1.5, "2", None])
def test_build_rejects_bad_weight(weight):
    with pytest.raises(AdviceError) as exc:
        Question.build(band="low", reasons={"A": weight})
    assert exc.value.parameter == "weights"


def test_advice_error_is_a_value_error_with_message():
    with pytest.raises(ValueError, match="at least one reason"):
        Question.build(band="low", reasons=[])


# -- parse_reasons ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A", {"A": 1}),
        ("a,c", {"A": 1, "C": 1}),
        ("A:2, c", {"A": 2, "C": 1}),
        (" b : 3 ,d:1", {"B": 3, "D": 1}),
        ("A,a:2", {"A": 2}),  # given twice: once, with the higher weight
        ("B:3, c, b", {"B": 3, "C": 1}),
    ],
)
def test_parse_reasons(raw, expected):
    assert parse_reasons(raw) == expected


@pytest.mark.parametrize("raw", ["", " ", ",", " , ,, "])
def test_parse_reasons_rejects_empty(raw):
    with pytest.raises(AdviceError) as exc:
        parse_reasons(raw)
    assert exc.value.parameter == "reasons"
    assert "at least one reason" in exc.value.message


@pytest.mark.parametrize("raw", ["E", "A,F", "AB", "1", "A;B", "A B", ":2", "ä", "A\x00"])
def test_parse_reasons_rejects_unknown_reason(raw):
    with pytest.raises(AdviceError) as exc:
        parse_reasons(raw)
    assert exc.value.parameter == "reasons"


@pytest.mark.parametrize("raw", ["A,,C", "A,C,", "D:02", "A:", ",A"])
def test_parse_reasons_rejects_what_the_api_schema_rejects(raw):
    # parse_reasons and the published pattern must agree exactly (schemathesis checks it).
    import re

    assert not re.match(engine.REASONS_PATTERN, raw)
    with pytest.raises(AdviceError) as exc:
        parse_reasons(raw)
    assert exc.value.parameter == "reasons"


@pytest.mark.parametrize(
    "raw",
    [
        "A:0",
        "A:4",
        "A:-1",
        "A:1.5",
        "A:x",
        "A:2:3",
        "A:9" + "9" * 5000,  # past Python's 4300-digit int() limit
        "A:²",  # a superscript two: str.isdigit() says yes, int() says no
        "A:①",
    ],
    ids=[
        "zero",
        "four",
        "negative",
        "decimal",
        "letter",
        "two-colons",
        "5001-digits",
        "sup2",
        "circled1",
    ],
)
def test_parse_reasons_rejects_bad_weight(raw):
    with pytest.raises(AdviceError) as exc:
        parse_reasons(raw)
    assert exc.value.parameter == "reasons"


@pytest.mark.parametrize(
    "raw",
    [
        "A" * 100_000,
        ",".join(["A"] * 10_000),
        "A:2," * 5000,
        "\n\t\r",
        "🙂",
        "A:🙂",
        "A" + "\u200b",
    ],
    ids=["long-code", "many-A", "many-A2", "whitespace", "emoji", "emoji-weight", "zero-width"],
)
def test_parse_reasons_survives_long_and_odd_strings(raw):
    with pytest.raises(AdviceError) as exc:
        parse_reasons(raw)
    assert exc.value.parameter == "reasons"


def test_parse_reasons_feeds_build():
    question = Question.build(band="medium", reasons=parse_reasons("c:3,d"))
    assert ask("medium", dict(question.weights)).recommended == (6,)


# -- explain -----------------------------------------------------------------------

FORM_NAMES = {n: f"Vorm nummer {n}" for n in TABLE}
REASON_NAMES = {"A": "Personeel", "B": "Innovatie", "C": "Maatschappij", "D": "Netwerk"}
BAND_NAMES = {LOW: "weinig inzet", MEDIUM: "gemiddelde inzet", HIGH: "veel inzet"}


def say(advice) -> str:
    return explain(advice, form_names=FORM_NAMES, reason_names=REASON_NAMES, band_names=BAND_NAMES)


def test_explain_one_reason_one_form():
    text = say(ask("medium", ["A"]))
    assert "gemiddelde inzet" in text
    assert "Personeel" in text
    assert "5 of 5 stars" in text
    assert "Recommended: Vorm nummer 5." in text
    assert "Vorm nummer 6" not in text


def test_explain_ties_names_all_recommended_in_order():
    text = say(ask("medium", ["C"]))
    assert "recommended together: Vorm nummer 6; Vorm nummer 4." in text


def test_explain_weighted_mentions_weights_and_total():
    text = say(ask("low", {"A": 1, "C": 2}))
    assert "Personeel, Maatschappij" in text
    assert "weight" in text
    assert "best total is 9" in text


def test_explain_unweighted_multi_reason():
    text = say(ask("medium", ["A", "B"]))
    assert "weight" not in text
    assert "best total is 9" in text


def test_explain_empty_band():
    ratings = [r for r in RATINGS if r.band != HIGH]
    text = say(advise(ratings, Question.build(band="high", reasons=["A"])))
    assert "veel inzet" in text
    assert "Vorm nummer" not in text


def test_explain_translates_through_the_given_function():
    text = explain(
        ask("high", ["C"]),
        form_names=FORM_NAMES,
        reason_names=REASON_NAMES,
        band_names=BAND_NAMES,
        _=lambda s: s.replace("Recommended", "Aanbevolen"),
    )
    assert "Aanbevolen: Vorm nummer 8." in text


# -- properties over random ratings tables -------------------------------------

stars = st.integers(min_value=1, max_value=5)


@st.composite
def tables(draw, efforts=stars) -> list[FormRating]:
    numbers = draw(st.lists(st.integers(1, 99), min_size=1, max_size=12, unique=True))
    return [
        FormRating(
            number=n,
            effort=draw(efforts),
            outcomes={code: draw(stars) for code in REASON_CODES},
        )
        for n in numbers
    ]


weights = st.dictionaries(st.sampled_from(REASON_CODES), st.integers(1, MAX_WEIGHT), min_size=1)
bands = st.sampled_from(["low", "medium", "high"])

# The only autouse fixture (static storage) does not vary between examples.
prop = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def band_of(effort: int) -> str:
    return "low" if effort <= 2 else "medium" if effort == 3 else "high"


def hand_score(rating: FormRating, w: dict[str, int]) -> int:
    return sum(rating.outcomes[code] * weight for code, weight in w.items())


@prop
@given(tables(), bands, weights)
def test_ranking_is_a_permutation_of_the_band(ratings, band, w):
    advice = advise(ratings, Question.build(band=band, reasons=w))
    ranked = [item.number for item in advice.ranking]
    assert len(ranked) == len(set(ranked))
    assert sorted(ranked) == sorted(r.number for r in ratings if band_of(r.effort) == band)


@prop
@given(tables(), bands, weights)
def test_recommended_are_the_top_scorers(ratings, band, w):
    in_band = [r for r in ratings if band_of(r.effort) == band]
    # An empty band has its own test below; here there must be a top scorer to find.
    assume(in_band)
    advice = advise(ratings, Question.build(band=band, reasons=w))
    best = max(hand_score(r, w) for r in in_band)
    assert set(advice.recommended) == {r.number for r in in_band if hand_score(r, w) == best}
    # the recommended ones lead the ranking, and every score is right
    k = len(advice.recommended)
    assert all(item.recommended for item in advice.ranking[:k])
    assert not any(item.recommended for item in advice.ranking[k:])
    by_number = {r.number: r for r in ratings}
    for item in advice.ranking:
        assert item.score == hand_score(by_number[item.number], w)


@prop
@given(bands, weights, st.data())
def test_a_band_without_forms_recommends_and_ranks_nothing(band, w, data):
    # Every form of the table has an effort outside the chosen band.
    outside = st.sampled_from([e for e in range(1, 6) if band_of(e) != band])
    ratings = data.draw(tables(efforts=outside), label="ratings")
    advice = advise(ratings, Question.build(band=band, reasons=w))
    assert advice.recommended == ()
    assert list(advice.ranking) == []


@prop
@given(tables(), bands, weights)
def test_ranking_follows_the_documented_order(ratings, band, w):
    advice = advise(ratings, Question.build(band=band, reasons=w))
    in_band = [r for r in ratings if band_of(r.effort) == band]
    expected = sorted(
        in_band,
        key=lambda r: (-hand_score(r, w), r.effort, -sum(r.outcomes.values()), r.number),
    )
    assert [item.number for item in advice.ranking] == [r.number for r in expected]


@prop
@given(tables(), bands, weights, st.data())
def test_one_more_star_never_lowers_a_form(ratings, band, w, data):
    index = data.draw(st.integers(0, len(ratings) - 1), label="form")
    target = ratings[index]
    # A reason already at five stars cannot get one more.
    raisable = [code for code in REASON_CODES if target.outcomes[code] < 5]
    assume(raisable)
    code = data.draw(st.sampled_from(raisable), label="reason")
    raised = FormRating(
        number=target.number,
        effort=target.effort,
        outcomes={**target.outcomes, code: target.outcomes[code] + 1},
    )
    better = [*ratings[:index], raised, *ratings[index + 1 :]]
    question = Question.build(band=band, reasons=w)
    before = [item.number for item in advise(ratings, question).ranking]
    after = [item.number for item in advise(better, question).ranking]
    if target.number in before:
        assert after.index(target.number) <= before.index(target.number)
        if target.number in advise(ratings, question).recommended and code in w:
            assert target.number in advise(better, question).recommended
    else:
        assert after == before


@prop
@given(tables(), bands, weights)
def test_explain_names_every_recommended_form(ratings, band, w):
    advice = advise(ratings, Question.build(band=band, reasons=w))
    names = {r.number: f"«vorm {r.number}»" for r in ratings}
    text = explain(
        advice,
        form_names=names,
        reason_names={code: f"reden {code}" for code in REASON_CODES},
        band_names={b: f"band {b.value}" for b in BAND_ORDER},
    )
    assert isinstance(text, str)
    assert text.strip()
    for number in advice.recommended:
        assert names[number] in text
    for item in advice.ranking:
        if not item.recommended:
            assert names[item.number] not in text


# -- the order of tied forms ----------------------------------------------------


@pytest.mark.parametrize(
    ("band", "reasons", "first", "second", "rule"),
    [
        # Low effort, reason A: forms 1 and 2 both give 2 stars; 1 takes 1 effort star, 2 two.
        ("low", ["A"], 1, 2, "effort"),
        # Medium effort, reason B: 5 and 4 both give 4 stars and take 3 effort stars;
        # 5 has 15 stars over all four reasons, 4 has 11.
        ("medium", ["B"], 5, 4, "total_outcome"),
        # Low effort, A and C: 2 and 3 both total 5, take 2 effort stars and have 9 stars
        # over all four reasons; the lower number comes first.
        ("low", ["A", "C"], 2, 3, "number"),
    ],
)
def test_tie_break_names_the_rule_that_orders_two_tied_forms(band, reasons, first, second, rule):
    advice = ask(band, reasons)
    assert advice.recommended[:2] == (first, second)
    by_number = {item.number: item for item in advice.ranking}
    assert engine.tie_break(by_number[first], by_number[second]) == rule


def test_tie_break_refuses_forms_with_different_scores():
    advice = ask("medium", ["A"])
    with pytest.raises(ValueError):
        engine.tie_break(advice.ranking[0], advice.ranking[-1])


@prop
@given(tables(), bands, weights)
def test_tie_break_agrees_with_the_ranking(ratings, band, w):
    # For every two neighbours with the same score, the rule named puts them in the
    # ranking's order: less effort, or more stars over all four reasons, or a lower number.
    ranking = advise(ratings, Question.build(band=band, reasons=w)).ranking
    for first, second in pairwise(ranking):
        if first.score != second.score:
            continue
        rule = engine.tie_break(first, second)
        if rule == "effort":
            assert first.effort < second.effort
        elif rule == "total_outcome":
            assert first.effort == second.effort
            assert first.total_outcome > second.total_outcome
        else:
            assert (first.effort, first.total_outcome) == (second.effort, second.total_outcome)
            assert first.number < second.number
