"""``manage.py advise``: the advisor on the command line, over the loaded handbook."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from samenwerkt.handbook.models import CollaborationForm

pytestmark = pytest.mark.django_db


def advise(*args: str) -> str:
    out = StringIO()
    # The command switches the language for its own output; keep that out of other tests.
    with translation.override("nl"):
        call_command("advise", *args, stdout=out)
    return out.getvalue()


def advise_json(*args: str) -> dict:
    return json.loads(advise(*args, "--json"))


def names(lang: str) -> dict[int, str]:
    return dict(CollaborationForm.objects.values_list("number", f"name_{lang}"))


def table_rows(output: str) -> list[tuple[bool, int]]:
    """(marked, number) of each form row in the table, top to bottom."""
    rows = []
    for line in output.splitlines()[2:]:
        if not line.strip():
            break
        mark, _, rest = line.partition(" ")
        if mark == "*":
            rows.append((True, int(rest.split()[0])))
        else:
            rows.append((False, int(line.split()[0])))
    return rows


# -- table output ------------------------------------------------------------------


def test_table_marks_the_recommended_forms():
    output = advise("--effort", "medium", "--reason", "B")
    assert table_rows(output) == [(True, 5), (True, 4), (False, 6)]
    dutch = names("nl")
    for number in (4, 5, 6):
        assert dutch[number] in output
    assert dutch[1] not in output  # another band
    assert "* recommended" in output or "* aanbevolen" in output


def test_table_shows_stars_and_scores_per_reason():
    output = advise("--effort", "high", "--reason", "C")
    lines = [line for line in output.splitlines() if "★" in line and names("nl")[8] in line]
    assert len(lines) == 1
    row = lines[0].split()
    assert row[0] == "*"
    assert "★★★★★" in row
    assert row[-2:] == ["5", "5"]  # C stars, score


def test_table_explains_the_advice_in_words():
    output = advise("--effort", "low", "--reason", "C")
    explanation = output.strip().splitlines()[-1]
    assert f"3. {names('nl')[3]}" in explanation
    assert f"1. {names('nl')[1]}" not in explanation


def test_weighted_reasons_change_the_score_column():
    output = advise("--effort", "low", "--reason", "A:1", "--reason", "C:2")
    assert table_rows(output) == [(True, 3), (False, 2), (False, 1)]
    header = output.splitlines()[0].split()
    assert header[-3:-1] == ["A", "C"]
    row3 = next(line for line in output.splitlines() if "★" in line and names("nl")[3] in line)
    row3 = row3.split()
    assert row3[-3:] == ["1", "4", "9"]  # A stars, C stars, 1·1 + 2·4


# -- JSON output --------------------------------------------------------------------


def test_json_is_parseable_with_the_recommended_list():
    result = advise_json("--effort", "medium", "--reason", "C")
    assert result["effort"] == "medium"
    assert result["reasons"] == {"C": 1}
    assert result["recommended"] == [6, 4]
    assert [item["number"] for item in result["ranking"]] == [6, 4, 5]
    assert [item["score"] for item in result["ranking"]] == [4, 4, 2]
    assert result["ranking"][0]["name"] == names("nl")[6]
    assert names("nl")[6] in result["explanation"]


@pytest.mark.parametrize(
    ("effort", "reason", "expected"),
    [
        ("low", "A", [1, 2]),
        ("low", "B", [3]),
        ("low", "D", [1, 2]),
        ("medium", "A", [5]),
        ("medium", "B", [5, 4]),
        ("medium", "D", [5]),
        ("high", "A", [7]),
        ("high", "B", [7, 8]),
        ("high", "C", [8]),
    ],
)
def test_json_leaves_of_the_beslisboom(effort, reason, expected):
    assert advise_json("--effort", effort, "--reason", reason)["recommended"] == expected


def test_several_reasons_and_weights():
    # medium: 4 → 1·1 + 2·4 = 9, 5 → 5 + 2·4 = 13, 6 → 4 + 2·3 = 10
    result = advise_json("--effort", "medium", "--reason", "A", "--reason", "B:2")
    assert result["reasons"] == {"A": 1, "B": 2}
    assert result["recommended"] == [5]
    assert [(i["number"], i["score"]) for i in result["ranking"]] == [(5, 13), (6, 10), (4, 9)]


def test_a_comma_list_in_one_option():
    one = advise_json("--effort", "high", "--reason", "a:3,c")
    two = advise_json("--effort", "high", "--reason", "A:3", "--reason", "C")
    assert one == two
    # 7 → 3·5 + 4 = 19, 8 → 3·4 + 5 = 17
    assert one["recommended"] == [7]
    assert [i["score"] for i in one["ranking"]] == [19, 17]


def test_effort_is_case_insensitive():
    assert advise_json("--effort", "HIGH", "--reason", "c")["recommended"] == [8]


# -- language -------------------------------------------------------------------------


def test_lang_en_gives_english_names():
    result = advise_json("--effort", "medium", "--reason", "B", "--lang", "en")
    english = names("en")
    assert english[5] != names("nl")[5]
    assert [item["name"] for item in result["ranking"]] == [english[5], english[4], english[6]]
    assert english[5] in result["explanation"]
    assert names("nl")[5] not in result["explanation"]


def test_lang_en_table():
    output = advise("--effort", "high", "--reason", "A", "--lang", "en")
    assert names("en")[7] in output
    assert names("nl")[7] not in output


def test_default_language_is_dutch():
    result = advise_json("--effort", "high", "--reason", "A")
    assert result["ranking"][0]["name"] == names("nl")[7]


def test_unknown_lang_is_refused():
    with pytest.raises(CommandError, match="--lang"):
        advise("--effort", "low", "--reason", "A", "--lang", "de")


# -- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("effort", ["veel", "4", "", "lowest", "x" * 1000])
def test_bad_effort(effort):
    with pytest.raises(CommandError) as exc:
        advise("--effort", effort, "--reason", "A")
    message = str(exc.value)
    assert message.startswith("--effort:")
    assert "low, medium, high" in message


@pytest.mark.parametrize(
    ("reasons", "hint"),
    [
        (["E"], "A, B, C, D"),
        (["A", "Q"], "A, B, C, D"),
        (["A:5"], "1 to 3"),
        (["A:0"], "1 to 3"),
        (["B:x"], "1 to 3"),
        (["A,,C"], "A, B, C, D"),
        ([","], "at least one reason"),
        ([""], "at least one reason"),
    ],
)
def test_bad_reason(reasons, hint):
    args = ["--effort", "low"]
    for reason in reasons:
        args += ["--reason", reason]
    with pytest.raises(CommandError) as exc:
        advise(*args)
    message = str(exc.value)
    assert message.startswith("--reason:")
    assert hint in message


@pytest.mark.parametrize("weight", ["²", "①"])
def test_odd_digit_weight_is_a_command_error(weight):
    with pytest.raises(CommandError) as exc:
        advise("--effort", "low", "--reason", f"A:{weight}")
    assert str(exc.value).startswith("--reason:")


@pytest.mark.parametrize("missing", ["--effort", "--reason"])
def test_required_options(missing):
    args = {"--effort": ["--effort", "low"], "--reason": ["--reason", "A"]}
    given = [arg for option, pair in args.items() if option != missing for arg in pair]
    with pytest.raises(CommandError, match=missing):
        advise(*given)


def test_bad_input_writes_nothing():
    out = StringIO()
    with pytest.raises(CommandError), translation.override("nl"):
        call_command("advise", "--effort", "veel", "--reason", "A", stdout=out)
    assert out.getvalue() == ""
