"""Action: the answers to a message's second and third questions, one bubble each."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

# Set by the FAQ selector (addons/faq_topic_selector.py): "faq/<topic>" or "passage/<key>".
FURTHER_ANSWER_ENTITY = "further_answer"


def further_answers(tracker: Tracker) -> List[Text]:
    """The latest message's further answers, in the order asked."""
    entities = (tracker.latest_message or {}).get("entities") or []
    return [e["value"] for e in entities if e.get("entity") == FURTHER_ANSWER_ENTITY and e.get("value")]


class ActionAnswerFurther(Action):
    """Send the answer of each question after the first (utter_faq sent the first)."""

    def name(self) -> Text:
        return "action_answer_further"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        responses = domain.get("responses") or {}
        for key in further_answers(tracker):
            if f"utter_{key}" in responses:
                dispatcher.utter_message(response=f"utter_{key}")
        return []
