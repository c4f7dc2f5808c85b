"""Actions after the symptom check: the triage outcome and the summary for the doctor."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.check_state import ASSESSED_SLOT, MISSES_SLOT, advice_change, triage_input
from actions.knowledge.articles import citation_for_articles
from actions.presenting import reasons_text
from actions.symptom_check import summary_values
from actions.triage.assess import assess
from actions.triage.rules import Tier

TIER_RESPONSES = {
    Tier.SELF_CARE: "utter_triage_self_care",
    Tier.SEE_A_DOCTOR: "utter_triage_see_a_doctor",
    Tier.URGENT: "utter_triage_urgent",
    Tier.EMERGENCY: "utter_emergency",
}
MEDICINE_REASONS = frozenset({"medication_trigger", "supplement_trigger"})
# Said first when new facts after an outcome were assessed again: utter_advice_<change>.
ADVICE_PREFIX = "utter_advice_"


class ActionAssessSymptoms(Action):
    """Triage the finished check, say what to do, and offer a summary for the doctor."""

    def name(self) -> Text:
        return "action_assess_symptoms"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        slots = tracker.current_slot_values()
        inp = triage_input(slots)
        assessment = assess(inp)
        change = advice_change(slots.get(ASSESSED_SLOT), assessment.label)
        if change:
            dispatcher.utter_message(
                response=ADVICE_PREFIX + change, tier=assessment.label, previous=slots.get(ASSESSED_SLOT)
            )
        dispatcher.utter_message(
            response=TIER_RESPONSES[assessment.tier],
            reasons=reasons_text(domain["responses"], assessment.reasons),
            sources=citation_for_articles(article for article, _ in assessment.sources),
        )
        if MEDICINE_REASONS & set(assessment.reason_keys):
            dispatcher.utter_message(response="utter_dont_stop_medicine")
        dispatcher.utter_message(response="utter_offer_summary")
        # The check's slots stay, with the tier given: facts added later are assessed again
        # (actions/check_state.py), and a message with nothing new starts a fresh check.
        summary = summary_values(inp, assessment, domain)
        return [
            SlotSet("doctor_summary", summary),
            SlotSet(ASSESSED_SLOT, assessment.label),
            SlotSet("check_tier", assessment.label),
            SlotSet(MISSES_SLOT, None),
        ]


class ActionDoctorSummary(Action):
    """The history a doctor will ask for, from what the user told the check."""

    def name(self) -> Text:
        return "action_doctor_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        summary = tracker.get_slot("doctor_summary")
        if not summary:
            dispatcher.utter_message(response="utter_no_summary_yet")
            return []
        dispatcher.utter_message(response="utter_doctor_summary", **summary)
        return []
