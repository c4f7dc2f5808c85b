"""TED runs its neural network only when no rule decides the next action.

Rasa 3.6 runs every policy for every prediction and then keeps the most confident one, ties
going to the higher priority. When RulePolicy predicts with confidence 1.0 (a rule or the
active form applies), TED (priority 1) cannot win against it (priority 6), so its
inference is computed and thrown away. Here nearly every prediction is a rule's, and a
message needs two or three predictions: TED's inference, 6.5 ms each, was a third of the
Rasa server's CPU per message in a py-spy profile under `make bench` load.

`RulesFirstTEDPolicy` asks the RulePolicy of the same model first (the call the ensemble
makes anyway; computed once for both) and, when it predicts with confidence 1.0, returns
TED's "no prediction" instead of running the network. The ensemble picks exactly what it picked
before (it first zeroes an action whose execution was just rejected, and so does the check
here). This holds only while TED cannot make an end-to-end prediction (those outrank
rules); with end-to-end training data TED always runs. `make test-loading` checks it: every
prediction over the training and test stories and 100 random conversations is the same with
and without the shortcut (TED itself decides none of them here; tests/test_rules_first.py
covers the cases where it must run).

`RulePolicy` is Rasa's, and keeps its class name (Rasa tells memorised predictions by the
name's ending); it lets TED find it, and computes its prediction once for both.
"""
from __future__ import annotations

import weakref
from copy import copy as shallow_copy
from typing import Any, Dict, Optional, Text, Tuple

from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy as RasaRulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import TEXT

from addons.fast_loading import FastLoadingTEDPolicy

# The RulePolicy of each loaded model, found through the storage both policies load from.
_rule_policies: "weakref.WeakKeyDictionary[ModelStorage, RasaRulePolicy]" = weakref.WeakKeyDictionary()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class RulePolicy(RasaRulePolicy):
    """Rasa's RulePolicy, which TED of the same model can ask first."""

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, model_storage, *args, **kwargs)
        self._last: Optional[Tuple[DialogueStateTracker, int, Domain, Any, PolicyPrediction]] = None
        _rule_policies[model_storage] = self

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        """Rasa's prediction, computed once per state of a tracker (TED and the ensemble both
        ask for it; on a 10-turn window it costs 5 ms). A tracker only changes by gaining
        events, and the cache holds the objects it compares, so their ids cannot be reused."""
        last = self._last
        if (last is not None and last[0] is tracker and last[1] == len(tracker.events) and last[2] is domain
                and last[3] is rule_only_data):
            return copied(last[4])
        prediction = super().predict_action_probabilities(tracker, domain, rule_only_data=rule_only_data, **kwargs)
        self._last = (tracker, len(tracker.events), domain, rule_only_data, prediction)
        return copied(prediction)


def copied(prediction: PolicyPrediction) -> PolicyPrediction:
    """A copy whose lists the ensemble may change (it zeroes a rejected action in place)."""
    copy = shallow_copy(prediction)
    copy.probabilities = list(prediction.probabilities)
    copy.events = list(prediction.events)
    copy.optional_events = list(prediction.optional_events)
    return copy


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT, is_trainable=True)
class RulesFirstTEDPolicy(FastLoadingTEDPolicy):
    """TEDPolicy (fast loading) that skips its inference when a rule decides anyway."""

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        if self.rule_decides(tracker, domain, rule_only_data):
            return self._prediction(self._default_predictions(domain))
        return super().predict_action_probabilities(tracker, domain, rule_only_data=rule_only_data, **kwargs)

    def rule_decides(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: Optional[Dict[Text, Any]]
    ) -> bool:
        """Whether RulePolicy's prediction is certain, so it outranks whatever TED predicts."""
        rules = _rule_policies.get(self._model_storage)
        if rules is None or self.model is None or self.only_e2e or TEXT in self.fake_features:
            return False  # no rules to ask, or TED may predict end to end (which outranks rules)
        prediction = rules.predict_action_probabilities(tracker, domain, rule_only_data=rule_only_data)
        probabilities = list(prediction.probabilities)
        rejected = rejected_action(tracker)
        if rejected:  # the ensemble zeroes a just-rejected action in every prediction first
            probabilities[domain.index_for_action(rejected)] = 0.0
        return max(probabilities, default=0.0) >= 1.0 and prediction.policy_priority > self.priority


def rejected_action(tracker: DialogueStateTracker) -> Optional[Text]:
    """The action whose execution was just rejected (a form that could not use the answer),
    found as Rasa's ensemble finds it."""
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecutionRejected):
            return event.action_name
        if isinstance(event, ActionExecuted):
            return None
    return None
