"""Which article topic a message names: the condition a worried user asks about comes first."""

import pytest

from actions.triage.routing import (
    SURE_TOPIC,
    expresses_fear,
    is_follow_up,
    named_cause_over_overview,
    named_condition,
    prefer_named_condition,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("is it ALS?", "faq/als"),
        ("could this be motor neurone disease", "faq/als"),
        ("my mum has MS, can it cause twitching", "faq/multiple_sclerosis"),
        ("does a pinched nerve make your back twitch", "faq/pinched_nerve"),
        ("what is isaacs syndrome", "faq/isaac_syndrome"),
        ("is it ALS or MS?", None),  # two conditions: the selector decides
        ("my calf twitches after running", None),
        ("also, my calves twitch", None),  # "als" only as a whole word
        ("", None),
    ],
)
def test_named_condition(text, expected):
    assert named_condition(text) == expected


SLEEP_FIRST = [
    ("faq/lack_of_sleep", 0.40),
    ("faq/als", 0.18),
    ("faq/how_long_twitching_lasts", 0.18),
    ("faq/caffeine", 0.1),
]


@pytest.mark.parametrize(
    "text, ranked, expected_top",
    [
        # no topic is sure and the named condition is among the first three: it goes first
        ("eyelid twitching for 3 days, is it ALS?", SLEEP_FIRST, "faq/als"),
        # a sure topic stands ("what tests rule out ALS?" keeps the tests answer)
        (
            "what tests do doctors do to rule out ALS",
            [("faq/doctor_tests", SURE_TOPIC), ("faq/als", 0.3)],
            "faq/doctor_tests",
        ),
        # a condition far down the ranking is not brought up
        ("is it ALS?", [("faq/a", 0.3), ("faq/b", 0.2), ("faq/c", 0.2), ("faq/als", 0.1)], "faq/a"),
        # nothing named: the ranking as it was
        ("eyelid twitching for 3 days, why?", SLEEP_FIRST, "faq/lack_of_sleep"),
        ("is it ALS?", [], None),
    ],
)
def test_prefer_named_condition(text, ranked, expected_top):
    result = prefer_named_condition(text, ranked)
    assert (result[0][0] if result else None) == expected_top
    assert sorted(result) == sorted(ranked)  # reordered, nothing lost or changed


@pytest.mark.parametrize(
    "text, expected",
    [
        ("and sleep?", True),
        ("what about magnesium", True),
        ("How about stress?", True),
        ("and what about energy drinks", True),
        ("and my calf has twitched for three weeks and now my arm is weak too", False),  # too long: a description
        ("sleep?", False),
        ("what causes twitching", False),
        ("band practice makes my fingers twitch", False),  # "and" only as a word
    ],
)
def test_is_follow_up(text, expected):
    assert is_follow_up(text) is expected


OVERVIEW_FIRST = [
    ("faq/causes_overview", 0.45),
    ("faq/stress_anxiety", 0.2),
    ("faq/medications_supplements", 0.15),
    ("faq/caffeine", 0.05),
]


@pytest.mark.parametrize(
    "triggers, ranked, expected",
    [
        # one cause named, its topic among the first three: that cause's article
        (("medication",), OVERVIEW_FIRST, "faq/medications_supplements"),
        (("stress",), OVERVIEW_FIRST, "faq/stress_anxiety"),
        # two kinds of cause ("is it coffee or stress?"): the overview covers both
        (("caffeine", "stress"), OVERVIEW_FIRST, None),
        # the same kind twice is still one cause
        (("stress", "stress"), OVERVIEW_FIRST, "faq/stress_anxiety"),
        # the cause's topic is not near the top
        (("caffeine",), OVERVIEW_FIRST, None),
        # the overview is not on top: nothing to override
        (("stress",), [("faq/lack_of_sleep", 0.3), ("faq/stress_anxiety", 0.2)], None),
        # a cause with no article of its own, or none at all
        (("alcohol",), OVERVIEW_FIRST, None),
        ((), OVERVIEW_FIRST, None),
        (("stress",), [], None),
    ],
)
def test_named_cause_over_overview(triggers, ranked, expected):
    assert named_cause_over_overview(triggers, ranked) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("im terrified its ALS", True),
        ("I'm so scared, what causes twitching?", True),
        ("should i be worried about my eye twitching", True),
        ("been freaking out about this all night", True),
        ("I'm not worried, just curious what causes it", False),
        ("i am not too worried but what causes it", False),
        ("what causes twitching", False),
        ("", False),
    ],
)
def test_expresses_fear(text, expected):
    assert expresses_fear(text) is expected
