"""RulesFirstTEDPolicy: TED's inference is skipped exactly when a rule outranks it anyway."""
from collections import defaultdict

import pytest
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy as RasaRulePolicy
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import TEXT

from addons import rules_first
from addons.rules_first import RulePolicy, RulesFirstTEDPolicy

RULE_PRIORITY = RulePolicy.get_default_config()["priority"]
CONTEXT = ExecutionContext(GraphSchema({}))
TRACKER = DialogueStateTracker.from_events(
    "someone", [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet", "confidence": 1.0})])


class StubRules:
    """Stands for the model's RulePolicy: always the same prediction."""

    def __init__(self, confidence: float, priority: int = RULE_PRIORITY) -> None:
        self.prediction = PolicyPrediction([0.0, confidence], "RulePolicy", priority)

    def predict_action_probabilities(self, tracker, domain, rule_only_data=None):
        return self.prediction


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage.create(tmp_path)


def trained_ted(storage, rules=None, text_features: bool = False) -> RulesFirstTEDPolicy:
    policy = RulesFirstTEDPolicy(RulesFirstTEDPolicy.get_default_config(), storage, Resource("ted"), CONTEXT)
    policy.model = object()  # stands for a trained network; never run here
    policy.fake_features = defaultdict(list, {TEXT: [object()]} if text_features else {})
    if rules is not None:
        rules_first._rule_policies[storage] = rules
    return policy


@pytest.mark.parametrize(
    "rules, text_features, decides",
    [
        (StubRules(1.0), False, True),  # a rule applies: TED cannot win
        (StubRules(0.3), False, False),  # RulePolicy's core fallback: TED may well win
        (StubRules(0.99), False, False),
        (StubRules(1.0, priority=0), False, False),  # a tie would go to TED
        (StubRules(1.0), True, False),  # end-to-end predictions outrank rules
        (None, False, False),  # no RulePolicy of this model to ask
    ],
)
def test_rule_decides_only_when_ted_cannot_win(storage, rules, text_features, decides):
    policy = trained_ted(storage, rules, text_features)
    assert policy.rule_decides(TRACKER, Domain.empty(), None) is decides


def test_an_untrained_ted_never_asks(storage):
    policy = trained_ted(storage, StubRules(1.0))
    policy.model = None
    assert policy.rule_decides(TRACKER, Domain.empty(), None) is False


def test_no_inference_when_a_rule_decides(storage, monkeypatch):
    def inference(*args, **kwargs):
        raise AssertionError("TED's network ran")

    monkeypatch.setattr(TEDPolicy, "predict_action_probabilities", inference)
    domain = Domain.from_path("domain.yml")
    prediction = trained_ted(storage, StubRules(1.0)).predict_action_probabilities(TRACKER, domain)
    assert prediction.max_confidence == 0.0 and len(prediction.probabilities) == len(domain.action_names_or_texts)


def test_inference_when_no_rule_decides(storage, monkeypatch):
    ran = PolicyPrediction([1.0], "RulesFirstTEDPolicy", 1)
    monkeypatch.setattr(TEDPolicy, "predict_action_probabilities", lambda *args, **kwargs: ran)
    assert trained_ted(storage, StubRules(0.3)).predict_action_probabilities(TRACKER, Domain.empty()) is ran


def test_each_model_s_ted_finds_its_own_rule_policy(tmp_path):
    first, second = LocalModelStorage.create(tmp_path / "a"), LocalModelStorage.create(tmp_path / "b")
    config = RulePolicy.get_default_config()
    rules_a = RulePolicy(config, first, Resource("rules"), CONTEXT)
    rules_b = RulePolicy(config, second, Resource("rules"), CONTEXT)
    assert rules_first._rule_policies[first] is rules_a and rules_first._rule_policies[second] is rules_b
    # Rasa tells memorised predictions by this name's ending (rasa.core.policies.ensemble).
    assert RulePolicy.__name__ == "RulePolicy"


@pytest.mark.parametrize("rejected, decides", [("symptom_form", False), ("utter_greet", True), (None, True)])
def test_a_just_rejected_action_does_not_count_as_the_rule_s_prediction(storage, rejected, decides):
    """The ensemble zeroes a rejected action in every prediction; so does rule_decides."""
    domain = Domain.from_path("domain.yml")
    probabilities = [0.0] * len(domain.action_names_or_texts)
    probabilities[domain.index_for_action("symptom_form")] = 1.0
    rules = StubRules(1.0)
    rules.prediction = PolicyPrediction(probabilities, "RulePolicy", RULE_PRIORITY)
    tracker = DialogueStateTracker.from_events("someone", list(TRACKER.events))
    if rejected:
        tracker.update(ActionExecutionRejected(rejected))
    assert trained_ted(storage, rules).rule_decides(tracker, domain, None) is decides


def test_the_rule_prediction_is_computed_once_per_tracker_state(storage, monkeypatch):
    computed = []

    def rasa_predict(self, tracker, domain, rule_only_data=None, **kwargs):
        computed.append(len(tracker.events))
        return PolicyPrediction([0.0, 1.0], "RulePolicy", RULE_PRIORITY)

    monkeypatch.setattr(RasaRulePolicy, "predict_action_probabilities", rasa_predict)
    rules = RulePolicy(RulePolicy.get_default_config(), storage, Resource("rules"), CONTEXT)
    tracker, domain = DialogueStateTracker.from_events("someone", list(TRACKER.events)), Domain.empty()
    for _ in range(2):  # as the ensemble does to a rejected action: the cache keeps its own copy
        rules.predict_action_probabilities(tracker, domain).probabilities[1] = 0.0
    assert rules.predict_action_probabilities(tracker, domain).probabilities == [0.0, 1.0]
    tracker.update(ActionExecuted("utter_greet"))
    rules.predict_action_probabilities(tracker, domain)
    rules.predict_action_probabilities(DialogueStateTracker.from_events("other", list(tracker.events)), domain)
    assert computed == [2, 3, 3]  # once per state; another tracker is computed again
