"""The check copes with real answers, through its actions and the real domain: clarifying
questions with buttons, rough lengths, "which ones?", corrections, revisions after the outcome."""

import asyncio

import pytest
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment import ActionAssessSymptoms
from actions.check_state import ASKED_SLOTS, FOLLOW_UP_QUESTIONS
from actions.symptom_check import ActionAskDetailsConfirmed, ValidateSymptomForm
from actions.symptoms.extract import extract_message
from actions.triage.rules import LONG_DURATION_DAYS
from addons.symptom_entities import override_intent
from tests.chat_helpers import rendered, slot_events, tracker, user_message
from tests.test_symptom_entities import classified

QUESTIONS = ASKED_SLOTS + ("details_confirmed",) + FOLLOW_UP_QUESTIONS


def run(action, tr, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tr, domain))
    return dispatcher.messages, events


def validate(domain, slots, text, intent, requested, events=()):
    tr = tracker(user_message(text, intent), {**slots, "requested_slot": requested}, "symptom_form")
    tr.events = list(events)
    messages, result = run(ValidateSymptomForm(), tr, domain)
    return [m["response"] for m in messages], slot_events(result)


def prompt(rasa_domain, question, slots):
    """The question as Rasa's NLG picks it for these slots (conditional variants included)."""
    name = "utter_readback" if question == "details_confirmed" else f"utter_ask_{question}"
    return TemplatedNaturalLanguageGenerator(rasa_domain.responses).generate_from_slots(name, dict(slots), "rest")


def payloads(response):
    return {b["title"]: b["payload"] for b in response.get("buttons") or []}


def check_through_actions(domain, first, steps):
    """Slots after validate_symptom_form on a first message and (requested, text, intent) steps."""
    slots = {}
    for requested, text, intent in [(None, first, "describe_symptoms")] + list(steps):
        _, events = validate(domain, slots, text, intent, requested)
        slots.update(events)
    return slots


# --- clarifying questions -----------------------------------------------------------------


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_question_has_a_clarifying_variant_chosen_on_a_miss(rasa_domain, question):
    plain = prompt(rasa_domain, question, {})
    clarifying = prompt(rasa_domain, question, {"answer_misses": {question: 1}})
    assert clarifying["text"] != plain["text"] and clarifying["text"].startswith(("Sorry", "That's okay"))
    assert clarifying["buttons"]
    other = prompt(rasa_domain, question, {"answer_misses": {"onset" if question != "onset" else "duration_days": 1}})
    assert other["text"] == plain["text"]  # a miss of another question does not change this one


@pytest.mark.parametrize("question", ASKED_SLOTS)
def test_the_check_questions_clarify_with_a_not_sure_button(rasa_domain, question):
    buttons = payloads(prompt(rasa_domain, question, {"answer_misses": {question: 1}}))
    assert buttons["Not sure"] == "/not_sure" and len(buttons) >= 3


@pytest.mark.parametrize(
    "question, first, second, note",
    [
        ("onset", ("no", "deny"), ("yes", "affirm"), "utter_note_taken_unsure"),
        ("other_symptoms", ("banana", "nlu_fallback"), ("hmm", "nlu_fallback"), "utter_note_taken_unsure"),
        (
            "duration_days",
            ("since my son was born", "out_of_scope"),
            ("/not_sure", "not_sure"),
            "utter_note_duration_unknown",
        ),
    ],
)
def test_a_miss_then_a_second_miss_through_the_action(domain_dict, question, first, second, note):
    said, slots = validate(domain_dict, {}, *first, question)
    assert said == [] and slots["answer_misses"] == {question: 1}
    said, slots = validate(domain_dict, slots, *second, question)
    assert said == [note]
    assert slots[question] == "unsure" and slots["answer_misses"] is None


# --- the length ------------------------------------------------------------------------------


def test_duration_buttons_set_values_the_rules_read_as_intended(rasa_domain, domain_dict):
    for variant in ({}, {"answer_misses": {"duration_days": 1}}):
        buttons = payloads(prompt(rasa_domain, "duration_days", variant))
        _, less = validate(domain_dict, {}, buttons["Less than 2 weeks"], "inform", "duration_days")
        _, more = validate(domain_dict, {}, buttons["More than 2 weeks"], "inform", "duration_days")
        assert less["duration_days"] < LONG_DURATION_DAYS < more["duration_days"]


