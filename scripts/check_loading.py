"""Fast loading of DIET changes none of the model's output (`make test-loading`).

Loads the trained model with the fast loading (addons/fast_loading.py: weights restored,
no training step) and the stock way (the same component with Rasa's own DIET model class).
Checks that every TensorFlow weight has the same name and value and that NLU parses of sample
messages are identical. Prints both load times, after a first load that warms the process
(figures, not judged).

    python scripts/check_loading.py MODEL
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from pathlib import Path
from typing import Any, Dict, List
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
    return {
        name: node._component.model
        for name, node in nodes.items()
        if isinstance(getattr(node._component, "model", None), RasaModel)
    }


def weights(agent) -> Dict[str, Dict[str, np.ndarray]]:
    return {node: {w.name: w.numpy() for w in model.weights} for node, model in tf_models(agent).items()}


def parses(agent) -> List[Dict[str, Any]]:
    return [asyncio.run(agent.parse_message(text)) for text in MESSAGES]


def main(model: str) -> int:
    from rasa.nlu.classifiers.diet_classifier import DIET

    from addons.fast_loading import FastLoadingDIETClassifier

    fast, first_s = load(model)  # the first load also pays the process's one-time start-up
    with mock.patch.object(FastLoadingDIETClassifier, "model_class", staticmethod(lambda: DIET)):
        stock, stock_s = load(model)
    _, fast_s = load(model)
    print(f"load time: fast {fast_s:.1f} s, stock {stock_s:.1f} s (the first load in this process: {first_s:.1f} s)")

    kinds = sorted(type(m).__name__ for m in tf_models(fast).values())
    stock_kinds = sorted(type(m).__name__ for m in tf_models(stock).values())
    fast_weights, stock_weights = weights(fast), weights(stock)
    same_names = {n: sorted(w) for n, w in fast_weights.items()} == {n: sorted(w) for n, w in stock_weights.items()}
    differing = [
        f"{node}:{name}"
        for node, ws in fast_weights.items()
        for name, value in ws.items()
        if not np.array_equal(value, stock_weights.get(node, {}).get(name))
    ]
    count = sum(len(ws) for ws in fast_weights.values())
    results = [
        check(
            "fast loading is used for DIET, the stock load for the comparison",
            kinds == ["FastLoadingDIET"] and stock_kinds == ["DIET"],
            f"{kinds} / {stock_kinds}",
        ),
        check(
            f"the same {count} weights, with equal values",
            same_names and count > 0 and not differing,
            str(differing[:5]),
        ),
        check(f"identical NLU parses of {len(MESSAGES)} messages", parses(fast) == parses(stock)),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "models" / "twitch-assistant.tar.gz")))
