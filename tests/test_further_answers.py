"""Several questions and article passages through the adapters: the FAQ selector's further
answers and passages, the extractor's outside-the-articles marking, and action_answer_further
with a real Tracker and the real domain."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.further_answers import ActionAnswerFurther
from actions.symptom_check import ValidateSymptomForm
from tests.chat_helpers import rendered, tracker, user_message


def run(action, tr, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tr, domain))
    return dispatcher.messages, events


def with_entities(text, intent, **entities):
    message = user_message(text, intent)
    for name, values in entities.items():
        message["entities"] += [{"entity": name, "value": value} for value in values]
    return message


def test_further_answers_are_sent_in_order_each_with_its_source(domain_dict):
    message = with_entities(
        "can magnesium help and is twitching a sign of MS?",
        "faq",
        further_answer=["faq/multiple_sclerosis", "passage/causes_and_treatment_14"],
    )
    messages, events = run(ActionAnswerFurther(), tracker(message, {}), domain_dict)
    assert [m["response"] for m in messages] == [
        "utter_faq/multiple_sclerosis",
        "utter_passage/causes_and_treatment_14",
    ]
    assert all("\nSource: " in rendered(m, domain_dict) for m in messages)
    assert events == []


def test_an_unknown_answer_key_is_skipped_not_sent(domain_dict):
    message = with_entities("two questions", "faq", further_answer=["faq/no_such_topic"])
    messages, _ = run(ActionAnswerFurther(), tracker(message, {}), domain_dict)
    assert messages == []


def test_every_question_of_a_description_is_answered_before_the_check(domain_dict):
    text = "My eyelid has jumped for 5 days. What could cause it? Should I see a doctor?"
    message = with_entities(text, "describe_symptoms", question_topic=["faq/causes_overview", "faq/when_to_see_doctor"])
    messages, _ = run(ValidateSymptomForm(), tracker(message, {}, "symptom_form"), domain_dict)
    assert [m["response"] for m in messages] == [
        "utter_faq/causes_overview",
        "utter_faq/when_to_see_doctor",
        "utter_check_own_symptoms",
    ]


def test_a_passage_response_quotes_the_article_under_its_heading(domain_dict):
    text = rendered({"response": "utter_passage/causes_and_treatment_14"}, domain_dict)
    assert text.startswith('The article says, under "') and text.endswith(
        "Source: Muscle Twitching: Causes, Treatment and Prevention"
    )


@pytest.mark.parametrize(
    "kind, words",
    [
        ("child", "child's own doctor"),
        ("tetanus", "tetanus jab"),
        ("medicine_dose", "pharmacist"),
        ("animal", "vet"),
        ("pregnancy", "midwife"),
        ("sleep_start", "fall asleep"),
        ("condition_details", "specialist"),
        ("other_condition", "doctor"),
    ],
)
def test_each_kind_outside_the_articles_names_its_help_and_no_source(rasa_domain, kind, words):
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    generator = TemplatedNaturalLanguageGenerator(rasa_domain.responses)
    state = DialogueStateTracker.from_events("someone", [SlotSet("outside_articles", kind)], rasa_domain.slots)
    text = asyncio.run(generator.generate("utter_outside_articles", state, "rest"))["text"]
    assert words in text and "Source:" not in text and not text.startswith(("EMERGENCY", "URGENT", "SEE A DOCTOR"))
