"""Durations in the units people use (actions/symptoms/duration_units.py), worded by the domain."""

import pytest

from actions.presenting import shown
from actions.symptoms.duration_units import HumanDuration, human_duration

MINUTE, HOUR = 1 / 1440, 1 / 24


@pytest.mark.parametrize(
    "days, unit, count, approximate",
    [
        (0, "minute", 1, True),
        (MINUTE, "minute", 1, False),
        (5 * MINUTE, "minute", 5, False),
        (9.6 * MINUTE, "minute", 10, True),
        (0.01, "minute", 15, True),  # "for minutes" (durations.py): in fives above ten
        (30 * MINUTE, "minute", 30, False),
        (49 * MINUTE, "minute", 50, True),
        (50 * MINUTE, "hour", 1, True),  # from fifty minutes, hours
        (HOUR, "hour", 1, False),
        (1.5 * HOUR, "hour", 2, True),  # halves round up
        (0.25, "hour", 6, False),
        (11 * HOUR, "hour", 11, False),
        (0.5, "day", 0.5, False),  # "this morning": half a day
        (12.4 * HOUR, "day", 0.5, True),
        (23 * HOUR, "hour", 23, False),
        (23.6 * HOUR, "day", 1, True),  # 24 hours is a day
        (1, "day", 1, False),
        (1.5, "day", 2, True),
        (6.9, "week", 1, True),
        (7, "week", 1, False),
        (10, "day", 10, False),  # "last week"
        (13, "day", 13, False),
        (13.6, "week", 2, True),  # under two weeks may read as about 2 weeks ...
        (14, "week", 2, False),
        (14.2, "day", 14, True),  # ... over two weeks never does
        (15, "day", 15, False),  # "more than 2 weeks"
        (20, "day", 20, False),
        (20.6, "week", 3, True),
        (21, "week", 3, False),
        (25, "week", 4, True),
        (29, "week", 4, True),
        (30, "month", 1, False),  # "a month", "for ages"
        (33, "week", 5, True),  # "a month and 3 days"
        (35, "week", 5, False),  # "4 like 5 weeks"
        (45, "week", 6, True),
        (59, "week", 8, True),
        (60, "month", 2, False),  # "for months"
        (90, "month", 3, False),
        (182, "month", 6, True),
        (345, "year", 1, True),  # about 12 months is about a year
        (365, "year", 1, False),
        (500, "year", 1, True),
        (548, "year", 2, True),
        (730, "year", 2, False),  # "for years"
    ],
)
def test_days_in_the_unit_a_person_names(days, unit, count, approximate):
    assert human_duration(days) == HumanDuration(unit, count, approximate)


@pytest.mark.parametrize(
    "days, expected",
    [
        (MINUTE, "a minute"),
        (0.01, "about 15 minutes"),
        (HOUR, "an hour"),
        (0.25, "6 hours"),
        (0.5, "half a day"),
        (1, "a day"),
        (3, "3 days"),
        (7, "a week"),
        (15, "15 days"),
        (21, "3 weeks"),
        (25, "about 4 weeks"),
        (30, "a month"),
        (45, "about 6 weeks"),
        (90, "3 months"),
        (365, "a year"),
        (500, "about a year"),
        (730, "2 years"),
    ],
)
def test_a_duration_is_shown_in_the_domains_words(domain_dict, days, expected):
    responses = domain_dict["responses"]
    assert shown(responses, human_duration(days)) == expected
    assert shown(responses, days) == expected  # a number shown is a number of days


def test_every_unit_and_form_has_its_words(domain_dict):
    lengths = [i / 100000 for i in range(1, 2000)] + [i / 100 for i in range(1, 100000, 7)]
    forms = {(d.unit, d.form) for d in map(human_duration, lengths)}
    missing = [
        f"utter_value_{unit}_{form}"
        for unit, form in sorted(forms)
        if f"utter_value_{unit}_{form}" not in domain_dict["responses"]
    ]
    assert missing == []
