"""Actions of the symptom check form: fill its slots, and read back what was understood."""
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.check_state import ASKED_SLOTS, Turn, mention_from_entity, triage_input, update_check
from actions.presenting import shown
from actions.triage.assess import Assessment, assess
from actions.triage.rules import TriageInput
from actions.triage.summary import doctor_summary

# Set on a question the classifier took for `faq` that also describes the user's symptoms.
QUESTION_TOPIC_ENTITY = "question_topic"
# An emergency sign mentioned as past or hypothetical (addons/symptom_entities.py).
SAFETY_NET_ENTITY = "safety_net"
# Never an answer: the form rejects it so the rule that leaves the check runs.
NOT_ANSWERS = frozenset({"stop"})
# An answer only if it answers the question asked ("since this morning" taken for a
# greeting, "3 weeks" for an FAQ question) or, except for a question, another one ("my right
# hand" at the duration question, taken for a fallback, is kept and the duration asked again);
# otherwise the form rejects it so the rule for that intent answers (FAQ, out of scope, ...).
# Worry too: "am I dying?" at the duration question is answered, then the question comes again.
MAYBE_ANSWERS = frozenset(
    {"faq", "out_of_scope", "nlu_fallback", "goodbye", "bot_challenge", "ask_capabilities", "greet", "thank",
     "express_worry"}
)


def question_topic(tracker: Tracker) -> Optional[Text]:
    """The FAQ topic of a question about the user's own symptoms (addons/symptom_entities.py)."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == QUESTION_TOPIC_ENTITY:
            return entity.get("value")
    return None


def has_entity(tracker: Tracker, name: Text) -> bool:
    """Whether the latest message carries an entity ``name``."""
    return any(e.get("entity") == name for e in (tracker.latest_message or {}).get("entities") or [])


def current_turn(tracker: Tracker) -> Turn:
    """The latest user message, with its spaCy entities as core mentions."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    return Turn(
        text=text,
        intent=(message.get("intent") or {}).get("name"),
        mentions=tuple(mention_from_entity(e, text) for e in message.get("entities") or []),
        requested_slot=tracker.get_slot("requested_slot"),
    )


def answers_only_another_question(turn: Turn, slots: Dict[Text, Any]) -> bool:
    """Whether the turn fills one of the check's questions, but not the one asked."""
    asked = turn.requested_slot
    return asked in ASKED_SLOTS and asked not in slots and any(slot in slots for slot in ASKED_SLOTS)


def answers_a_question(turn: Turn, slots: Dict[Text, Any]) -> bool:
    """Whether the turn answers the question asked or, unless it is a question, another one."""
    return turn.requested_slot in slots or (turn.intent != "faq" and answers_only_another_question(turn, slots))


class ValidateSymptomForm(Action):
    """Update the check's slots from the latest message (one core call per turn)."""

    def name(self) -> Text:
        return "validate_symptom_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        turn = current_turn(tracker)
        if turn.requested_slot and turn.intent in NOT_ANSWERS:
            return []
        topic = question_topic(tracker)
        if topic:  # the question is answered from the articles before the check goes on
            dispatcher.utter_message(response=f"utter_{topic}")
            if not turn.requested_slot:
                dispatcher.utter_message(response="utter_check_own_symptoms")
        update = update_check(tracker.current_slot_values(), turn)
        # A question answered first ("should I stop my statins?") is kept: its medicine is a finding.
        if turn.requested_slot and turn.intent in MAYBE_ANSWERS and not topic and not answers_a_question(turn, update.slots):
            return []
        if turn.requested_slot and has_entity(tracker, SAFETY_NET_ENTITY):
            # a past or hypothetical emergency sign in an answer (a rule says it when the check starts)
            dispatcher.utter_message(response="utter_safety_net")
        if update.correction_requested:
            dispatcher.utter_message(response="utter_ask_correction")
        elif not topic and answers_only_another_question(turn, update.slots):
            dispatcher.utter_message(response="utter_detail_noted")  # the form asks its question again
        elif not update.understood:
            dispatcher.utter_message(response="utter_answer_not_understood")
            return [SlotSet(turn.requested_slot, None)]
        return [SlotSet(slot, value) for slot, value in update.slots.items()]


def summary_values(inp: TriageInput, assessment: Assessment, domain: Dict[Text, Any]) -> Dict[Text, Text]:
    """Variables for utter_readback and utter_doctor_summary."""
    summary = doctor_summary(inp, assessment)
    responses = domain["responses"]
    return {
        "where": shown(responses, summary.where),
        "how_long": summary.how_long_words
        or shown(responses, "unsure" if summary.how_long_unsure else summary.how_long),
        "how_often": shown(responses, summary.how_often),
        "onset": shown(responses, summary.onset),
        "present": shown(responses, summary.other_symptoms_present),
        "absent": shown(responses, summary.other_symptoms_absent),
        "triggers": shown(responses, summary.possible_triggers),
        "tier": summary.tier,
    }


class ActionAskDetailsConfirmed(Action):
    """Read back what the check understood and ask whether it is right."""

    def name(self) -> Text:
        return "action_ask_details_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        inp = triage_input(tracker.current_slot_values())
        dispatcher.utter_message(response="utter_readback", **summary_values(inp, assess(inp), domain))
        return []
