"""Actions of the symptom check form: fill its slots, and read back what was understood."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.check_state import UNSURE, Turn, mention_from_entity, triage_input, update_check
from actions.presenting import response_text, shown
from actions.triage.assess import Assessment, assess
from actions.triage.rules import TriageInput
from actions.triage.summary import doctor_summary

# Set on a question the classifier took for `faq` that also describes the user's symptoms.
QUESTION_TOPIC_ENTITY = "question_topic"
# An emergency sign mentioned as past or hypothetical (addons/symptom_entities.py).
SAFETY_NET_ENTITY = "safety_net"
# What the check says before its next question: utter_note_<note> (actions/check_state.py NOTE_*).
NOTE_PREFIX = "utter_note_"
FORM_NAME = "symptom_form"
# How an unknown length is shown: it counts as possibly more than 2 weeks.
DURATION_UNSURE = "utter_value_duration_unsure"


def question_topics(tracker: Tracker) -> List[Text]:
    """The answers (faq/<topic>, passage/<key>) to questions asked with a description of the
    user's own symptoms, in the order asked (addons/symptom_entities.py)."""
    entities = (tracker.latest_message or {}).get("entities") or []
    return [e["value"] for e in entities if e.get("entity") == QUESTION_TOPIC_ENTITY and e.get("value")]


def has_entity(tracker: Tracker, name: Text) -> bool:
    """Whether the latest message carries an entity ``name``."""
    return any(e.get("entity") == name for e in (tracker.latest_message or {}).get("entities") or [])


def resumed(tracker: Tracker) -> bool:
    """Whether the active form runs again after another action answered the latest message
    (Rasa appends the form's own run to the events it sends the validation action). A form
    activated in this turn, after the safety-net sentence say, reads the message."""
    if (tracker.active_loop or {}).get("name") != FORM_NAME:
        return False  # activation: the message that starts the check is read
    events = list(tracker.events)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    this_turn = events[users[-1] + 1 :] if users else events
    if any(e.get("event") == "active_loop" and e.get("name") == FORM_NAME for e in this_turn):
        return False
    actions = [e.get("name") for e in this_turn if e.get("event") == "action"]
    if actions and actions[-1] == FORM_NAME:
        actions = actions[:-1]
    return bool(actions) and actions[-1] != "action_listen"


def current_turn(tracker: Tracker) -> Turn:
    """The latest user message, with its spaCy entities as core mentions."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    return Turn(
        text=text,
        intent=(message.get("intent") or {}).get("name"),
        mentions=tuple(mention_from_entity(e, text) for e in message.get("entities") or []),
        requested_slot=tracker.get_slot("requested_slot"),
        answered_from_articles=bool(question_topics(tracker)),
        resumed=resumed(tracker),
    )


class ValidateSymptomForm(Action):
    """Update the check's slots from the latest message (one core call per turn)."""

    def name(self) -> Text:
        return "validate_symptom_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        turn = current_turn(tracker)
        update = update_check(tracker.current_slot_values(), turn)
        if update.declined:
            return []  # the form rejects the message, so its rule answers it
        topics = question_topics(tracker)
        if topics and not turn.resumed:  # the questions are answered from the articles before the check goes on
            for topic in topics:
                dispatcher.utter_message(response=f"utter_{topic}")
            if not turn.requested_slot and not update.revision:
                dispatcher.utter_message(response="utter_check_own_symptoms")
        if turn.requested_slot and not turn.resumed and has_entity(tracker, SAFETY_NET_ENTITY):
            # a past or hypothetical emergency sign in an answer (a rule says it when the check starts)
            dispatcher.utter_message(response="utter_safety_net")
        if update.note:
            dispatcher.utter_message(response=NOTE_PREFIX + update.note)
        events: List[EventType] = [SlotSet(slot, value) for slot, value in update.slots.items()]
        if update.ask:
            events.append(SlotSet("requested_slot", update.ask))
        return events


def summary_values(inp: TriageInput, assessment: Assessment, domain: Dict[Text, Any]) -> Dict[Text, Text]:
    """Variables for utter_readback and utter_doctor_summary."""
    summary = doctor_summary(inp, assessment)
    responses = domain["responses"]
    return {
        "where": shown(responses, summary.where),
        "how_long": summary.how_long_words
        or (
            response_text(responses, DURATION_UNSURE) if summary.how_long_unsure else shown(responses, summary.how_long)
        ),
        "how_often": shown(responses, summary.how_often),
        "onset": shown(responses, summary.onset),
        "present": shown(responses, UNSURE if summary.other_symptoms_unsure else summary.other_symptoms_present),
        "absent": shown(responses, summary.other_symptoms_absent),
        "triggers": shown(responses, summary.possible_triggers),
        "tier": summary.tier,
    }


class ActionAskDetailsConfirmed(Action):
    """Read back what the check understood and ask whether it is right."""

    def name(self) -> Text:
        return "action_ask_details_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        inp = triage_input(tracker.current_slot_values())
        dispatcher.utter_message(response="utter_readback", **summary_values(inp, assess(inp), domain))
        return []
