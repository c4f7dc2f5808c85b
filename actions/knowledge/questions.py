"""The questions inside a message: a forum post's background and asides set apart.

People write "I'm 51, I eat well, I run ... I get twitches in my calves every morning. Any
suggestions as to why?" The topic of such a post lies in its question, read with the rest as
context; and "What can be the cause? Should I see a doctor?" asks two things, each answered.

Pure Python (stdlib only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (runs of them, "..", "?!") or a line break.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”')])\s+|\s*\n+\s*")
_QUESTION_START = re.compile(
    r"^\W*(what|what's|whats|why|how|when|where|which|who|is|are|am|can|could|does|do|did|should|would|will|"
    r"may|might|has|have|any|anyone|anybody)\b",
    re.IGNORECASE,
)
# Asking without a question mark: "kindly let me know what to do", "I wonder why", "any tips".
_REQUEST = re.compile(
    r"\b(let me know|tell me|wondering|i wonder|want(ed)? to know|would like to know|need to know|looking for (ideas|advice|suggestions|tips)|"
    r"any (suggestions?|ideas?|advice|tips|thoughts|help)|please (help|advise|explain)|explain (why|how|what))\b",
    re.IGNORECASE,
)
# Where one sentence asks a second question: "can magnesium help and is twitching a sign of MS?"
_SECOND_QUESTION = re.compile(
    r"(?:,\s*|\s+)(?:and|or|also|plus)\s+(?=(?:is|are|can|could|does|do|should|would|will|what|why|how|when)\b)"
    r"|,\s+(?=(?:what|why|how|when|should|is it|are they|could it|can it)\b)",
    re.IGNORECASE,
)
# A part this short ("why?", "how?") leans on its sentence: it stays with the part before.
MIN_PART_WORDS = 3
MAX_QUESTIONS = 3


@dataclass(frozen=True)
class QuestionParts:
    """A message's questions, in the order asked, and the message as context."""

    text: str
    questions: tuple[str, ...]

    @property
    def focus(self) -> str:
        """The questions together, or the whole message when it asks none or only itself."""
        return " ".join(self.questions) if self.questions else self.text

    @property
    def has_context(self) -> bool:
        """Does the message say more than its questions (background, asides)?"""
        return bool(self.questions) and len(self.focus.split()) < len(self.text.split())


def sentences(text: str) -> list[str]:
    """The message's sentences, in order."""
    return [s.strip() for s in _SENTENCE_BREAK.split(text or "") if s and s.strip()]


def asks(sentence: str) -> bool:
    """Is this sentence a question or a request for an answer?"""
    return "?" in sentence or bool(_QUESTION_START.search(sentence) or _REQUEST.search(sentence))


def _split_compound(sentence: str) -> list[str]:
    """A sentence asking two things, as two questions; a fragment too short stays attached,
    with the words that joined it ("why does it happen and how?" is one question)."""
    starts = [0] + [match.end() for match in _SECOND_QUESTION.finditer(sentence)]
    spans = [
        [start, end]
        for start, end in zip(starts, [m.start() for m in _SECOND_QUESTION.finditer(sentence)] + [len(sentence)])
    ]
    parts: list[list[int]] = []
    for span in spans:
        if parts and len(sentence[span[0] : span[1]].split()) < MIN_PART_WORDS:
            parts[-1][1] = span[1]
        else:
            parts.append(span)
    pieces = [sentence[start:end].strip(" ,") for start, end in parts if sentence[start:end].strip(" ,")]
    # "my eyelid has twitched for days, is it the coffee?": the statement is the question's context
    questions: list[str] = []
    context = ""
    for piece in pieces:
        if asks(piece):
            questions.append(f"{context}, {piece}" if context else piece)
            context = ""
        else:
            context = f"{context}, {piece}" if context else piece
    if context:
        questions = questions[:-1] + [f"{questions[-1]}, {context}"] if questions else [context]
    return questions


def question_parts(text: str) -> QuestionParts:
    """The questions the message asks (at most MAX_QUESTIONS, the first ones)."""
    questions: list[str] = []
    for sentence in sentences(text):
        if not asks(sentence):
            continue
        for part in _split_compound(sentence):
            if questions and len(part.split()) < MIN_PART_WORDS:
                questions[-1] = f"{questions[-1]} {part}"
            else:
                questions.append(part)
    return QuestionParts(text or "", tuple(questions[:MAX_QUESTIONS]))
