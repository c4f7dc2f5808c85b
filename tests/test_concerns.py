"""The concern a message voices (actions/triage/concerns.py), on text read as the server reads it."""

import pytest

from actions.symptoms.extract import extract_message
from actions.symptoms.pipeline import spelling_corrector
from actions.symptoms.spelling import nlu_text
from actions.triage.concerns import FEAR_OF_DYING, MEDICINE_QUESTION, OWN_DIAGNOSIS, WORRY, concern


def concern_of(text: str):
    return concern(nlu_text(text, spelling_corrector()), extract_message(text))


@pytest.mark.parametrize(
    "text",
    [
        "should I stop taking my sertraline?",
        "can I come off my antidepressants",
        "do I need to stop my statins",
        "my statins might be doing it, should I stop them?",
        "since the doctor put me on propranolol my legs jump. can I just quit it?",
        "is it ok to skip my blood pressure tablets for a few days",
        "I'm thinking of halving my dose",
        "should i keep taking my ritalin",
        "Should I STOP my Meds",
        "im going to stop my antidepressants, they make me twitch",
        "would it help to come off the steroids",
        "can i reduce my inhaler",
        "should I stop the salbutamol or is that a bad idea",
        "do i have to keep taking these tablets",
        "im weaning off citalopram at the moment",
    ],
)
def test_a_question_about_stopping_a_medicine(text):
    assert concern_of(text) == MEDICINE_QUESTION


@pytest.mark.parametrize(
    "text, expected",
    [
        # no medicine, or no stopping of one
        ("should i stop drinking coffee", None),
        ("should I stop exercising? I take statins", None),
        ("I'm not on any medication, should I stop coffee?", None),
        ("can my inhaler cause twitching", None),
        ("can i stop my magnesium", None),  # a supplement: its own answer
        # told, not asked or intended: nothing to decide
        ("I stopped taking my sertraline last week", None),
        # an overdose is an emergency, in any context, and never gets the line
        ("I took too many of my pills, should I stop taking them?", None),
        ("I took a handful of propranolol should I stop", None),
        ("i took 20 of my sertraline, do i need to stop them", None),
        ("I overdosed on my meds last year, should I stop them now?", None),
        ("I swallowed the whole packet of my antidepressants, can I stop now", None),
        # ... as is any emergency sign
        ("should I stop my tablets, I can't breathe", None),
    ],
)
def test_no_medicine_line_without_a_medicine_to_stop_or_with_an_emergency(text, expected):
    assert concern_of(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I was diagnosed with MS last year", OWN_DIAGNOSIS),
        ("i've been diagnosed with BFS", OWN_DIAGNOSIS),
        ("my neurologist says it's benign", OWN_DIAGNOSIS),
        ("my doctor said its BFS but im still scared", OWN_DIAGNOSIS),
        ("the EMG was clean", OWN_DIAGNOSIS),
        ("I have ALS", OWN_DIAGNOSIS),
        ("well I've got MS, so is this part of it?", OWN_DIAGNOSIS),
        # not a diagnosis of one's own
        ("my mum has MS", WORRY),  # a condition named about oneself's twitching: fear of it
        ("my dad was diagnosed with ALS last year", WORRY),
        ("do I have ALS?", WORRY),
        ("I think I have ALS", WORRY),
        ("my doctor told me to cut down on caffeine", None),
        ("what if I get diagnosed with something", None),
    ],
)
def test_a_diagnosis_the_user_already_has(text, expected):
    assert concern_of(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("am I dying?", FEAR_OF_DYING),
        ("am i going to die", FEAR_OF_DYING),
        ("is this going to kill me", FEAR_OF_DYING),
        ("will i die from this", FEAR_OF_DYING),
        ("i'm scared i'm dying", FEAR_OF_DYING),
        ("is my twitching fatal", FEAR_OF_DYING),
        ("how long do i have left", FEAR_OF_DYING),
        ("im dying to know what causes twitching", None),
        ("what causes twitching?", None),
    ],
)
def test_the_fear_of_dying(text, expected):
    assert concern_of(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("i'm scared", WORRY),
        ("im terrified its ALS", WORRY),
        ("is it ALS?", WORRY),
        ("could this be MS", WORRY),
        ("my calf twitches nonstop, please tell me it isnt als", WORRY),
        ("could it be a pinched nerve", WORRY),
        # a condition asked about in general, or no fear said
        ("what is ALS?", None),
        ("what tests rule out ALS", None),
        ("does ALS start with twitching", None),
        ("I'm not worried, just curious: what causes twitching?", None),
        # a sign mentioned as past or hypothetical gets the safety net, which comes first
        ("I'm scared, I had a seizure last year", None),
    ],
)
def test_fear_and_a_condition_asked_about_oneself(text, expected):
    assert concern_of(text) == expected
