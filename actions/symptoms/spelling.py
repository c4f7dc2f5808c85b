"""Typos read as meant: a word no English word list knows, close to a word of the assistant's
own vocabulary, is read as that word ("twich" -> "twitch", "brething" -> "breathing").

People type on phones, late and afraid. The symptom patterns, the emergency concepts and the
classifier were written for words spelt right, so a misspelt word is corrected before any of
them reads the text. Only words that are not English are touched ("calve", "cant", a name, a
rare word stay as typed), and only towards the domain vocabulary (the words of the symptom
patterns, the emergency concepts and the articles), so a correction can only make the text
more readable to the patterns, never invent a word outside them. Distance is Damerau-
Levenshtein (a swap of two letters counts one) from rapidfuzz: at most 1 edit, 2 for words of
:data:`TWO_EDITS_FROM` letters or more ("musels" -> "muscle"), and the first letter kept.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, Mapping, Optional, Tuple, Union

import spacy_lookups_data
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein
from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

from actions.symptoms.canonical import canonical_text

# Shorter words have too many neighbours to guess which one was meant.
MIN_LENGTH = 4
TWO_EDITS_FROM = 6
# log-probability in spaCy's English word-frequency table above which a word counts as English
# (about 30,000 words). Lower, and frequent misspellings ("tounge", "twich") would count as
# words; the lemma table adds rarer inflected forms.
ENGLISH_LOG_PROB = -14.0
VOCABULARY_FILE = "spelling.json"
_WORD = re.compile(r"[A-Za-z]+")
_LOOKUPS = Path(spacy_lookups_data.__file__).parent / "data"


@dataclass(frozen=True)
class SpellingCorrector:
    """Corrects unknown words towards ``targets`` (the domain vocabulary)."""

    known: FrozenSet[str]
    targets: Tuple[str, ...]
    # How often each target occurs in the domain texts: the last tie-break.
    counts: Mapping[str, int]

    def correct_word(self, word: str) -> Optional[str]:
        """The domain word meant by ``word`` (lower case), or None when it stands as typed."""
        lower = word.lower()
        if len(lower) < MIN_LENGTH or lower in self.known:
            return None
        limit = 2 if len(lower) >= TWO_EDITS_FROM else 1
        found = process.extract(lower, self.targets, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=8)
        candidates = [(target, distance) for target, distance, _ in found if _plausible(lower, target, distance)]
        if not candidates:
            return None
        # Fewest edits; then a word no shorter than the typed one (phone typos drop letters more
        # often than they add them: "sieure" is "seizure", not "sure"); then the word with most
        # letters in common ("pils": pills, not pill or pins); then the word the domain uses most
        # ("droopping": drooping, not dropping).
        rank = {
            target: (distance, len(target) < len(lower), -fuzz.ratio(lower, target), -self.counts.get(target, 0))
            for target, distance in candidates
        }
        best = min(rank.values())
        closest = [target for target in rank if rank[target] == best]
        # Still two equally close words ("nite": nine or note?) is a guess: leave it.
        return closest[0] if len(closest) == 1 else None

    def correct(self, text: str) -> str:
        """``text`` with each misspelt word replaced by the word meant."""

        def replace(match: "re.Match[str]") -> str:
            corrected = self.correct_word(match.group(0))
            return match.group(0) if corrected is None else corrected

        return _WORD.sub(replace, text)

    def to_json(self) -> Dict[str, Any]:
        return {"known": sorted(self.known), "targets": dict(zip(self.targets, (self.counts[t] for t in self.targets)))}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "SpellingCorrector":
        counts = dict(data["targets"])
        return cls(known=frozenset(data["known"]), targets=tuple(counts), counts=counts)


def _plausible(word: str, target: str, distance: int) -> bool:
    """Whether ``target`` is a typo of ``word`` people make. Phone typos rarely hit the first
    letter ("nite" is not "bite"); a four-letter word is corrected only for a dropped letter
    ("pils", "tumb"; "copd" is not "cold", "helo" not "help"); a word loses at most one letter,
    and only if it is long ("footy" stays, "siezzure" is "seizure", "calpol" is not "call")."""
    if target[0] != word[0]:
        return False
    if len(word) == MIN_LENGTH:
        return len(target) == len(word) + 1
    if len(target) < len(word):
        return len(word) - len(target) == 1 and len(word) >= TWO_EDITS_FROM + distance - 1
    return True


def english_words() -> FrozenSet[str]:
    """Words that are English as typed: frequent words, inflected forms, and contractions
    typed without the apostrophe ("dont", "isnt")."""
    with gzip.open(_LOOKUPS / "en_lexeme_prob.json.gz") as f:
        frequent = {w for w, p in json.load(f).items() if p > ENGLISH_LOG_PROB and w.isalpha()}
    with gzip.open(_LOOKUPS / "en_lemma_lookup.json.gz") as f:
        lemmas = json.load(f)
    inflected = {w for pair in lemmas.items() for w in pair if w.isalpha()}
    contractions = {w.lower() for w in TOKENIZER_EXCEPTIONS if w.isalpha()}
    return frozenset(w.lower() for w in frequent | inflected | contractions)


def build_corrector(domain_texts: Iterable[str], english: Optional[FrozenSet[str]] = None) -> SpellingCorrector:
    """A corrector whose targets are the words of ``domain_texts`` (patterns, concepts, articles)."""
    english = english_words() if english is None else english
    counts = Counter(w.lower() for text in domain_texts for w in _WORD.findall(text) if len(w) >= MIN_LENGTH)
    targets = tuple(sorted(counts))
    return SpellingCorrector(known=english | frozenset(targets), targets=targets, counts=dict(counts))


def save_corrector(corrector: SpellingCorrector, directory: Union[str, Path]) -> Path:
    path = Path(directory) / VOCABULARY_FILE
    path.write_text(json.dumps(corrector.to_json()), encoding="utf-8")
    return path


@functools.lru_cache(maxsize=4)
def load_corrector(directory: Union[str, Path]) -> SpellingCorrector:
    """The corrector saved with the spaCy pipeline in ``directory``."""
    return SpellingCorrector.from_json(json.loads((Path(directory) / VOCABULARY_FILE).read_text(encoding="utf-8")))


def nlu_text(text: str, corrector: SpellingCorrector) -> str:
    """The text every NLU component reads: canonical form, then typos corrected."""
    return corrector.correct(canonical_text(text))
