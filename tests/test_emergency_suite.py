"""Emergency recognition on messages written blind, and its invariance under how people type.

Every emergency of the suites (each written without sight of the patterns or the training data,
tests/triage/emergency_suite*.yml) must give a current emergency sign, and no hard negative may
(negated, past, hypothetical, a general question, a look-alike), on the text as written and
under every perturbation: double spaces, line breaks, tabs, no-break and zero-width spaces,
curly quotes, upper case, full-width letters, a typo (a letter dropped, doubled or swapped) in
the longest word. The text goes through the same path as in the Rasa server: canonical form,
typos corrected, lower case (SpacyNLP), the project pipeline, the extractor.
"""

import re
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import pytest
import yaml

from actions.symptoms.extract import extract_message

SUITES = sorted((Path(__file__).parent / "triage").glob("emergency_suite*.yml"))


PERTURBATIONS: Dict[str, Callable[[str], str]] = {
    "as written": lambda t: t,
    "double spaces": lambda t: t.replace(" ", "  "),
    "line breaks": lambda t: t.replace(" ", "\n"),
    "tabs": lambda t: t.replace(" ", "\t"),
    "no-break spaces": lambda t: t.replace(" ", "\u00a0"),
    "zero-width spaces": lambda t: t.replace(" ", " \u200b"),
    "curly quotes": lambda t: t.replace("'", "\u2019").replace('"', "\u201c"),
    "upper case": lambda t: t.upper(),
    "full-width letters": lambda t: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in t),
    "a letter dropped": lambda t: typo(t, lambda w, i: w[:i] + w[i + 1 :]),
    "a letter doubled": lambda t: typo(t, lambda w, i: w[:i] + w[i] + w[i:]),
    "two letters swapped": lambda t: typo(t, lambda w, i: w[:i] + w[i + 1] + w[i] + w[i + 2 :]),
}


def typo(text: str, change: Callable[[str, int], str]) -> str:
    """``text`` with one typo in its longest word, in the middle of the word (the first letter,
    which phone typos rarely hit, is kept)."""
    words = re.findall(r"[A-Za-z]+", text)
    if not words:
        return text
    longest = max(words, key=len)
    if len(longest) < 5:
        return text
    return re.sub(rf"\b{longest}\b", change(longest, len(longest) // 2), text, count=1)


def load(section: str) -> List[Tuple[str, str]]:
    cases = []
    for path in SUITES:
        for case in yaml.safe_load(path.read_text())[section]:
            cases.append((case["text"], f"{path.stem}:{case.get('sign') or case.get('kind')}"))
    return cases


def signs(text: str) -> Tuple[str, ...]:
    """The current emergency signs, as the Rasa server would find them."""
    return extract_message(text).emergency_signs


EMERGENCIES = load("emergencies")
HARD_NEGATIVES = load("hard_negatives")


def test_the_suites_are_big_enough():
    assert len(EMERGENCIES) >= 150 and len(HARD_NEGATIVES) >= 60


@pytest.mark.parametrize("perturbation", PERTURBATIONS)
def test_every_emergency_is_recognised(perturbation):
    change = PERTURBATIONS[perturbation]
    missed = [(label, text) for text, label in EMERGENCIES if not signs(change(text))]
    assert not missed, f"{len(missed)} missed, e.g. {missed[:3]}"


@pytest.mark.parametrize("perturbation", PERTURBATIONS)
def test_no_hard_negative_is_an_emergency(perturbation):
    change = PERTURBATIONS[perturbation]
    alarms = [(label, signs(change(text)), text) for text, label in HARD_NEGATIVES if signs(change(text))]
    assert not alarms, f"{len(alarms)} false alarms, e.g. {alarms[:3]}"


def test_a_past_or_hypothetical_sign_asks_for_the_safety_net():
    for text in (
        "I had chest pain last year",
        "what would a seizure look like?",
        "should I call 911 if I get chest pain?",
    ):
        findings = extract_message(text)
        assert not findings.emergency_signs and findings.safety_net_signs, text
