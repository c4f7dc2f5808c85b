"""Doctor summary: location, duration, frequency, onset, other symptoms, triggers, tier."""

from __future__ import annotations

import json

import pytest

from actions.presenting import shown
from actions.symptoms.extract import extract_text
from actions.triage.answers import apply_answers
from actions.triage.assess import assess
from actions.triage.rules import RULES_VERSION, TriageInput
from actions.triage.summary import ASKED_OTHER_SYMPTOMS, DoctorSummary, doctor_summary


def summarise(inp: TriageInput) -> DoctorSummary:
    return doctor_summary(inp, assess(inp))


def test_full_history_from_a_conversation():
    findings = extract_text("my left calf keeps twitching after running and lots of coffee, no numbness")
    inp = apply_answers(
        findings,
        {
            "duration": "three weeks",
            "location": "just my left calf",
            "other_symptoms": "a bit weak maybe",
            "onset": "it came on slowly",
        },
    )
    s = summarise(inp)
    assert s.where == ("left_calf",)
    assert s.multiple_places is False
    assert s.how_long_days == 21.0
    assert s.how_long_words == "three weeks"
    assert s.how_long_unsure is False
    assert s.how_often == "frequent"
    assert s.onset == "gradual"
    assert s.other_symptoms_present == ("weakness",)
    assert s.other_symptoms_absent == ("numbness",)
    assert s.possible_triggers == ("caffeine", "exercise")
    assert s.emergency_signs == ()
    assert s.tier == "SEE A DOCTOR"
    assert s.reason_keys == ("long_duration", "weakness")  # the "yes" named weakness: said once
    assert s.rules_version == RULES_VERSION


def test_not_told_is_none():
    s = summarise(TriageInput())
    assert s.where is None
    assert s.multiple_places is None
    assert s.how_long_days is None and s.how_long_words is None
    assert s.how_often is None
    assert s.onset is None
    assert s.other_symptoms_present is None
    assert s.other_symptoms_absent is None
    assert s.possible_triggers is None
    assert s.lifestyle_changes_tried is None
    assert s.tier == "SELF-CARE"


def test_answered_no_other_symptoms_is_empty_not_none():
    s = summarise(TriageInput(symptoms=("twitching",), other_symptoms="no"))
    assert s.other_symptoms_present == ()


def test_no_to_the_other_symptoms_question_lists_what_it_asked_about_as_absent():
    s = summarise(TriageInput(symptoms=("twitching",), other_symptoms="no"))
    assert s.other_symptoms_absent == ASKED_OTHER_SYMPTOMS


def test_no_to_the_question_keeps_a_symptom_told_earlier_out_of_absent():
    # "my calf twitches and feels a bit numb" ... "any other symptoms?" "no" (nothing else)
    s = summarise(TriageInput(symptoms=("twitching", "numbness"), other_symptoms="no"))
    assert s.other_symptoms_present == ("numbness",)
    assert "numbness" not in s.other_symptoms_absent


def test_asked_other_symptoms_are_the_ones_the_question_names(domain_dict):
    question = domain_dict["responses"]["utter_ask_other_symptoms"][0]["text"]
    words = {
        "weakness": "weakness",
        "numbness": "numbness",
        "tingling": "tingling",
        "sensation_change": "change in feeling",
        "muscle_loss": "muscle getting smaller",
    }
    assert set(words) == set(ASKED_OTHER_SYMPTOMS)
    for key, phrase in words.items():
        assert phrase in question, key


def test_twitching_itself_is_not_an_other_symptom():
    s = summarise(TriageInput(symptoms=("cramp", "twitching"), absent_symptoms=("twitching",)))
    assert s.other_symptoms_present == ("cramp",)
    assert s.other_symptoms_absent is None


def test_places_are_distinct_and_multiple_is_derived():
    s = summarise(TriageInput(locations=("leg", "left_calf", "right_calf")))
    assert s.where == ("left_calf", "right_calf")
    assert s.multiple_places is True
    assert s.tier == "SEE A DOCTOR"


def test_unsure_values_are_kept():
    s = summarise(TriageInput(duration_unsure=True, onset="unsure", frequency="frequent", symptoms=("twitching",)))
    assert s.how_long_unsure is True and s.how_long_days is None
    assert s.onset == "unsure"
    assert s.tier == "SEE A DOCTOR"


@pytest.mark.parametrize(
    "other_symptoms, symptoms, unsure",
    [
        ("unsure", ("twitching",), True),
        ("unsure", ("twitching", "numbness"), False),
        ("no", ("twitching",), False),
        (None, ("twitching",), False),
    ],
)
def test_not_sure_about_other_symptoms_is_kept_when_none_is_named(other_symptoms, symptoms, unsure):
    s = summarise(TriageInput(other_symptoms=other_symptoms, symptoms=symptoms))
    assert s.other_symptoms_unsure is unsure


def test_emergency_summary():
    inp = TriageInput.from_findings(extract_text("my arm is twitching and I can't breathe"))
    s = summarise(inp)
    assert s.tier == "EMERGENCY"
    assert s.emergency_signs == ("trouble_breathing",)
    assert s.where == ("arm",)


def test_as_dict_is_json_ready():
    inp = TriageInput(locations=("left_calf",), duration_days=3.0, triggers=("medication",), symptoms=("twitching",))
    d = summarise(inp).as_dict()
    assert d["where"] == ["left_calf"]
    assert d["possible_triggers"] == ["medication"]
    assert d["tier"] == "SEE A DOCTOR"
    assert d["reason_keys"] == ["medication_trigger"]
    json.dumps(d)


@pytest.mark.parametrize(
    "value, expected",
    [
        (["left_calf"], "left calf"),
        (["weakness", "sensation_change", "muscle_loss"], "weakness, a change in feeling and loss of muscle size"),
        ("gradual", "gradual"),
        ([], "none"),
    ],
)
def test_summary_values_read_as_plain_words(value, expected):
    responses = {
        "utter_label_sensation_change": [{"text": "a change in feeling"}],
        "utter_label_muscle_loss": [{"text": "loss of muscle size"}],
        "utter_value_none": [{"text": "none"}],
    }
    assert shown(responses, value) == expected
