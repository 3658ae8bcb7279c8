"""The effort bands and reason codes: one home, read off the handbook's beslisboom."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from samenwerkt.handbook import bands
from samenwerkt.handbook.bands import BAND_ORDER, EffortBand, band_for_effort
from tests.handbook_facts import STARS

LOW, MEDIUM, HIGH = EffortBand.LOW, EffortBand.MEDIUM, EffortBand.HIGH


@pytest.mark.parametrize(("stars", "band"), [(1, LOW), (2, LOW), (3, MEDIUM), (4, HIGH), (5, HIGH)])
def test_band_for_effort(stars, band):
    assert band_for_effort(stars) == band


@pytest.mark.parametrize("stars", [0, 6, -1, 7, True])
def test_band_for_effort_rejects_out_of_range(stars):
    with pytest.raises(ValueError, match="effort stars must be 1 to 5"):
        band_for_effort(stars)


def test_the_handbooks_forms_fall_in_the_beslisbooms_bands():
    # The tree: forms 1–3 need little, 4–6 medium, 7–8 much effort.
    by_band = {
        band: [n for n, row in STARS.items() if band_for_effort(row[0]) == band]
        for band in BAND_ORDER
    }
    assert by_band == {LOW: [1, 2, 3], MEDIUM: [4, 5, 6], HIGH: [7, 8]}


def test_bands_are_ordered_little_to_much():
    assert [band.order for band in BAND_ORDER] == [0, 1, 2]
    assert bands.REASON_CODES == ("A", "B", "C", "D")


# The beslisboom's own Dutch words, and the advisor's answers, in both languages.
DUTCH_NAMES = {
    LOW: "weinig inzet mensen en middelen",
    MEDIUM: "gemiddelde inzet mensen en middelen",
    HIGH: "veel inzet mensen en middelen",
}


@pytest.mark.parametrize("band", BAND_ORDER)
def test_each_band_has_one_label_in_each_language(band):
    with translation.override("nl"):
        assert gettext(band.name_label) == DUTCH_NAMES[band]
        dutch_choice = gettext(band.choice_label)
    with translation.override("en"):
        assert gettext(band.name_label) == band.name_label
        english_choice = gettext(band.choice_label)
    assert dutch_choice != english_choice, "the answer to question 1 is not translated"
    assert dutch_choice.split(":")[0] in {"Weinig", "Gemiddeld", "Veel"}
