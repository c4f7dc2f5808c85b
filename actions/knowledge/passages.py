"""Passages of the cleaned articles, and finding the one that answers a question.

When no curated FAQ topic fits but the articles do answer ("how do kidneys affect
twitching?"), the assistant quotes the article itself: one passage, the article's own
sentences in order, never cut inside a sentence and short enough for a chat bubble, under its
section heading and with the `Source:` line.

A passage is a paragraph of a section (a list stays with the sentence that introduces it); a
paragraph too long for a bubble is split between sentences, a short one joined to the next.
Finding one is TF-IDF over words and character n-grams (typos and word forms still meet) of
the heading and the passage, scored by cosine similarity with the question.

Pure Python (stdlib, PyYAML through articles.py, scikit-learn): the knowledge build writes the
passages as responses and the NLU component ranks them; neither needs Rasa to load this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .articles import Article

# A chat bubble: the curated answers stop at 600 characters with the citation; passages too.
MAX_PASSAGE_CHARS = 480
# A paragraph this short ("Treatment options include:") says little alone.
MIN_PASSAGE_CHARS = 140
RESPONSE_PREFIX = "utter_passage/"
# A lone lead-in ("There are several reasons ...", "These include:") answers nothing alone.
MIN_ANSWERING_CHARS = 100
# The reading list answers no question.
NOT_PASSAGES = frozenset({"References"})
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”')]))\s+(?=[A-Z“\"(])")
_LIST_ITEM = re.compile(r"^\s*[-*] ")
# How a whole paragraph ends: a sentence's end, a list's last item, a lead-in's colon.
_COMPLETE = re.compile(r"([.!?:\"”')]|\n\s*[-*] [^\n]+)$")


@dataclass(frozen=True)
class Passage:
    key: str
    article: str
    heading: str
    text: str

    @property
    def response(self) -> str:
        """The response name that sends this passage (data/responses/passages.yml)."""
        return f"{RESPONSE_PREFIX}{self.key}"


@dataclass(frozen=True)
class PassageMatch:
    passage: Passage
    score: float


def _units(paragraph: str) -> list[str]:
    """A paragraph's sentences, each list item one unit (list items start with "- ")."""
    units: list[str] = []
    prose: list[str] = []
    for line in paragraph.splitlines() + [""]:
        if _LIST_ITEM.match(line) or not line.strip():
            if prose:
                units.extend(s.strip() for s in _SENTENCE_END.split(" ".join(prose)) if s.strip())
                prose = []
            if line.strip():
                units.append(line.strip())
        else:
            prose.append(line.strip())
    return units


def _paragraphs(section_text: str) -> list[str]:
    """Blank-line paragraphs, a list joined to the sentence before it; a paragraph the capture
    cut off mid-sentence is left out, never completed."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", section_text) if b.strip() and _COMPLETE.search(b.strip())]
    joined: list[str] = []
    for block in blocks:
        if joined and _LIST_ITEM.match(block):
            joined[-1] = f"{joined[-1]}\n{block}"
        else:
            joined.append(block)
    return joined


def _join(first: str, unit: str) -> str:
    """Units joined as the article has them: list items on their own lines."""
    return f"{first}\n{unit}" if _LIST_ITEM.match(unit) else f"{first} {unit}"


def _chunks(paragraph: str) -> list[str]:
    """The paragraph, or its sentences and list items grouped in order into pieces of at most
    MAX_PASSAGE_CHARS."""
    if len(paragraph) <= MAX_PASSAGE_CHARS:
        return [paragraph]
    chunks: list[str] = []
    for unit in _units(paragraph):
        if chunks and len(chunks[-1]) + 1 + len(unit) <= MAX_PASSAGE_CHARS:
            chunks[-1] = _join(chunks[-1], unit)
        else:
            chunks.append(unit)
    return chunks


def split_section(text: str) -> list[str]:
    """A section's passages: paragraphs or sentence groups, short ones joined to the next."""
    pieces = [chunk for paragraph in _paragraphs(text) for chunk in _chunks(paragraph)]
    merged: list[str] = []
    for piece in pieces:
        if merged and len(merged[-1]) < MIN_PASSAGE_CHARS and len(merged[-1]) + 2 + len(piece) <= MAX_PASSAGE_CHARS:
            merged[-1] = f"{merged[-1]}\n{piece}"
        else:
            merged.append(piece)
    if (
        len(merged) > 1
        and len(merged[-1]) < MIN_PASSAGE_CHARS
        and len(merged[-2]) + 2 + len(merged[-1]) <= MAX_PASSAGE_CHARS
    ):
        merged[-2:] = [f"{merged[-2]}\n{merged[-1]}"]
    return merged


def article_passages(articles: Mapping[str, Article]) -> tuple[Passage, ...]:
    """Every passage of every article, in article and section order."""
    passages: list[Passage] = []
    for article_id in sorted(articles):
        pieces = [
            (section.heading, piece)
            for section in articles[article_id].sections
            if section.heading not in NOT_PASSAGES
            for piece in split_section(section.text)
            if len(piece) >= MIN_ANSWERING_CHARS and not piece.endswith(":")
        ]
        passages.extend(
            Passage(f"{article_id}_{number:02d}", article_id, heading, piece)
            for number, (heading, piece) in enumerate(pieces, start=1)
        )
    return tuple(passages)


class PassageIndex:
    """Ranks passages against a question (fit once on the passages, then query)."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = tuple(passages)
        documents = [f"{p.heading}. {p.heading}. {p.text}" for p in self.passages]
        self._words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), stop_words="english", sublinear_tf=True)
        self._characters = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self._matrix = self._features(documents, fit=True)

    def _features(self, texts: Sequence[str], fit: bool = False):
        if fit:
            words, characters = self._words.fit_transform(texts), self._characters.fit_transform(texts)
        else:
            words, characters = self._words.transform(texts), self._characters.transform(texts)
        return normalize(hstack([words, characters]).tocsr())

    def ranked(self, question: str, limit: int = 3) -> list[PassageMatch]:
        """The best passages for the question, best first, with their cosine similarity."""
        if not question.strip() or not self.passages:
            return []
        scores = (self._matrix @ self._features([question]).T).toarray().ravel()
        best = scores.argsort()[::-1][:limit]
        return [PassageMatch(self.passages[i], float(scores[i])) for i in best]

    def similarity(self, question: str, text: str) -> float:
        """Cosine similarity of the question with any text (a curated answer), on the same features."""
        if not question.strip() or not text.strip():
            return 0.0
        return float((self._features([question]) @ self._features([text]).T).toarray()[0, 0])
