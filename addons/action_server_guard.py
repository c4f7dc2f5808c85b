"""Dialogue policy: when the action server is down or hung, say so and give safe advice.

Measured on Rasa 3.6: with the action server down the user gets an empty reply, and with it
hung, nothing for up to 300 s (a hard-coded timeout). Before the bot needs a custom action
(a symptom description, the symptom check, the doctor summary), this policy asks the action
server's /health with a short timeout (cached for a few seconds, so at most one check per
window). If it does not answer, the policy predicts `utter_action_server_down` - an apology
with the conservative advice to see a doctor - and closes the check. FAQ answers and
emergencies never need the action server and are not affected.
"""
from __future__ import annotations

import os
import time
import urllib.request
from typing import Any, Callable, Dict, List, Optional, Text

from rasa.core.constants import POLICY_PRIORITY, RULE_POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from addons.emergency_policy import closing_events

DOWN_RESPONSE = "utter_action_server_down"
# Messages whose answer needs the action server (outside the check; inside it, all do).
NEEDS_ACTIONS = frozenset({"describe_symptoms", "request_summary"})
# Messages the Rasa server answers alone, even inside the check.
ANSWERED_WITHOUT_ACTIONS = frozenset({"emergency", "faq", "out_of_scope", "nlu_fallback", "stop", "restart", "forget_me"})


def action_server_health_url() -> Text:
    """ACTION_SERVER_HEALTH_URL where the action server runs elsewhere (deploy/), else the
    same port as endpoints.yml's action_endpoint (ACTIONS_PORT, set by `make run`)."""
    return os.environ.get("ACTION_SERVER_HEALTH_URL") or f"http://127.0.0.1:{os.environ.get('ACTIONS_PORT', '5055')}/health"


class HealthCheck:
    """Is the action server answering? One HTTP check per `ttl` seconds at most."""

    def __init__(self, url: Text, timeout: float = 1.0, ttl: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.url, self.timeout, self.ttl, self.clock = url, timeout, ttl, clock
        self._checked_at: Optional[float] = None
        self._up = True

    def __call__(self) -> bool:
        now = self.clock()
        if self._checked_at is None or now - self._checked_at >= self.ttl:
            self._up, self._checked_at = self._probe(), now
        return self._up

    def _probe(self) -> bool:
        try:
            with urllib.request.urlopen(self.url, timeout=self.timeout) as response:
                return response.status == 200
        except OSError:
            return False


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class ActionServerGuardPolicy(Policy):
    """Predicts utter_action_server_down instead of a custom action the server cannot run."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Above RulePolicy, below EmergencyPolicy: emergencies always come first."""
        return {POLICY_PRIORITY: RULE_POLICY_PRIORITY + 1, "timeout": 1.0, "ttl": 5.0}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, health: Optional[Callable[[], bool]] = None, **kwargs: Any) -> None:
        super().__init__(config, model_storage, resource, execution_context, **kwargs)
        self.health = health or HealthCheck(action_server_health_url(), config["timeout"], config["ttl"])

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        """Nothing to learn."""
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None, **kwargs: Any) -> PolicyPrediction:
        action = self._next_action(tracker)
        if action is None:
            return self._prediction(self._default_predictions(domain))
        closing = closing_events(tracker) if action == DOWN_RESPONSE else []
        return self._prediction(confidence_scores_for(action, 1.0, domain), optional_events=closing, is_no_user_prediction=True)

    def _next_action(self, tracker: DialogueStateTracker) -> Optional[Text]:
        if tracker.latest_action_name == DOWN_RESPONSE:
            return ACTION_LISTEN_NAME
        if tracker.latest_action_name != ACTION_LISTEN_NAME or tracker.latest_message is None:
            return None
        intent = tracker.latest_message.intent.get("name")
        needs_actions = intent in NEEDS_ACTIONS or (tracker.active_loop_name and intent not in ANSWERED_WITHOUT_ACTIONS)
        if needs_actions and not self.health():
            return DOWN_RESPONSE
        return None
