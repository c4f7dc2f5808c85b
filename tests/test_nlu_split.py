"""The NLU evaluation sets stay unseen: no line of tests/nlu/ (held out) or tests/nlu_dev/ (dev)
appears in the training data once lower-cased, with punctuation and entity markup removed.

tests/test_knowledge.py also looks for near-copies, but only between the FAQ/out-of-scope
training files and tests/nlu/faq_heldout.yml; this covers every intent and both sets.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "data" / "nlu"
EVALUATION_SETS = [ROOT / "tests" / name for name in ("nlu", "nlu_newcomer", "nlu_newcomer2", "nlu_dev")]
# [text](entity), [text]{"entity": ...}: only the text counts.
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def normalise(text: str) -> str:
    text = _ANNOTATION.sub(r"\1", text).lower().replace("’", "'")
    return " ".join(re.sub(r"[^\w\s]", " ", text.replace("'", "")).split())


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


def test_normalise():
    assert normalise("What's causing my [calf](location) twitches?!") == normalise("whats causing my calf twitches")
    assert normalise("Is it ALS…") == "is it als"
    assert normalise("twitch vs spasm") != normalise("spasm vs twitch")


@pytest.mark.parametrize("folder", EVALUATION_SETS, ids=lambda folder: folder.name)
def test_no_evaluation_example_is_in_the_training_data(folder):
    training = examples(TRAINING)
    evaluation = examples(folder)
    assert len(training) > 500 and len(evaluation) > 100  # both sets were found and read
    overlap = sorted((evaluation[key], training[key]) for key in evaluation.keys() & training.keys())
    assert overlap == []
