"""EmergencyPolicy: emergency messages win over forms and rules, without the action server."""

import pytest
from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble
from rasa.core.policies.policy import PolicyPrediction, confidence_scores_for
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.emergency_policy import EmergencyPolicy


@pytest.fixture
def policy(tmp_path):
    return EmergencyPolicy.create(
        EmergencyPolicy.get_default_config(),
        LocalModelStorage.create(tmp_path),
        Resource("emergency_policy"),
        ExecutionContext(GraphSchema({})),
    )


def user(intent: str) -> UserUttered:
    return UserUttered("text", {"name": intent, "confidence": 1.0})


def tracker_with(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("someone", [ActionExecuted("action_listen"), *events])


def predicted(prediction, domain) -> str:
    return domain.action_names_or_texts[prediction.max_confidence_index]


def test_outranks_rule_policy():
    assert EmergencyPolicy.get_default_config()["priority"] > RulePolicy.get_default_config()["priority"]


@pytest.mark.parametrize(
    "events, expected",
    [
        ([user("emergency")], "utter_emergency"),
        ([user("emergency"), ActionExecuted("utter_emergency")], "action_listen"),
        ([user("sign_happening_now")], "utter_emergency_now"),
        ([user("sign_happening_now"), ActionExecuted("utter_emergency_now")], "action_listen"),
    ],
)
def test_answers_emergency_then_listens(policy, rasa_domain, events, expected):
    prediction = policy.predict_action_probabilities(tracker_with(*events), rasa_domain)
    assert predicted(prediction, rasa_domain) == expected
    assert prediction.max_confidence == 1.0
    assert prediction.is_no_user_prediction


@pytest.mark.parametrize("intent", ["describe_symptoms", "faq", "deny", "nlu_fallback"])
def test_stays_silent_otherwise(policy, rasa_domain, intent):
    prediction = policy.predict_action_probabilities(tracker_with(user(intent)), rasa_domain)
    assert prediction.max_confidence == 0.0


@pytest.mark.parametrize(
    "intent, response", [("emergency", "utter_emergency"), ("sign_happening_now", "utter_emergency_now")]
)
def test_closes_an_active_form(policy, rasa_domain, intent, response):
    tracker = tracker_with(
        user("describe_symptoms"),
        ActionExecuted("symptom_form"),
        ActiveLoop("symptom_form"),
        SlotSet("requested_slot", "onset"),
        ActionExecuted("action_listen"),
        user(intent),
    )
    prediction = policy.predict_action_probabilities(tracker, rasa_domain)
    assert predicted(prediction, rasa_domain) == response
    assert ActiveLoop(None) in prediction.optional_events
    assert SlotSet("requested_slot", None) in prediction.optional_events


def test_wins_against_the_form_in_the_ensemble(policy, rasa_domain):
    """The loop's own "no user" prediction at 1.0 loses to the emergency on priority."""
    tracker = tracker_with(
        user("describe_symptoms"),
        ActionExecuted("symptom_form"),
        ActiveLoop("symptom_form"),
        ActionExecuted("action_listen"),
        user("emergency"),
    )
    form = PolicyPrediction(
        confidence_scores_for("symptom_form", 1.0, rasa_domain),
        "RulePolicy",
        RulePolicy.get_default_config()["priority"],
        is_no_user_prediction=True,
    )
    emergency = policy.predict_action_probabilities(tracker, rasa_domain)
    best = DefaultPolicyPredictionEnsemble._pick_best_policy([form, emergency])
    assert best.policy_name == "EmergencyPolicy"
