"""Our speed-ups of the model change none of its output (`make test-loading`).

1. Fast loading of TED and DIET (addons/fast_loading.py) gives exactly the stock-loaded model.
   Loads the trained model twice: with the fast loading (weights restored, no training step)
   and the stock way (the same components with Rasa's own TED and DIET model classes). Checks
   that every TensorFlow weight has the same name and value, that NLU parses of sample
   messages are identical, and that TED gives the same action probabilities on sample
   conversations. Prints both load times (figures, not judged).
2. TED skipped when a rule decides (addons/rules_first.py) changes no prediction: at every
   action of every training story, rule and test story, and of 100 seeded random
   conversations of intents, the ensemble's prediction (action, policy, probabilities) is
   the same with the shortcut and without it. Prints how many predictions skipped TED's
   inference, and how many TED itself decided (none, so far: rules, the core fallback and
   our two safety policies decide them all; tests/test_rules_first.py covers when TED must run).

    python scripts/check_loading.py MODEL
"""
from __future__ import annotations

import asyncio
import logging
import os
import random
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from check_report import check  # noqa: E402

MESSAGES = [
    "hi", "what causes muscle twitching?", "my calf has twitched for 3 weeks", "is it ALS??",
    "I have no trouble swallowing", "thanks a lot", "book me a flight to Rome", "not sure",
    "yes", "no", "bye", "are you a bot", "cafeine makes me twitchy", "stop", "forget me",
]  # fmt: skip
WALKS = 100  # seeded random conversations of intents for the rules-first check
CONVERSATIONS = [["hi"], ["my eyelid twitches since yesterday", "no"], ["what helps cramps?", "thanks"]]


def load(model: str):
    from rasa.core.agent import load_agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # Rasa's structlog prints every prediction at debug otherwise

    started = time.monotonic()
    agent = asyncio.run(load_agent(model_path=model))
    return agent, time.monotonic() - started


def tf_models(agent) -> Dict[str, Any]:
    from rasa.utils.tensorflow.models import RasaModel

    nodes = agent.processor.graph_runner._instantiated_nodes
    return {name: node._component.model for name, node in nodes.items()
            if isinstance(getattr(node._component, "model", None), RasaModel)}


def weights(agent) -> Dict[str, Dict[str, np.ndarray]]:
    return {node: {w.name: w.numpy() for w in model.weights} for node, model in tf_models(agent).items()}


def parses(agent) -> List[Dict[str, Any]]:
    return [asyncio.run(agent.parse_message(text)) for text in MESSAGES]


def ted_probabilities(agent) -> List[List[float]]:
    """TED's own probabilities (its network always run) after sample conversations."""
    from rasa.engine.constants import PLACEHOLDER_TRACKER
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    ted_node = next(name for name, model in tf_models(agent).items() if type(model).__name__.endswith("TED"))
    found = []
    for number, texts in enumerate(CONVERSATIONS):
        events = []
        for text in texts:
            parse = asyncio.run(agent.parse_message(text))
            events += [ActionExecuted("action_listen"), UserUttered(text, parse["intent"], parse["entities"], parse)]
        tracker = DialogueStateTracker.from_events(f"loading-{number}", events, agent.domain.slots)
        with without_rules_first():
            result = agent.processor.graph_runner.run(inputs={PLACEHOLDER_TRACKER: tracker}, targets=[ted_node])
        found.append(list(result[ted_node].probabilities))
    return found


def without_rules_first():
    from addons.rules_first import RulesFirstTEDPolicy

    return mock.patch.object(RulesFirstTEDPolicy, "rule_decides", return_value=False)


def story_trackers(agent) -> List[Any]:
    """The training stories and rules, and the test stories, as trackers (no augmentation)."""
    from rasa.shared.core.generator import TrainingDataGenerator
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data"), str(ROOT / "tests" / "test_stories.yml")])
    with mock.patch.dict(os.environ, {"LOG_LEVEL": "WARNING"}):  # no progress bars
        return TrainingDataGenerator(importer.get_stories(), agent.domain, augmentation_factor=0).generate()


def story_predictions(agent, trackers: List[Any]) -> List[Tuple[str, str, List[float]]]:
    """The ensemble's prediction (action, policy, probabilities) before each action of each tracker."""
    from rasa.shared.core.events import ActionExecuted
    from rasa.shared.core.trackers import DialogueStateTracker

    found = []
    for tracker in trackers:
        events = list(tracker.events)
        for index, event in enumerate(events):
            if index and isinstance(event, ActionExecuted):
                before = DialogueStateTracker.from_events(tracker.sender_id, events[:index], agent.domain.slots)
                prediction = agent.processor._predict_next_with_tracker(before)
                action = agent.domain.action_names_or_texts[int(np.argmax(prediction.probabilities))]
                found.append((action, prediction.policy_name, list(prediction.probabilities)))
    return found


