"""Dialogue policy: an `emergency` message is answered with `utter_emergency`, always (and
"yes, it is happening now" to the safety-net question with `utter_emergency_now`).

Safety rules beat machine learning. RulePolicy gives an active form priority over every rule,
so a rule alone would let the symptom form swallow "I can't breathe" (and the form's validation
runs on the action server, which may be down). This policy outranks RulePolicy, claims the turn
as a "no user" prediction like a loop does, closes any active form, and runs entirely inside
the Rasa server. `emergency` itself is set only by the spaCy extractor (addons.symptom_entities).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.constants import POLICY_PRIORITY, RULE_POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, Event, SlotSet
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

EMERGENCY_INTENT = "emergency"
EMERGENCY_RESPONSE = "utter_emergency"
# "Yes, it's happening now" to the safety-net question about a sign that comes and goes.
HAPPENING_NOW_INTENT = "sign_happening_now"
HAPPENING_NOW_RESPONSE = "utter_emergency_now"
RESPONSE_FOR = {EMERGENCY_INTENT: EMERGENCY_RESPONSE, HAPPENING_NOW_INTENT: HAPPENING_NOW_RESPONSE}


def closing_events(tracker: DialogueStateTracker) -> List[Event]:
    """Events that close the active form, if any (the policies here interrupt it)."""
    return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)] if tracker.active_loop_name else []


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class EmergencyPolicy(Policy):
    """Predicts utter_emergency after an `emergency` message, then listens."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Above RulePolicy and ActionServerGuardPolicy, so ties at confidence 1.0 go to this policy."""
        return {POLICY_PRIORITY: RULE_POLICY_PRIORITY + 2}

    def train(
        self,
        training_trackers: List[TrackerWithCachedStates],
        domain: Domain,
        **kwargs: Any,
    ) -> Resource:
        """Nothing to learn: the behaviour is fixed."""
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        """Answer the emergency first, then wait for the user."""
        action = self._next_action(tracker)
        if action is None:
            return self._prediction(self._default_predictions(domain))
        return self._prediction(
            confidence_scores_for(action, 1.0, domain),
            optional_events=closing_events(tracker) if action in RESPONSE_FOR.values() else [],
            is_no_user_prediction=True,
        )

    @staticmethod
    def _next_action(tracker: DialogueStateTracker) -> Optional[Text]:
        if tracker.latest_message is None:
            return None
        response = RESPONSE_FOR.get(tracker.latest_message.intent.get("name"))
        if response is None:
            return None
        if tracker.latest_action_name == ACTION_LISTEN_NAME:
            return response
        if tracker.latest_action_name == response:
            return ACTION_LISTEN_NAME
        return None
