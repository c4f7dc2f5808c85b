"""The copy detectors the evaluation sets are checked with: the normaliser, the pairwise near-copy
test, and the indexed search, which must find exactly the pairs a double loop finds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from tests.leaks import near_copies, near_duplicate, normalise

ROOT = Path(__file__).resolve().parents[1]
TRAINING_FILES = [ROOT / "data" / "nlu" / "faq.yml", ROOT / "data" / "nlu" / "out_of_scope.yml"]
EVALUATION_FILE = ROOT / "tests" / "nlu" / "faq_heldout.yml"


def lines(path: Path) -> list[str]:
    """The example texts of a Rasa NLU file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        line.strip()[2:]
        for block in data["nlu"]
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]


def double_loop(candidates: list[str], training: list[str]) -> list[tuple[str, str]]:
    """The slow reference: every pair through near_duplicate."""
    return [(held, train) for held in candidates for train in training if near_duplicate(held, train)]


@pytest.mark.parametrize(
    "a, b",
    [
        ("What's causing my [calf](location) twitches?!", "whats causing my calf twitches"),
        ("Is it ALS…", "is it als"),
        ("does caffeine cause twitching", "Does CAFFEINE cause twitching?"),
        ("is a twitch normal", "is a twitch norm\u00e1l"),
        ("what’s a fasciculation", "what's a fasciculation"),
        ("twitch_after gym", "twitch after gym"),
    ],
)
def test_normalise_makes_these_equal(a, b):
    assert normalise(a) == normalise(b)


def test_normalise_keeps_word_order():
    assert normalise("twitch vs spasm") != normalise("spasm vs twitch")


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("does coffee make you twitch", "does tea make you twitch", True),
        ("twitch vs spasm", "spasm vs twitch", True),
        ("what is muscle twitching", "what is muscle twitching?", True),
        ("why do my legs twitch at night", "why do my legs twitch at nights", True),
        ("can dehydration make muscles twitch", "can dehydraton make muscle twitch", True),
        ("is it normal to twitch after the gym", "what tests do doctors run", False),
        ("does coffee make you twitch", "does tea make your eyelid twitch", False),
    ],
)
def test_near_duplicate_detector(a, b, expected):
    assert near_duplicate(a, b) is expected


def planted_copies(training: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """(near copy, original) for training examples, each copy made in one of the ways a copy hides."""
    planted = []
    for index, text in enumerate(rng.sample([t for t in training if len(t.split()) >= 4], 60)):
        words = text.split()
        way = index % 5
        if way == 0:  # reordered
            words = words[1:] + words[:1]
        elif way == 1:  # one word swapped
            words[rng.randrange(len(words))] = "zzz"
        elif way == 2:  # a typo
            position = rng.randrange(len(text))
            words = (text[:position] + text[position + 1 :]).split()
        elif way == 3:  # punctuation and case
            words = [word.upper() for word in words] + ["?!"]
        else:  # a short word added
            words.insert(rng.randrange(len(words)), "so")
        planted.append((" ".join(words), text))
    return planted


def test_planted_near_copies_are_caught_as_the_double_loop_catches_them():
    rng = random.Random(15)
    training = [text for path in TRAINING_FILES for text in lines(path)]
    planted = planted_copies(training, rng)
    candidates = [copy for copy, _ in planted] + rng.sample(lines(EVALUATION_FILE), 20)
    searched = [original for _, original in planted] + rng.sample(training, 60)
    found = near_copies(candidates, searched)
    assert found == double_loop(candidates, searched)
    assert set(planted) <= set(found)


def test_nothing_is_found_in_unrelated_sets():
    assert near_copies(["what is a fasciculation"], ["how do I reset my password", "book a table for two"]) == []