def walk_predictions(agent, walks: int = WALKS, turns: int = 4, seed: int = 7) -> List[Tuple[str, str, List[float]]]:
    """The ensemble's predictions in seeded random conversations of intents (the bot's own
    predicted actions in between): states no story covers, where TED could decide."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    rng, intents, found = random.Random(seed), sorted(agent.domain.intents), []
    for number in range(walks):
        tracker = DialogueStateTracker.from_events(f"walk-{number}", [ActionExecuted(ACTION_LISTEN_NAME)], agent.domain.slots)
        for _ in range(turns):
            tracker.update(UserUttered(intent={"name": rng.choice(intents), "confidence": 1.0}))
            for _ in range(3):  # actions before the bot listens again
                prediction = agent.processor._predict_next_with_tracker(tracker)
                action = agent.domain.action_names_or_texts[int(np.argmax(prediction.probabilities))]
                found.append((action, prediction.policy_name, list(prediction.probabilities)))
                tracker.update(ActionExecuted(action, policy=prediction.policy_name))
                if action == ACTION_LISTEN_NAME:
                    break
    return found


def all_predictions(agent, trackers: List[Any]) -> List[Tuple[str, str, List[float]]]:
    return story_predictions(agent, trackers) + walk_predictions(agent)


def rules_first_checks(agent) -> List[bool]:
    from addons.rules_first import RulesFirstTEDPolicy

    trackers = story_trackers(agent)
    with without_rules_first():
        full = all_predictions(agent, trackers)
    decided: List[bool] = []
    rule_decides = RulesFirstTEDPolicy.rule_decides

    def recorded(policy, *args: Any) -> bool:
        decided.append(rule_decides(policy, *args))
        return decided[-1]

    with mock.patch.object(RulesFirstTEDPolicy, "rule_decides", recorded):
        shortcut = all_predictions(agent, trackers)
    skipped = sum(decided)
    by_ted = sum(1 for _, policy, _ in full if policy == RulesFirstTEDPolicy.__name__)
    print(f"rules first: {len(full)} predictions over {len(trackers)} stories and rules and {WALKS} random "
          f"conversations; TED's inference skipped in {skipped}, TED decided {by_ted}")
    return [
        check(f"TED skipped when a rule decides: the same {len(full)} predictions (action, policy, probabilities)",
              len(full) > 0 and shortcut == full, str(next(((a, b) for a, b in zip(full, shortcut) if a != b), ""))),
        check("the shortcut is taken (a rule decided, TED's inference skipped)", skipped > 0, f"{skipped}"),
    ]


def main(model: str) -> int:
    from rasa.core.policies.ted_policy import TED
    from rasa.nlu.classifiers.diet_classifier import DIET

    from addons.fast_loading import FastLoadingDIETClassifier, FastLoadingTEDPolicy

    fast, fast_s = load(model)
    with mock.patch.object(FastLoadingTEDPolicy, "model_class", staticmethod(lambda: TED)), \
            mock.patch.object(FastLoadingDIETClassifier, "model_class", staticmethod(lambda: DIET)):
        stock, stock_s = load(model)
    print(f"load time: fast {fast_s:.1f} s, stock {stock_s:.1f} s")

    kinds = sorted(type(m).__name__ for m in tf_models(fast).values())
    stock_kinds = sorted(type(m).__name__ for m in tf_models(stock).values())
    fast_weights, stock_weights = weights(fast), weights(stock)
    same_names = {n: sorted(w) for n, w in fast_weights.items()} == {n: sorted(w) for n, w in stock_weights.items()}
    differing = [f"{node}:{name}" for node, ws in fast_weights.items() for name, value in ws.items()
                 if not np.array_equal(value, stock_weights.get(node, {}).get(name))]
    count = sum(len(ws) for ws in fast_weights.values())
    results = [
        check("fast loading is used for TED and DIET, the stock load for the comparison",
              kinds == ["FastLoadingDIET", "FastLoadingTED"] and stock_kinds == ["DIET", "TED"], f"{kinds} / {stock_kinds}"),
        check(f"the same {count} weights, with equal values", same_names and count > 0 and not differing, str(differing[:5])),
        check(f"identical NLU parses of {len(MESSAGES)} messages", parses(fast) == parses(stock)),
        check(f"identical TED probabilities on {len(CONVERSATIONS)} conversations",
              ted_probabilities(fast) == ted_probabilities(stock)),
    ] + rules_first_checks(fast)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "models" / "twitch-assistant.tar.gz")))
