"""The questions inside a message (actions/knowledge/questions.py): unit table, no model."""

import pytest

from actions.knowledge.questions import asks, question_parts, sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        ("why do muscles twitch?", ("why do muscles twitch?",)),
        (
            "I'm 40 and I run a lot. My calves twitch every morning. Any suggestions as to why?",
            ("Any suggestions as to why?",),
        ),
        (
            "My eyelid has jumped for 5 days. What could cause it? Should I see a doctor?",
            ("What could cause it?", "Should I see a doctor?"),
        ),
        ("can magnesium help and is twitching a sign of MS?", ("can magnesium help", "is twitching a sign of MS?")),
        (
            "does caffeine cause twitches, and how long do they last",
            ("does caffeine cause twitches", "how long do they last"),
        ),
        (
            "kindly let me know what to do about cramps at night",
            ("kindly let me know what to do about cramps at night",),
        ),
        ("My calf twitches. It started last week.", ()),
        (
            "is it normal to twitch after the gym or could it be ALS",
            ("is it normal to twitch after the gym", "could it be ALS"),
        ),
        (
            "my eyelid keeps twitching for a few days, is it the coffee? and should I see a doctor?",
            ("my eyelid keeps twitching for a few days, is it the coffee?", "and should I see a doctor?"),
        ),
        # a fragment too short to be a question of its own stays with the one before
        ("why does it happen and how?", ("why does it happen and how?",)),
        ("what? why? how? when?", ("what? why? how? when?",)),
    ],
)
def test_question_parts(text, expected):
    assert question_parts(text).questions == expected


def test_at_most_three_questions():
    text = "Could it be stress? Could it be coffee? Could it be sleep? Could it be ALS?"
    assert question_parts(text).questions == ("Could it be stress?", "Could it be coffee?", "Could it be sleep?")


def test_focus_and_context():
    parts = question_parts("I'm 51 and eat well. My calves twitch. Why is this happening?")
    assert parts.focus == "Why is this happening?" and parts.has_context
    plain = question_parts("why is this happening?")
    assert plain.focus == "why is this happening?" and not plain.has_context
    statement = question_parts("my calf twitches")
    assert statement.focus == "my calf twitches" and not statement.has_context


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I have trouble\nbreathing", ["I have trouble", "breathing"]),
        ("It twitches... Why?! No idea.", ["It twitches...", "Why?!", "No idea."]),
        ("", []),
    ],
)
def test_sentences(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [("any tips", True), ("I wonder why it happens", True), ("my leg twitches", False), ("Is it bad", True)],
)
def test_asks(sentence, expected):
    assert asks(sentence) is expected
