"""Actions after the symptom check: the triage outcome and the summary for the doctor."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.check_state import CHECK_SLOTS, triage_input
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


class ActionAssessSymptoms(Action):
    """Triage the finished check, say what to do, and offer a summary for the doctor."""

    def name(self) -> Text:
        return "action_assess_symptoms"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        inp = triage_input(tracker.current_slot_values())
        assessment = assess(inp)
        dispatcher.utter_message(
            response=TIER_RESPONSES[assessment.tier],
            reasons=reasons_text(domain["responses"], assessment.reasons),
            sources=citation_for_articles(article for article, _ in assessment.sources),
        )
        if MEDICINE_REASONS & set(assessment.reason_keys):
            dispatcher.utter_message(response="utter_dont_stop_medicine")
        dispatcher.utter_message(response="utter_offer_summary")
        # The summary keeps what was assessed; clearing the check lets a new description
        # start a fresh one.
        summary = summary_values(inp, assessment, domain)
        return [SlotSet("doctor_summary", summary), SlotSet("check_tier", assessment.label)] + [
            SlotSet(s, None) for s in CHECK_SLOTS
        ]


class ActionDoctorSummary(Action):
    """The history a doctor will ask for, from what the user told the check."""

    def name(self) -> Text:
        return "action_doctor_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        summary = tracker.get_slot("doctor_summary")
        if not summary:
            dispatcher.utter_message(response="utter_no_summary_yet")
            return []
        dispatcher.utter_message(response="utter_doctor_summary", **summary)
        return []