def test_an_unknown_length_is_named_in_the_read_back_and_the_outcome(domain_dict):
    slots = check_through_actions(
        domain_dict,
        "my eyelid twitches",
        [
            ("duration_days", "not sure", "not_sure"),
            ("duration_days", "/not_sure", "not_sure"),
            ("body_locations", "my eyelid", "inform"),
            ("other_symptoms", "/deny", "deny"),
            ("onset", "gradually", "inform"),
        ],
    )
    messages, _ = run(ActionAskDetailsConfirmed(), tracker(user_message("gradually", "inform"), slots), domain_dict)
    assert "How long: not sure (counted as possibly more than 2 weeks" in rendered(messages[0], domain_dict)
    messages, _ = run(
        ActionAssessSymptoms(),
        tracker(user_message("/affirm", "affirm", []), {**slots, "details_confirmed": True}),
        domain_dict,
    )
    outcome = rendered(messages[0], domain_dict)
    assert outcome.startswith("SEE A DOCTOR:") and "possibly more than 2 weeks" in outcome


# --- "yes" to other symptoms: which ones, with the emergency signs ---------------------------


def test_a_bare_yes_asks_which_symptoms(domain_dict):
    said, slots = validate(domain_dict, {}, "/affirm", "affirm", "other_symptoms")
    assert said == [] and slots["requested_slot"] == "which_symptoms" and "other_symptoms" not in slots


EMERGENCY_BUTTONS = ("Trouble swallowing or breathing", "Face drooping / slurred speech")


@pytest.mark.parametrize("title", EMERGENCY_BUTTONS)
def test_an_emergency_sign_button_gets_the_emergency_answer(rasa_domain, title):
    payload = payloads(prompt(rasa_domain, "which_symptoms", {}))[title]
    findings = extract_message(payload)
    assert findings.emergency_signs
    message = classified(payload, "describe_symptoms")
    override_intent(message, findings)
    assert message.get("intent")["name"] == "emergency"  # addons/emergency_policy.py answers it at once


def test_the_other_which_buttons_are_findings(rasa_domain, domain_dict):
    buttons = payloads(prompt(rasa_domain, "which_symptoms", {}))
    assert set(EMERGENCY_BUTTONS) < set(buttons) and "None of these" in buttons
    for title, payload in buttons.items():
        if title in EMERGENCY_BUTTONS:
            continue
        assert not extract_message(payload).emergency_signs
        said, slots = validate(domain_dict, {}, payload, "inform", "which_symptoms")
        assert slots["other_symptoms"] == "yes" and "requested_slot" not in slots, title
        assert (title == "None of these") is (slots["which_symptoms"] == [])


def test_after_a_question_at_which_symptoms_it_is_asked_again(domain_dict):
    rejected = validate(domain_dict, {}, "what causes twitching?", "faq", "which_symptoms")
    assert rejected == ([], {})
    resumed = [
        {"event": "action", "name": "action_listen"},
        {"event": "user"},
        {"event": "action", "name": "utter_faq"},
        {"event": "action", "name": "symptom_form"},
    ]
    said, slots = validate(domain_dict, {}, "what causes twitching?", "faq", "which_symptoms", events=resumed)
    assert said == [] and slots == {"requested_slot": "which_symptoms"}


def test_a_check_started_after_the_safety_net_sentence_reads_the_first_message(domain_dict):
    started = [
        {"event": "action", "name": "action_listen"},
        {"event": "user"},
        {"event": "action", "name": "utter_safety_net"},
        {"event": "action", "name": "symptom_form"},
        {"event": "active_loop", "name": "symptom_form"},
    ]
    said, slots = validate(
        domain_dict, {}, "my left calf has twitched for 5 days", "describe_symptoms", None, events=started
    )
    assert slots["duration_days"] == 5 and slots["body_locations"] == ["left_calf"]


# --- corrections at the read-back, revisions after the outcome --------------------------------


