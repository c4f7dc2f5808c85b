"""Build rasa-sdk trackers the way the Rasa server would, for action tests."""

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from actions.symptoms.extract import extract_text
from addons.symptom_entities import mention_to_entity


def user_message(text: str, intent: str, entities: Optional[List[Dict[str, Any]]] = None) -> Dict[str, Any]:
    """latest_message as Rasa sends it: entities from the real spaCy pipeline unless given."""
    if entities is None:
        entities = [mention_to_entity(m, text) for m in extract_text(text).mentions]
    return {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities}


def tracker(
    message: Dict[str, Any], slots: Optional[Dict[str, Any]] = None, active_loop: Optional[str] = None
) -> Tracker:
    return Tracker(
        "tester",
        dict(slots or {}),
        message,
        [],
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


def rendered(message: Dict[str, Any], domain: Dict[str, Any]) -> str:
    """The text a dispatched response becomes: the domain template with its variables."""
    template = domain["responses"][message["response"]][0]["text"]
    values = {k: v for k, v in message.items() if isinstance(v, str)}
    return re.sub(r"{(\w+)}", lambda m: str(values.get(m.group(1), m.group(0))), template)


def slot_events(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
