"""Read the free-text answers to the symptom form's questions.

``parse_answer(slot, text)`` returns a slot value:

============== ================================================= ==============================
slot           returns                                           examples
============== ================================================= ==============================
duration       days (float) | "unsure" | None                    "three weeks" -> 21.0,
                                                                 "no idea" -> "unsure"
location       {"locations": (...), "multiple_places": bool|None} "both calves" -> left_calf,
               | None                                            right_calf, True
other_symptoms "yes" | "no" | "unsure" | None                    "yes, weak grip" -> "yes",
                                                                 "no weakness or numbness" -> "no"
onset          "sudden" | "gradual" | "unsure" | None            "out of nowhere" -> "sudden"
lifestyle      True | False | None                               "yes I cut out coffee" -> True
============== ================================================= ==============================

``None`` means "could not read it": the form should ask again. ``apply_answers`` combines a
first message with all answers the way the bot does after the form, and there an unreadable
``other_symptoms`` or ``onset`` answer counts as "unsure" (conservative: the user answered,
we just cannot tell what they meant).

``none_or_unsure(text)`` reads "none of these" or "not sure" to "which ones?" (no symptom
named). ``corrects_places(text, at_read_back)`` tells whether places named in a later message replace
the ones given before ("no, it's in both legs") or add to them ("it's in my arm too"): at the
read-back a place is a correction unless the message adds it; after the outcome it is a new
fact unless the message corrects ("actually only my left calf").

"Other symptoms" means the ones the question names (weakness, numbness, tingling, a change in
sensation, muscle loss, and dizziness, walking or vision trouble); an answer that only
mentions pain or cramp is "no".
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional, Union

from actions.symptoms.durations import parse_duration
from actions.triage.rules import NEURO_SYMPTOMS, TriageInput

SLOTS = ("duration", "location", "other_symptoms", "onset", "lifestyle")

_UNSURE = re.compile(
    r"\b(not sure|unsure|not certain|uncertain|don'?t know|do not know|dunno|no idea|idk|"
    r"can'?t remember|cannot remember|don'?t remember|not remember|can'?t tell|hard to say|no clue|"
    r"maybe|possibly|perhaps|might|not really sure|who knows|can'?t say)\b"
)
_YES = re.compile(
    r"^\W*(yes|yeah|yep|yup|ya|yea|yess+|y|i do|i have|sure|correct|definitely|kind of|kinda|sort of|a bit|a little|affirmative|i think so|think so)\b"
)
_NO = re.compile(
    r"^\W*(no|nope|nah|none|nothing|not really|n|neither|negative|nothing else|no other|not at all)\b|\b(nothing else|no other symptoms|none)\b"
)
_ADDS_PLACE = re.compile(r"\b(also|too|as well|plus|in addition|additionally|another|forgot|other side)\b|^\W*and\b")
_CORRECTS = re.compile(
    r"\b(actually|only|just|instead|rather|i meant|meant to say|correction|not in)\b|^\W*(no|nope|sorry|wait)\b"
)
_SUDDEN_WORDS = re.compile(r"\b(fast|quick|quickly|all at once|at once|immediately|one day|overnight|instantly)\b")
_GRADUAL_WORDS = re.compile(r"\b(slow|slowly|gradual|over time|over weeks|over days|bit by bit)\b")

Value = Union[None, float, str, bool, dict]


def _norm(text: Optional[str]) -> str:
    return re.sub(r"\s+", " ", (text or "").lower().replace("\u2019", "'")).strip()


def parse_answer(slot: str, text: Optional[str], findings: Any = None) -> Value:
    """The value of ``slot`` given the user's reply ``text`` (see the module table).

    ``findings`` may pass an already extracted ``Findings`` for ``text`` to skip a second
    pipeline run; otherwise the cached pipeline is used for the slots that need it.
    """
    if slot not in SLOTS:
        raise ValueError(f"unknown slot {slot!r}; expected one of {SLOTS}")
    t = _norm(text)
    if not t:
        return None
    if slot == "duration":
        days = parse_duration(t)
        if days is not None:
            return days
        return "unsure" if _UNSURE.search(t) else None

    if findings is None:
        from actions.symptoms.extract import extract_text  # spaCy only when needed

        findings = extract_text(t)

    if slot == "location":
        if not findings.locations and findings.multiple_places is None:
            return None
        return {"locations": findings.locations, "multiple_places": findings.multiple_places}

    if slot == "other_symptoms":
        if set(findings.symptoms) & NEURO_SYMPTOMS:
            return "yes"
        if _YES.search(t):
            return "yes"
        if _UNSURE.search(t):
            return "unsure"
        if _NO.search(t) or findings.absent_symptoms or set(findings.symptoms) - {"twitching"}:
            return "no"  # the twitching itself is what the question is about, not an answer
        return None

    if slot == "onset":
        if findings.onset:
            return findings.onset
        if _UNSURE.search(t):
            return "unsure"
        if _SUDDEN_WORDS.search(t):
            return "sudden"
        if _GRADUAL_WORDS.search(t):
            return "gradual"
        return None

    # lifestyle: "have you already tried changes like more sleep or less caffeine?"
    if findings.lifestyle_changes_tried is not None:
        return findings.lifestyle_changes_tried
    if _YES.search(t):
        return True
    if _NO.search(t):
        return False
    return None


def none_or_unsure(text: Optional[str]) -> Optional[str]:
    """ "no" for "none of these", "unsure" for "not sure", else None (no symptoms are read)."""
    t = _norm(text)
    if _UNSURE.search(t):
        return "unsure"
    return "no" if _NO.search(t) else None


def corrects_places(text: Optional[str], at_read_back: bool) -> bool:
    """Whether the places ``text`` names replace those given before (see the module docstring)."""
    t = _norm(text)
    if _ADDS_PLACE.search(t):
        return False
    return at_read_back or bool(_CORRECTS.search(t))


def apply_answers(findings, answers: Mapping[str, Optional[str]]) -> TriageInput:
    """``TriageInput`` from the first message's findings plus the form's free-text answers
    (keys from :data:`SLOTS`), in the order the bot asks them.

    Each answer is also run through extraction and merged, so "yes, numbness in my cheek"
    adds numbness and the cheek. The parsed answer then overrides: a duration answer sets the
    days ("not sure" sets ``duration_unsure``), other_symptoms/onset answers set those fields
    (unreadable -> "unsure").
    """
    from actions.symptoms.extract import extract_text

    kwargs: dict = {}
    words: dict = {}
    for slot in SLOTS:
        text = answers.get(slot)
        if text is None or not str(text).strip():
            continue
        text = str(text)
        turn = extract_text(text)
        findings = findings.merge(turn)
        value = parse_answer(slot, text, findings=turn)
        if slot == "duration":
            if isinstance(value, float):
                kwargs["duration_days"] = value
                kwargs["duration_unsure"] = False
                words["duration"] = text
            elif value == "unsure":
                kwargs["duration_unsure"] = True
        elif slot in ("other_symptoms", "onset"):
            kwargs[slot] = value if value is not None else "unsure"
            if slot == "onset":
                words["onset"] = text
        elif slot == "lifestyle" and value is not None:
            kwargs["lifestyle_changes_tried"] = value
    return TriageInput.from_findings(findings, words=tuple(words.items()), **kwargs)
