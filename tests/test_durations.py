"""parse_duration: every common way of saying how long, in days (pure, no spaCy)."""

import pytest

from actions.symptoms.durations import parse_duration

H = 1 / 24
MIN = 1 / 1440

CASES = [
    # plain numbers and number words
    ("3 weeks", 21.0),
    ("three weeks", 21.0),
    ("15 days", 15.0),
    ("14 days", 14.0),
    ("1 day", 1.0),
    ("one week", 7.0),
    ("twenty days", 20.0),
    ("36 hours", 1.5),
    ("2 months", 60.0),
    ("a year", 365.0),
    ("1.5 weeks", 10.5),
    # compact spellings
    ("2wks", 14.0),
    ("36hrs", 1.5),
    ("10d", 10.0),
    ("3days", 3.0),
    ("2 wks", 14.0),
    # vague quantities
    ("a couple of months", 60.0),
    ("couple weeks", 14.0),
    ("few days", 3.0),
    ("a few weeks", 21.0),
    ("several weeks", 28.0),
    ("a few minutes", 3 * MIN),
    ("an hour", H),
    ("half a day", 0.5),
    # ranges and hesitations take the larger end
    ("4 like 5 weeks", 35.0),
    ("2-3 weeks", 21.0),
    ("two or three weeks", 21.0),
    ("4 or 5 weeks", 35.0),
    ("a week or two", 14.0),
    ("10 to 14 days", 14.0),
    # halves
    ("a week and a half", 10.5),
    ("one and a half weeks", 10.5),
    ("a month and a half", 45.0),
    # qualifiers around the 14-day boundary
    ("more than 2 weeks", 15.0),
    ("over two weeks", 15.0),
    ("2+ weeks", 15.0),
    ("nearly 2 weeks", 13.0),
    ("almost three weeks", 20.0),
    ("about 2 weeks", 14.0),
    # fortnights
    ("a fortnight", 14.0),
    ("fortnight", 14.0),
    # "since ..." and relative days
    ("since yesterday", 1.0),
    ("since last night", 1.0),
    ("since this morning", 0.5),
    ("just today", 0.5),
    ("today", 0.5),
    ("since monday", 7.0),
    ("since Tuesday", 7.0),
    ("since last week", 10.0),
    ("for the past week", 7.0),
    ("the last week", 7.0),
    ("over the past week", 7.0),
    ("since last month", 30.0),
    ("since 2 weeks", 14.0),
    ("3 weeks ago", 21.0),
    # long but vague: counts as more than two weeks
    ("for ages", 30.0),
    ("ages", 30.0),
    ("for months", 60.0),
    ("for years", 730.0),
    ("on and off for a year", 365.0),
    # sentences: the longest length named wins
    ("for a week now", 7.0),
    ("twitching for 3 weeks, worse since yesterday", 21.0),
    ("every day for 2 weeks", 14.0),
    ("my eyelid has been twitching for a fortnight... wait no, more like 10 days", 14.0),
    # one length in two parts
    ("two weeks and one day", 15.0),
    ("a month and 3 days", 33.0),
    ("1 week, 2 days", 9.0),
    ("3 weeks and yesterday it got worse", 21.0),
    ("just over a fortnight", 15.0),
    # since a season, a holiday or a month: long
    ("since the summer", 30.0),
    ("since New Year", 30.0),
    ("since christmas", 30.0),
    ("since march", 30.0),
    # no length at all
    ("a while", None),
    ("since my son was born", None),
    ("I march in the band", None),
    ("not sure", None),
    ("", None),
    (None, None),
    # frequency and age are not durations
    ("twice a day", None),
    ("5 coffees a day", None),
    ("I am 25 years old", None),
]


@pytest.mark.parametrize("text,days", CASES, ids=[str(c[0]) for c in CASES])
def test_parse_duration(text, days):
    result = parse_duration(text)
    if days is None:
        assert result is None
    else:
        assert result == pytest.approx(days)


def test_boundary_values_straddle_fourteen_days():
    """The rule threshold is "more than 14 days": these must land on the right side."""
    assert parse_duration("two weeks") == 14.0
    assert parse_duration("15 days") > 14.0
    assert parse_duration("over 2 weeks") > 14.0
    assert parse_duration("nearly two weeks") < 14.0
    assert parse_duration("since last week") < 14.0
    assert parse_duration("for ages") > 14.0
