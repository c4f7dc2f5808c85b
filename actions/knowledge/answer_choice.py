"""Which answers a question gets: curated topics, or a passage of the articles, one per question.

The FAQ selector ranks the curated topics for a text; this module decides, for a whole
message, what is sent:
- one answer per question asked (question_parts), up to three, in the order asked, each
  question read together with the message around it, the same answer never twice;
- a passage of the articles instead of a topic when the selector is unsure of every topic and
  one passage matches the question better than the topic's own answer does (the kidneys and
  electrolytes, an electromyogram, who is more at risk ...);
- after a sure topic's answer, the passage that fits the question clearly better, when the
  question asks a detail the curated answer leaves out.

Answers are named by their response key without "utter_": "faq/<topic>" or "passage/<key>".
Pure Python: the ranking is passed in as a function, so no model is needed to test it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .passages import RESPONSE_PREFIX as PASSAGE_RESPONSE_PREFIX
from .passages import PassageIndex
from .questions import question_parts

Ranking = Sequence[tuple[str, float]]
_WORD = re.compile(r"[a-z][a-z0-9]{3,}")
STEM = 5
# Words every question and passage here shares: they say nothing about what is asked.
_GENERIC = frozenset({"twitc", "muscl", "spasm", "cramp", "fasci", "cause", "happe", "norma"})
PASSAGE_PREFIX = PASSAGE_RESPONSE_PREFIX.removeprefix("utter_")


@dataclass(frozen=True)
class AnswerSettings:
    """Thresholds, chosen on the dev sets in tests/nlu_dev/ (scripts/eval_nlu.py prints them)."""

    # Below this, no topic is sure enough to keep if a passage fits better.
    unsure_topic: float = 0.2
    # A passage is quoted only from this cosine similarity with the question.
    min_passage: float = 0.2
    # ... and only when it fits the question by this much more than the topic's answer does.
    passage_margin: float = 0.05
    # A sure topic's answer is followed by the passage that fits the question best when it
    # reaches this and fits better than the answer by passage_margin: a detail of the section
    # the curated answer leaves out ("is the spine involved when tired muscles twitch?").
    supporting_passage: float = 0.25
    # A second or third question is answered when its best topic has at least this.
    min_further: float = 0.15
    # How much a question's own words weigh against the whole message around it.
    question_weight: float = 0.7


def _mixed(question: Ranking, message: Ranking, weight: float) -> list[tuple[str, float]]:
    """The two rankings averaged, topic by topic, best first."""
    scores: dict[str, float] = {}
    for key, probability in question:
        scores[key] = scores.get(key, 0.0) + weight * probability
    for key, probability in message:
        scores[key] = scores.get(key, 0.0) + (1 - weight) * probability
    return sorted(scores.items(), key=lambda pair: -pair[1])


def _better_passage(
    question: str, topic: str, answers: Mapping[str, str], passages: PassageIndex, min_score: float, margin: float
) -> str | None:
    """The best passage for the question when it scores at least `min_score` and fits the
    question by `margin` more than the topic's own answer does; otherwise None."""
    best = next(iter(passages.ranked(question, limit=1)), None)
    if best is None or best.score < min_score:
        return None
    if best.score <= passages.similarity(question, answers.get(topic, "")) + margin:
        return None
    return f"{PASSAGE_PREFIX}{best.passage.key}"


def passage_or_topic(
    question: str, ranked: Ranking, answers: Mapping[str, str], passages: PassageIndex | None, settings: AnswerSettings
) -> str:
    """The best topic, or a passage when no topic is sure and the passage fits the question
    better than that topic's answer."""
    topic, probability = ranked[0]
    if passages is None or probability >= settings.unsure_topic:
        return topic
    passage = _better_passage(question, topic, answers, passages, settings.min_passage, settings.passage_margin)
    return passage or topic


def _content_stems(text: str) -> set[str]:
    """The words that carry a text's meaning, cut to a stem ("kidneys", "kidney": "kidne")."""
    return {word[:STEM] for word in _WORD.findall(text.lower()) if word not in ENGLISH_STOP_WORDS} - _GENERIC


def supporting_passage(
    question: str, topic: str, answers: Mapping[str, str], passages: PassageIndex | None, settings: AnswerSettings
) -> str | None:
    """The passage to send after a topic's answer, or None (see AnswerSettings.supporting_passage):
    only when the question asks about something (a word) the passage has and the answer lacks,
    so a plain "what causes twitching?" gets the curated answer alone."""
    if passages is None or topic.startswith(PASSAGE_PREFIX):
        return None
    key = _better_passage(question, topic, answers, passages, settings.supporting_passage, settings.passage_margin)
    if key is None:
        return None
    passage = next(p for p in passages.passages if f"{PASSAGE_PREFIX}{p.key}" == key)
    asked = _content_stems(question) & _content_stems(f"{passage.heading} {passage.text}")
    return key if asked - _content_stems(answers.get(topic, "")) else None


def choose_answers(
    text: str,
    rank: Callable[[str], Ranking],
    answers: Mapping[str, str],
    passages: PassageIndex | None = None,
    settings: AnswerSettings = AnswerSettings(),
) -> tuple[str, ...]:
    """The answers to send, in order: the message's best answer first when it asks one thing;
    one per question (each read with its context) when it asks several.

    `rank` gives the curated topics for a text, best first ("faq/<topic>", probability);
    `answers` the text of each topic's answer."""
    whole = list(rank(text))
    if not whole:
        return ()
    parts = question_parts(text).questions
    first = passage_or_topic(text, whole, answers, passages, settings)
    if len(parts) < 2:
        extra = supporting_passage(text, first, answers, passages, settings)
        return (first, extra) if extra else (first,)
    chosen: list[str] = []
    for part in parts:
        ranked = _mixed(rank(part), whole, settings.question_weight)
        if not ranked or ranked[0][1] < settings.min_further:
            continue
        answer = passage_or_topic(part, ranked, answers, passages, settings)
        if answer not in chosen:
            chosen.append(answer)
    return tuple(chosen) if chosen else (first,)
