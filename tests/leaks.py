"""Evaluation examples copied from training data: one normaliser for exact and near copies."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from typing import Iterable, Sequence

from rapidfuzz import fuzz, process

# Two texts this similar (difflib's ratio of their normalised forms) are one example twice.
NEAR_RATIO = 0.85
# [text](entity), [text]{"entity": ...}: only the text counts.
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_NOT_A_WORD = re.compile(r"[^\w\s]|_")


def normalise(text: str) -> str:
    """Lower case, no markup, accents, apostrophes or punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", _ANNOTATION.sub(r"\1", text))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = text.replace("’", "").replace("'", "")
    return " ".join(_NOT_A_WORD.sub(" ", text).split())


def near_duplicate(a: str, b: str) -> bool:
    """Whether b is a near copy of a: same words reordered, one word swapped, or ratio >= 0.85."""
    wa, wb = normalise(a).split(), normalise(b).split()
    if sorted(wa) == sorted(wb):
        return True
    if len(wa) == len(wb) and sum(x != y for x, y in zip(wa, wb)) <= 1:
        return True
    return difflib.SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio() >= NEAR_RATIO


def near_copies(candidates: Sequence[str], training: Sequence[str]) -> list[tuple[str, str]]:
    """Every (candidate, training) pair near_duplicate accepts, in the order a double loop finds them.

    Indexes do the word tests; for the ratio, rapidfuzz's Indel ratio (2 * longest common
    subsequence / total length) bounds difflib's from above, since difflib's matching blocks are
    a common subsequence, so it discards only pairs difflib would reject, and difflib decides
    the rest exactly as near_duplicate does.
    """
    held = [normalise(text).split() for text in candidates]
    train = [normalise(text).split() for text in training]
    found: set[tuple[int, int]] = set()

    by_bag: dict[tuple[str, ...], list[int]] = defaultdict(list)
    by_gap: dict[tuple[int, tuple[str, ...]], list[int]] = defaultdict(list)
    for j, words in enumerate(train):
        by_bag[tuple(sorted(words))].append(j)
        for key in _gaps(words):
            by_gap[key].append(j)
    for i, words in enumerate(held):
        found.update((i, j) for j in by_bag.get(tuple(sorted(words)), ()))
        for key in _gaps(words):
            found.update((i, j) for j in by_gap.get(key, ()))

    held_text, train_text = [" ".join(w) for w in held], [" ".join(w) for w in train]
    scores = process.cdist(held_text, train_text, scorer=fuzz.ratio, score_cutoff=NEAR_RATIO * 100 - 0.01)
    for i, j in zip(*scores.nonzero()):
        if (i, j) not in found and difflib.SequenceMatcher(None, held_text[i], train_text[j]).ratio() >= NEAR_RATIO:
            found.add((int(i), int(j)))
    return [(candidates[i], training[j]) for i, j in sorted(found)]


def _gaps(words: list[str]) -> Iterable[tuple[int, tuple[str, ...]]]:
    """The word list with each position blanked in turn: equal keys differ in at most that word."""
    for position in range(len(words)):
        yield position, tuple(words[:position] + ["\0"] + words[position + 1 :])
