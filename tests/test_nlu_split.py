"""The NLU evaluation sets stay unseen: no line of tests/nlu/ (held out) or tests/nlu_dev/ (dev)
appears in the training data once normalised (tests/leaks.py: lower case, no punctuation, accents
or entity markup).

tests/test_knowledge.py also looks for near-copies, between the FAQ/out-of-scope training files
and the held-out FAQ sets; this covers every intent and every set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.leaks import normalise

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "data" / "nlu"
EVALUATION_SETS = [ROOT / "tests" / name for name in ("nlu", "nlu_newcomer", "nlu_newcomer2", "nlu_dev")]


def examples(folder: Path) -> dict[str, tuple[str, str]]:
    """normalised text -> (file name, original line) for every NLU example under folder."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted(folder.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    found.setdefault(normalise(line[2:]), (path.name, line[2:]))
    return found


@pytest.mark.parametrize("folder", EVALUATION_SETS, ids=lambda folder: folder.name)
def test_no_evaluation_example_is_in_the_training_data(folder):
    training = examples(TRAINING)
    evaluation = examples(folder)
    assert len(training) > 500 and len(evaluation) > 100  # both sets were found and read
    overlap = sorted((evaluation[key], training[key]) for key in evaluation.keys() & training.keys())
    assert overlap == []
