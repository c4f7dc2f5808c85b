"""What was found in a message: :class:`Mention` and :class:`Findings`, and how mentions add up.

Pure Python with no spaCy: the Rasa server makes mentions from a Doc (``extract.py``), the
action server rebuilds them from Rasa entities and adds up a conversation's turns here, so it
loads no language pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from actions.symptoms.patterns import distinct_places, split_place  # noqa: F401  (re-exported)

NEGATION_WINDOW = 5
# Context that makes a finding not current; "possible" and "other_person" do not: an emergency
# the user is unsure of, or someone else's, is still an emergency.
NOT_CURRENT = frozenset({"historical", "hypothetical", "habitual"})
# What sets each kind aside. Twitching itself, places, triggers and the durations of the
# symptoms stay: "my eyelid has twitched since last year" dates the twitching, it does not end it. A symptom that comes
# and goes ("sometimes my hand goes numb") is still a symptom; an emergency sign that comes and
# goes is not one happening now.
# A mention read back from a Rasa entity carries only this summary of its context.
NOT_CURRENT_CONTEXT = "not_current"
# A duration said of something other than the symptoms (a coffee habit, a cold, a relative's
# illness): not how long the twitching has lasted.
ABOUT_SOMETHING_ELSE = "about_something_else"
SET_ASIDE_BY = {
    "emergency": NOT_CURRENT | {NOT_CURRENT_CONTEXT},
    "symptom": frozenset({"historical", "hypothetical", NOT_CURRENT_CONTEXT}),
    "duration": frozenset({ABOUT_SOMETHING_ELSE, NOT_CURRENT_CONTEXT}),
    "location": frozenset({ABOUT_SOMETHING_ELSE, NOT_CURRENT_CONTEXT}),
    "spread": frozenset({ABOUT_SOMETHING_ELSE, NOT_CURRENT_CONTEXT}),
}
# A symptom in this context is not one the user has now (it dates no duration and no place).
_OLD_OR_ASKED = frozenset({"historical", "hypothetical"})
_TWITCH_VALUES = frozenset({"twitching", "spasm", "cramp"})


def set_aside(mention: "Mention") -> bool:
    """Whether the mention's context makes it no current finding (see SET_ASIDE_BY); a negated
    one stays what it is, an absent finding ("no sign of muscle wasting")."""
    if mention.negated or (mention.kind == "symptom" and mention.value in _TWITCH_VALUES):
        return False
    return bool(SET_ASIDE_BY.get(mention.kind, frozenset()) & set(mention.context))


def comes_and_goes(mention: "Mention") -> bool:
    """Set aside only because it comes and goes: not dated to the past, not hypothetical."""
    return "habitual" in mention.context and not (NOT_CURRENT - {"habitual"}) & set(mention.context)


# Words that do not widen the distance between a cue and a finding: lists and fillers.
_LIST_GLUE = frozenset(
    {
        ",",
        "or",
        "nor",
        "and",
        "&",
        "/",
        "any",
        "a",
        "an",
        "the",
        "of",
        "my",
        "real",
        "really",
        "other",
        "such",
        "as",
        "sign",
        "signs",
        "kind",
        "sort",
        "type",
        "symptoms",
        "symptom",
        "obvious",
        "noticeable",
        "new",
        "actual",
        "-",
        "'ve",
        "ve",
        "even",
        "at",
        "all",
        "in",
        "on",
    }
)

_SIDE_WORDS = {
    "left": "left",
    "l": "left",
    "lft": "left",
    "right": "right",
    "r": "right",
    "rt": "right",
    "both": "both",
    "either": "both",
    "each": "both",
    "other": "other",
}
_SIDE_GLUE = frozenset(
    {
        "my",
        "the",
        "his",
        "her",
        "their",
        "and",
        "&",
        "/",
        "of",
        "side",
        "sides",
        "on",
        "in",
        "upper",
        "lower",
        "inner",
        "outer",
        "front",
        "a",
        "bit",
        "little",
        "mostly",
        "just",
        "only",
        "whole",
        "entire",
        "its",
        "both",
        "hand",
        "-",
    }
)
_NEURO_LOCK = frozenset({"stiffness", "spasm", "cramp", "twitching"})


@dataclass(frozen=True)
class Mention:
    """One entity as found in the text. ``kind`` is the lower-case label."""

    kind: str
    value: str
    text: str
    negated: bool
    start: int
    end: int
    # ConText's names for it: "historical", "hypothetical", "habitual", "other_person", "possible".
    context: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Findings:
    """What a message (or a whole conversation, via :meth:`merge`) says about the twitching."""

    symptoms: Tuple[str, ...] = ()
    absent_symptoms: Tuple[str, ...] = ()
    locations: Tuple[str, ...] = ()
    multiple_places: Optional[bool] = None
    duration_days: Optional[float] = None
    onset: Optional[str] = None
    frequency: Optional[str] = None
    triggers: Tuple[str, ...] = ()
    emergency_signs: Tuple[str, ...] = ()
    # Emergency signs mentioned as past, hypothetical or now-and-then: a safety-net sentence,
    # not an EMERGENCY outcome.
    safety_net_signs: Tuple[str, ...] = ()
    # Of those, the signs that only come and go ("sometimes I can't breathe"): they may be
    # happening as the user writes, so the bot asks whether they are.
    unclear_signs: Tuple[str, ...] = ()
    mentions: Tuple[Mention, ...] = ()
    # True: the user says they already tried changes (less caffeine, more sleep, ...).
    lifestyle_changes_tried: Optional[bool] = None
    # True: the user says they cannot tell how long ("no idea how long", "for a while") and
    # gave no length anywhere.
    duration_unsure: bool = False

    def merge(self, other: "Findings") -> "Findings":
        """Accumulate a later turn: later duration/onset/frequency win, sets are unions, a later
        negation removes a symptom from the present ones (and a later mention restores it).
        Emergency signs are never removed. Mention offsets stay relative to their own text."""
        later_absent = set(other.absent_symptoms)
        present = (set(self.symptoms) - later_absent) | set(other.symptoms)
        absent = ((set(self.absent_symptoms) - set(other.symptoms)) | later_absent) - present
        locations = distinct_places(self.locations + other.locations)
        return Findings(
            symptoms=tuple(sorted(present)),
            absent_symptoms=tuple(sorted(absent)),
            locations=locations,
            multiple_places=_merge_multiple(self.multiple_places, other.multiple_places, locations),
            duration_days=_later(self.duration_days, other.duration_days),
            onset=_later(self.onset, other.onset),
            frequency=_later(self.frequency, other.frequency),
            triggers=tuple(sorted(set(self.triggers) | set(other.triggers))),
            emergency_signs=tuple(sorted(set(self.emergency_signs) | set(other.emergency_signs))),
            safety_net_signs=tuple(sorted(set(self.safety_net_signs) | set(other.safety_net_signs))),
            unclear_signs=tuple(sorted(set(self.unclear_signs) | set(other.unclear_signs))),
            mentions=self.mentions + other.mentions,
            lifestyle_changes_tried=_later(self.lifestyle_changes_tried, other.lifestyle_changes_tried),
            duration_unsure=_merge_unsure(self, other),
        )


def findings_from_mentions(mentions: Sequence[Mention]) -> Findings:
    """Aggregate mentions of one text into Findings. A symptom or sign that is not current
    (an old episode, a question about one) is not a finding; an emergency sign that is not
    current asks for the safety-net sentence."""
    current = [m for m in mentions if not set_aside(m)]
    safety_net = sorted({m.value for m in mentions if m.kind == "emergency" and not m.negated and set_aside(m)})
    unclear = {m.value for m in mentions if m.kind == "emergency" and not m.negated and comes_and_goes(m)}
    unclear -= {
        m.value for m in mentions if m.kind == "emergency" and not m.negated and set_aside(m) and not comes_and_goes(m)
    }

    def values(kind: str, neg: bool) -> List[str]:
        return [m.value for m in current if m.kind == kind and m.negated == neg]

    present = set(values("symptom", False))
    absent = set(values("symptom", True)) - present

    places = []
    for value in values("location", False):
        head, _, place = value.partition("_")
        if head == "both" and place:
            places += [f"left_{place}", f"right_{place}"]
        else:
            places.append(value)
    locations = distinct_places(places)

    spread_yes, spread_no = values("spread", False), values("spread", True)
    if len(locations) >= 2 or "multiple" in spread_yes or "single" in spread_no:
        multiple: Optional[bool] = True
    elif "single" in spread_yes or "multiple" in spread_no:
        multiple = False
    else:
        multiple = None

    # Negated durations are kept: "it hasn't been 2 weeks" still tells the order of magnitude.
    durations = [_days(m.value) for m in current if m.kind == "duration"]
    days = [d for d in durations if d is not None]
    unsure = not days and bool(durations)

    # "it didn't start suddenly" says gradual; "it has not ceased over time" says nothing of the
    # start: only a negated onset word ("suddenly", "slowly") means the other one.
    inverted_onsets = [
        m.value for m in current if m.kind == "onset" and m.negated and _ONSET_WORDS & set(m.text.lower().split())
    ]

    triggers = set(values("trigger", False))
    lifestyle: Optional[bool] = None
    if "lifestyle_change" in triggers:
        lifestyle = True
    elif "lifestyle_change" in values("trigger", True):
        lifestyle = False
    triggers.discard("lifestyle_change")

    emergency = set(values("emergency", False))
    jaw = any(m.kind == "location" and not m.negated and m.value.endswith("jaw") for m in mentions)
    if "wound" in triggers and jaw and present & _NEURO_LOCK:
        emergency.add("lockjaw")

    return Findings(
        symptoms=tuple(sorted(present)),
        absent_symptoms=tuple(sorted(absent)),
        locations=locations,
        multiple_places=multiple,
        duration_days=max(days) if days else None,
        onset=_pick(values("onset", False), inverted_onsets, ("sudden", "gradual")),
        frequency=_pick(values("frequency", False), values("frequency", True), ("frequent", "occasional")),
        triggers=tuple(sorted(triggers)),
        emergency_signs=tuple(sorted(emergency)),
        safety_net_signs=tuple(s for s in safety_net if s not in emergency),
        unclear_signs=tuple(s for s in safety_net if s in unclear and s not in emergency),
        mentions=tuple(mentions),
        lifestyle_changes_tried=lifestyle,
        duration_unsure=unsure,
    )


# ----------------------------------------------------------------------------- adding up


def _days(value: str) -> Optional[float]:
    """A duration mention's value ("21", "0.5", "unknown") as days; mentions may come back
    from Rasa entities, so anything unreadable is simply no length."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


_ONSET_WORDS = frozenset({"sudden", "suddenly", "gradual", "gradually", "slowly", "quickly", "abruptly", "overnight"})


def _pick(yes: List[str], no: List[str], pair: Tuple[str, str]) -> Optional[str]:
    """One of a two-valued finding; a negated value means the other one ("not sudden" ->
    gradual). On conflict the first of ``pair`` (the more worrying one) wins."""
    first, second = pair
    votes = set(yes) | {second if v == first else first for v in no}
    if first in votes:
        return first
    if second in votes:
        return second
    return None


def _later(old, new):
    return new if new is not None else old


def _merge_unsure(old: "Findings", new: "Findings") -> bool:
    # "No idea how long" only stands while no length is known from any turn.
    if new.duration_days is not None or old.duration_days is not None:
        return False
    return new.duration_unsure or old.duration_unsure


def _merge_multiple(old: Optional[bool], new: Optional[bool], locations: Tuple[str, ...]) -> Optional[bool]:
    # "More than one place" is sticky: a later "just my calf" does not undo "all over".
    if len(locations) >= 2 or old is True or new is True:
        return True
    if old is False or new is False:
        return False
    return None
