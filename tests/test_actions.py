"""Custom actions with a real rasa-sdk Tracker, CollectingDispatcher and the real domain."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment import ActionAssessSymptoms, ActionDoctorSummary
from actions.symptom_check import ActionAskDetailsConfirmed, ValidateSymptomForm
from tests.chat_helpers import rendered, slot_events, tracker, user_message

TITLE_1 = "Is Muscle Twitching Normal After Exercise?"
TITLE_2 = "Muscle Twitching: Causes, Treatment and Prevention"


def run(action, tr, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tr, domain))
    return dispatcher.messages, events


def check_slots(text, domain, *answers):
    """Slots after running validate_symptom_form on a first message and answers."""
    slots = {}
    steps = [(None, text, "describe_symptoms")] + list(answers)
    for requested, said, intent in steps:
        _, events = run(
            ValidateSymptomForm(),
            tracker(user_message(said, intent), {**slots, "requested_slot": requested}, "symptom_form"),
            domain,
        )
        slots.update(slot_events(events))
    return slots


def test_validate_fills_slots_from_the_first_message(domain_dict):
    messages, events = run(
        ValidateSymptomForm(),
        tracker(user_message("my left calf has twitched for 3 weeks", "describe_symptoms"), {}, "symptom_form"),
        domain_dict,
    )
    slots = slot_events(events)
    assert messages == []
    assert slots["duration_days"] == 21
    assert slots["body_locations"] == ["left_calf"]


def question_about_own_symptoms(text, topic):
    """A question the NLU took for `faq` and routed to the check, keeping its topic."""
    message = user_message(text, "describe_symptoms")
    message["entities"].append({"entity": "question_topic", "value": topic})
    return message


def test_a_question_about_own_symptoms_is_answered_before_the_check(domain_dict):
    text = "twitching plus numbness in my foot, could it be a pinched nerve?"
    messages, events = run(
        ValidateSymptomForm(),
        tracker(question_about_own_symptoms(text, "faq/pinched_nerve"), {}, "symptom_form"),
        domain_dict,
    )
    assert [m["response"] for m in messages] == ["utter_faq/pinched_nerve", "utter_check_own_symptoms"]
    assert rendered(messages[0], domain_dict).endswith(f"Source: {TITLE_2}")
    assert "numbness" in slot_events(events)["symptom_findings"]["symptoms"]  # and the check reads it


def test_inside_the_check_the_question_is_answered_and_the_check_goes_on(domain_dict):
    text = "my foot is numb too, could that be a pinched nerve?"
    tr = tracker(question_about_own_symptoms(text, "faq/pinched_nerve"), {"requested_slot": "onset"}, "symptom_form")
    messages, events = run(ValidateSymptomForm(), tr, domain_dict)
    assert [m["response"] for m in messages] == ["utter_faq/pinched_nerve"]
    assert "numbness" in slot_events(events)["symptom_findings"]["symptoms"]


def test_validate_rejects_a_question_so_the_faq_rule_answers(domain_dict):
    tr = tracker(user_message("what causes twitching?", "faq"), {"requested_slot": "onset"}, "symptom_form")
    messages, events = run(ValidateSymptomForm(), tr, domain_dict)
    assert (messages, events) == ([], [])


def test_validate_reasks_what_it_could_not_read(domain_dict):
    tr = tracker(user_message("purple", "inform"), {"requested_slot": "duration_days"}, "symptom_form")
    messages, events = run(ValidateSymptomForm(), tr, domain_dict)
    assert messages == []  # the form asks the question's clarifying variant (tests/test_check_recovery_actions.py)
    slots = slot_events(events)
    assert slots["duration_days"] is None and slots["answer_misses"] == {"duration_days": 1}


def test_no_at_the_read_back_asks_what_to_change(domain_dict):
    tr = tracker(
        user_message("/deny", "deny", []), {"requested_slot": "details_confirmed", "duration_days": 3}, "symptom_form"
    )
    messages, events = run(ValidateSymptomForm(), tr, domain_dict)
    assert messages == []
    assert slot_events(events)["requested_slot"] == "correction"  # the form asks utter_ask_correction
    assert "duration_days" not in slot_events(events)  # nothing is thrown away


def test_read_back_shows_what_was_understood(domain_dict):
    slots = check_slots("my left calf twitches for 3 weeks, no numbness", domain_dict, ("onset", "gradually", "inform"))
    messages, _ = run(ActionAskDetailsConfirmed(), tracker(user_message("gradually", "inform"), slots), domain_dict)
    text = rendered(messages[0], domain_dict)
    assert "left calf" in text and "3 weeks" in text and "gradual" in text and "numbness" in text
    assert [b["payload"] for b in domain_dict["responses"]["utter_readback"][0]["buttons"]] == ["/affirm", "/deny"]


CASES = [
    (
        "SELF-CARE:",
        "my calf twitched after my run yesterday",
        [
            ("body_locations", "my calf", "inform"),
            ("other_symptoms", "/deny", "deny"),
            ("onset", "gradually", "inform"),
        ],
        "Sources: " + TITLE_1,
    ),
    (
        "SEE A DOCTOR:",
        "my calf has twitched for three weeks but I'm not weak",
        [("other_symptoms", "/deny", "deny"), ("onset", "gradually", "inform")],
        "Source: " + TITLE_2,
    ),
    (
        "URGENT:",
        "my arm suddenly started twitching and now it's numb",
        [("duration_days", "since this morning", "inform")],
        "Source: " + TITLE_2,
    ),
]


@pytest.mark.parametrize("label, first, answers, source", CASES)
def test_assessment_starts_with_the_tier_and_cites(domain_dict, label, first, answers, source):
    slots = check_slots(first, domain_dict, *answers)
    messages, events = run(ActionAssessSymptoms(), tracker(user_message("/affirm", "affirm", []), slots), domain_dict)
    outcome = rendered(messages[0], domain_dict)
    assert outcome.startswith(label)
    assert source in outcome
    assert "{" not in outcome  # every variable filled
    assert messages[-1]["response"] == "utter_offer_summary"
    kept = slot_events(events)
    assert "duration_days" not in kept and "symptom_findings" not in kept  # kept for facts added later
    assert kept["assessed_tier"] == kept["doctor_summary"]["tier"] == label[:-1]


def test_see_a_doctor_names_the_reasons_in_the_users_words(domain_dict):
    slots = check_slots(
        "my calf has twitched for three weeks but I'm not weak",
        domain_dict,
        ("other_symptoms", "/deny", "deny"),
        ("onset", "gradually", "inform"),
    )
    messages, _ = run(ActionAssessSymptoms(), tracker(user_message("/affirm", "affirm", []), slots), domain_dict)
    assert 'more than 2 weeks ("for three weeks")' in rendered(messages[0], domain_dict)


def test_medicine_reason_adds_do_not_stop_advice(domain_dict):
    slots = check_slots(
        "I started a new medication and my legs twitch",
        domain_dict,
        ("duration_days", "3 days", "inform"),
        ("other_symptoms", "/deny", "deny"),
        ("onset", "gradually", "inform"),
    )
    messages, _ = run(ActionAssessSymptoms(), tracker(user_message("/affirm", "affirm", []), slots), domain_dict)
    responses = [m["response"] for m in messages]
    assert responses[0] == "utter_triage_see_a_doctor"
    assert "utter_dont_stop_medicine" in responses


def test_doctor_summary_after_a_check(domain_dict):
    slots = check_slots(
        "my left calf has twitched for three weeks, no weakness",
        domain_dict,
        ("other_symptoms", "/deny", "deny"),
        ("onset", "gradually", "inform"),
    )
    _, events = run(ActionAssessSymptoms(), tracker(user_message("/affirm", "affirm", []), slots), domain_dict)
    messages, _ = run(
        ActionDoctorSummary(),
        tracker(user_message("/request_summary", "request_summary", []), slot_events(events)),
        domain_dict,
    )
    text = rendered(messages[0], domain_dict)
    assert "Where: left calf" in text and "How long: for three weeks" in text
    assert "Not present: weakness, numbness, tingling, a change in feeling and loss of muscle size" in text
    assert "SEE A DOCTOR" in text


def test_doctor_summary_before_any_check(domain_dict):
    messages, _ = run(
        ActionDoctorSummary(), tracker(user_message("/request_summary", "request_summary", [])), domain_dict
    )
    assert [m["response"] for m in messages] == ["utter_no_summary_yet"]


def test_every_reason_key_has_a_phrase(domain_dict):
    from actions.triage.rules import REASON_KEYS

    missing = [
        k for k in REASON_KEYS if not k.startswith("emergency_") and f"utter_reason_{k}" not in domain_dict["responses"]
    ]
    assert missing == []


def test_an_answer_mistaken_for_a_question_still_counts(domain_dict):
    tr = tracker(user_message("about 3 weeks", "faq"), {"requested_slot": "duration_days"}, "symptom_form")
    _, events = run(ValidateSymptomForm(), tr, domain_dict)
    assert slot_events(events)["duration_days"] == 21


def test_an_answer_mistaken_for_a_greeting_still_counts(domain_dict):
    tr = tracker(user_message("since this morning", "greet"), {"requested_slot": "duration_days"}, "symptom_form")
    _, events = run(ValidateSymptomForm(), tr, domain_dict)
    assert slot_events(events)["duration_days"] == 0.5


def test_a_greeting_that_answers_nothing_is_left_to_its_rule(domain_dict):
    tr = tracker(user_message("hello", "greet"), {"requested_slot": "duration_days"}, "symptom_form")
    assert run(ValidateSymptomForm(), tr, domain_dict) == ([], [])


@pytest.mark.parametrize(
    "question",
    ["duration_days", "body_locations", "other_symptoms", "which_symptoms", "onset", "details_confirmed", "correction"],
)
@pytest.mark.parametrize(
    "text, intent", [("stop", "stop"), ("I'll see my GP instead", "stop"), ("forget me", "forget_me")]
)
def test_leaving_or_forgetting_is_rejected_at_every_question(domain_dict, question, text, intent):
    tr = tracker(user_message(text, intent), {"requested_slot": question}, "symptom_form")
    assert run(ValidateSymptomForm(), tr, domain_dict) == ([], [])


@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope", "greet"])
def test_a_detail_for_another_question_is_kept_and_the_question_asked_again(domain_dict, intent):
    tr = tracker(user_message("my right hand", intent), {"requested_slot": "duration_days"}, "symptom_form")
    messages, events = run(ValidateSymptomForm(), tr, domain_dict)
    slots = slot_events(events)
    assert [m["response"] for m in messages] == ["utter_note_detail_noted"]
    assert slots["body_locations"] == ["right_hand"]
    assert "duration_days" not in slots  # still missing, so the form asks it again


def test_a_question_that_names_a_place_is_still_left_to_the_faq_rule(domain_dict):
    tr = tracker(user_message("why does my eyelid twitch?", "faq"), {"requested_slot": "duration_days"}, "symptom_form")
    assert run(ValidateSymptomForm(), tr, domain_dict) == ([], [])


def test_the_read_back_shows_a_length_in_the_unit_people_use(domain_dict):
    findings = {"symptoms": ["twitching"], "locations": ["eyelid"], "words": {}}
    slots = {
        "duration_days": 0.5,
        "body_locations": ["eyelid"],
        "other_symptoms": "no",
        "onset": "sudden",
        "symptom_findings": findings,
    }
    messages, _ = run(
        ActionAskDetailsConfirmed(),
        tracker(user_message("/deny", "deny", []), {**slots, "requested_slot": "details_confirmed"}, "symptom_form"),
        domain_dict,
    )
    assert "- How long: half a day\n" in rendered(messages[0], domain_dict)


def test_the_assessment_keeps_the_tier_for_later_worry(domain_dict):
    slots = check_slots(
        "my calf has twitched for three weeks",
        domain_dict,
        ("other_symptoms", "/deny", "deny"),
        ("onset", "gradually", "inform"),
    )
    _, events = run(ActionAssessSymptoms(), tracker(user_message("/affirm", "affirm", []), slots), domain_dict)
    assert slot_events(events)["check_tier"] == "SEE A DOCTOR"
    variations = domain_dict["responses"]["utter_own_tier"]
    assert {c["value"] for v in variations for c in v["condition"]} == {
        "SELF-CARE",
        "SEE A DOCTOR",
        "URGENT",
        "EMERGENCY",
    }


def test_a_medicine_question_that_also_answers_the_check_gets_the_articles_line(domain_dict):
    text = "about 3 weeks, since I started sertraline. should I stop it?"
    message = user_message(text, "faq")
    message["entities"].append({"entity": "question_topic", "value": "dont_stop_medicine"})
    messages, events = run(
        ValidateSymptomForm(), tracker(message, {"requested_slot": "duration_days"}, "symptom_form"), domain_dict
    )
    assert [m["response"] for m in messages] == ["utter_dont_stop_medicine"]
    assert "without talking with a doctor first" in rendered(messages[0], domain_dict)
    slots = slot_events(events)
    assert slots["duration_days"] == 21 and "medication" in slots["symptom_findings"]["triggers"]


def test_a_medicine_question_inside_the_check_is_answered_and_its_medicine_kept(domain_dict):
    message = user_message("should i stop my statins?", "faq")
    message["entities"] += [
        {"entity": "medicine_question", "value": "medicine_question"},
        {"entity": "question_topic", "value": "dont_stop_medicine"},
    ]
    messages, events = run(
        ValidateSymptomForm(), tracker(message, {"requested_slot": "duration_days"}, "symptom_form"), domain_dict
    )
    assert [m["response"] for m in messages] == ["utter_dont_stop_medicine"]
    slots = slot_events(events)
    assert "duration_days" not in slots  # still missing, so the form asks it again
    assert slots["symptom_findings"]["triggers"] == ["medication"]


def test_worry_that_answers_nothing_is_left_to_the_worry_rules(domain_dict):
    tr = tracker(user_message("am I dying?", "express_worry"), {"requested_slot": "duration_days"}, "symptom_form")
    assert run(ValidateSymptomForm(), tr, domain_dict) == ([], [])
