"""Dialogue policy: when the action server is down or hung, say so and give safe advice.

Measured on Rasa 3.6: with the action server down the user gets an empty reply, and with it
hung, nothing for up to 300 s (a hard-coded timeout). Before the bot needs a custom action
(a symptom description, the symptom check, the doctor summary), this policy asks the action
server's /health with a short timeout, in a background thread every few seconds (never
inline: a probe of a hung server would stall every user). If it does not answer, the
policy predicts `utter_action_server_down` - an apology with the conservative advice to
see a doctor - and closes the check. FAQ answers and
emergencies never need the action server and are not affected; a question about one's own
symptoms (a `question_topic` entity, addons/symptom_entities.py) still gets its article
answer (`utter_faq`) before the apology. Loading it also installs
the cached check of the action server's responses (addons/action_result_validation.py).
"""

from __future__ import annotations

import os
import threading
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

from addons import action_result_validation
from addons.emergency_policy import closing_events
from addons.symptom_entities import QUESTION_TOPIC_ENTITY

DOWN_RESPONSE = "utter_action_server_down"
# Messages whose answer needs the action server (outside the check; inside it, all do).
NEEDS_ACTIONS = frozenset({"describe_symptoms", "request_summary"})
# Messages the Rasa server answers alone, even inside the check.
ANSWERED_WITHOUT_ACTIONS = frozenset(
    {"emergency", "faq", "out_of_scope", "nlu_fallback", "stop", "restart", "forget_me"}
)
# The article answer to a question that also describes the user's symptoms needs only Rasa.
ANSWER_ACTION = "utter_faq"


def action_server_health_url() -> Text:
    """ACTION_SERVER_HEALTH_URL where the action server runs elsewhere (deploy/), else the
    same port as endpoints.yml's action_endpoint (ACTIONS_PORT, set by `make run`)."""
    return (
        os.environ.get("ACTION_SERVER_HEALTH_URL")
        or f"http://127.0.0.1:{os.environ.get('ACTIONS_PORT', '5055')}/health"
    )


class HealthCheck:
    """Is the action server answering? After the first call, which probes inline, a daemon
    thread probes every `ttl` seconds and calls only read its last verdict: a probe of a
    hung action server takes `timeout`, and inline it would stall Rasa's event loop, so
    every user, at each probe."""

    def __init__(self, url: Text, timeout: float = 1.0, ttl: float = 5.0, background: bool = True) -> None:
        self.url, self.timeout, self.ttl, self.background = url, timeout, ttl, background
        self._up: Optional[bool] = None
        self._lock = threading.Lock()

    def __call__(self) -> bool:
        if self._up is None:
            with self._lock:  # one first probe, and one thread, per process
                if self._up is None:
                    self._up = self._probe()
                    if self.background:
                        threading.Thread(target=self._poll, name="action-server-health", daemon=True).start()
        return self._up

    def _poll(self) -> None:
        while True:
            time.sleep(self.ttl)
            self._up = self._probe()

    def _probe(self) -> bool:
        try:
            with urllib.request.urlopen(self.url, timeout=self.timeout) as response:
                return response.status == 200
        except OSError:
            return False


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class ActionServerGuardPolicy(Policy):
    """Predicts utter_action_server_down instead of a custom action the server cannot run."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Above RulePolicy, below EmergencyPolicy: emergencies always come first."""
        return {POLICY_PRIORITY: RULE_POLICY_PRIORITY + 1, "timeout": 1.0, "ttl": 5.0}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        health: Optional[Callable[[], bool]] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, **kwargs)
        # This policy looks after the action server's answers; checking them cost 20 ms each.
        action_result_validation.install()
        self.health = health or HealthCheck(action_server_health_url(), config["timeout"], config["ttl"])

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        """Nothing to learn."""
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action = self._next_action(tracker)
        if action is None:
            return self._prediction(self._default_predictions(domain))
        closing = closing_events(tracker) if action == DOWN_RESPONSE else []
        return self._prediction(
            confidence_scores_for(action, 1.0, domain), optional_events=closing, is_no_user_prediction=True
        )

    def _next_action(self, tracker: DialogueStateTracker) -> Optional[Text]:
        if tracker.latest_action_name == DOWN_RESPONSE:
            return ACTION_LISTEN_NAME
        message = tracker.latest_message
        if message is None:
            return None
        asked = any(entity.get("entity") == QUESTION_TOPIC_ENTITY for entity in message.entities)
        if asked and tracker.latest_action_name == ANSWER_ACTION and not self.health():
            return DOWN_RESPONSE  # the answer came from this policy (below); now the apology
        if tracker.latest_action_name != ACTION_LISTEN_NAME:
            return None
        intent = message.intent.get("name")
        needs_actions = intent in NEEDS_ACTIONS or (tracker.active_loop_name and intent not in ANSWERED_WITHOUT_ACTIONS)
        if needs_actions and not self.health():
            return ANSWER_ACTION if asked else DOWN_RESPONSE
        return None