def test_a_correction_is_read_back_with_the_change(domain_dict):
    slots = check_through_actions(
        domain_dict,
        "my left calf has twitched for 3 days",
        [
            ("other_symptoms", "/deny", "deny"),
            ("onset", "gradually", "inform"),
            ("details_confirmed", "it's in both legs", "inform"),
        ],
    )
    assert slots["details_confirmed"] is None  # so the form reads back again
    messages, _ = run(
        ActionAskDetailsConfirmed(), tracker(user_message("it's in both legs", "inform"), slots), domain_dict
    )
    text = rendered(messages[0], domain_dict)
    assert "Where: left leg and right leg" in text and "calf" not in text


def outcome(domain_dict, slots):
    messages, events = run(ActionAssessSymptoms(), tracker(user_message("/affirm", "affirm", []), slots), domain_dict)
    return [rendered(m, domain_dict) for m in messages], {**slots, **slot_events(events)}


def test_new_facts_after_the_outcome_change_the_advice_plainly(domain_dict):
    slots = check_through_actions(
        domain_dict,
        "my left calf twitched after my run yesterday",
        [
            ("other_symptoms", "/deny", "deny"),
            ("onset", "gradually", "inform"),
            ("details_confirmed", "/affirm", "affirm"),
        ],
    )
    first, slots = outcome(domain_dict, slots)
    assert first[0].startswith("SELF-CARE:")
    said, events = validate(domain_dict, slots, "I forgot to say my hand feels weak", "describe_symptoms", None)
    assert said == [] and events["other_symptoms"] == "yes" and "details_confirmed" not in events  # no second read-back
    second, slots = outcome(domain_dict, {**slots, **events})
    assert second[0] == "With what you've added, my advice changes from SELF-CARE to SEE A DOCTOR:"
    assert second[1].startswith("SEE A DOCTOR:") and "weak" in second[1]
    assert slots["doctor_summary"]["tier"] == "SEE A DOCTOR"


def test_a_revision_that_keeps_the_tier_says_so(domain_dict):
    slots = check_through_actions(
        domain_dict,
        "my left calf has twitched for 3 weeks",
        [
            ("other_symptoms", "/deny", "deny"),
            ("onset", "gradually", "inform"),
            ("details_confirmed", "/affirm", "affirm"),
        ],
    )
    _, slots = outcome(domain_dict, slots)
    _, events = validate(domain_dict, slots, "it's in my right calf too", "inform", None)
    said, _ = outcome(domain_dict, {**slots, **events})
    assert said[0] == "Thanks, I've added that. My advice stays the same (SEE A DOCTOR):"
    assert "more than one place" in said[1]


def test_a_question_answered_at_a_revision_does_not_announce_a_new_check(domain_dict):
    slots = {
        "assessed_tier": "SELF-CARE",
        "duration_days": 1,
        "body_locations": ["left_calf"],
        "other_symptoms": "no",
        "onset": "gradual",
        "details_confirmed": True,
    }
    message = user_message("my foot is numb now, could that be a pinched nerve?", "describe_symptoms")
    message["entities"].append({"entity": "question_topic", "value": "faq/pinched_nerve"})
    messages, _ = run(ValidateSymptomForm(), tracker(message, slots, "symptom_form"), domain_dict)
    assert [m["response"] for m in messages] == ["utter_faq/pinched_nerve"]


# --- leaving ----------------------------------------------------------------------------------


def test_the_stop_reply_says_how_to_start_again_and_when_to_get_help(domain_dict):
    response = domain_dict["responses"]["utter_check_stopped"][0]
    assert (
        "start it again" in response["text"] and "emergency" in response["text"] and "See a doctor" in response["text"]
    )
    assert payloads(response) == {"Check my symptoms": "/describe_symptoms"}


def test_not_sure_about_other_symptoms_is_read_back_as_not_sure(domain_dict):
    slots = check_through_actions(
        domain_dict,
        "my thumb has twitched for 3 weeks",
        [
            ("other_symptoms", "dunno", "not_sure"),
            ("onset", "gradually", "inform"),
        ],
    )
    messages, _ = run(ActionAskDetailsConfirmed(), tracker(user_message("gradually", "inform"), slots), domain_dict)
    assert "Other symptoms: not sure" in rendered(messages[0], domain_dict)
