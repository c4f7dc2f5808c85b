"""The symptom check's state: from one user turn to slot updates, and from slots to triage.

Pure Python (no Rasa imports), so the whole check can be tested without a server. The Rasa
actions only build a :class:`Turn` from the tracker and turn the result into events.

Slots (see domain.yml): the form asks ``duration_days``, ``body_locations``,
``other_symptoms``, ``onset`` and ``details_confirmed``; ``symptom_findings`` accumulates
everything else the user said (symptoms present and absent, triggers, their own words).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Tuple

from actions.symptoms.extract import NOT_CURRENT_CONTEXT, Findings, Mention, findings_from_mentions
from actions.triage.answers import parse_answer
from actions.triage.rules import NEURO_SYMPTOMS, TriageInput, words_from_mentions

ASKED_SLOTS = ("duration_days", "body_locations", "other_symptoms", "onset")
FORM_SLOTS = ASKED_SLOTS + ("details_confirmed",)
FINDINGS_SLOT = "symptom_findings"
CHECK_SLOTS = FORM_SLOTS + (FINDINGS_SLOT,)
UNSURE = "unsure"
# Which answer parser reads the reply to each question.
ANSWER_PARSER = {
    "duration_days": "duration",
    "body_locations": "location",
    "other_symptoms": "other_symptoms",
    "onset": "onset",
}
# Button and short replies arrive as intents; this is what they mean for each question.
INTENT_ANSWERS = {
    "other_symptoms": {"affirm": "yes", "deny": "no", "not_sure": UNSURE},
    "onset": {"not_sure": UNSURE},
    "duration_days": {"not_sure": UNSURE},
    "body_locations": {"not_sure": [UNSURE]},
    "details_confirmed": {"affirm": True, "deny": False},
}
# Emergency signs are handled in the Rasa server (addons/); the check never waits for them.
# A question's FAQ topic is answered by validate_symptom_form; it is not a finding.
IGNORED_KINDS = frozenset({"emergency", "question_topic", "safety_net", "self_harm", "worry"})


@dataclass(frozen=True)
class Turn:
    """One user message as the check sees it."""

    text: str
    intent: Optional[str]
    mentions: Tuple[Mention, ...] = ()
    requested_slot: Optional[str] = None


@dataclass(frozen=True)
class CheckUpdate:
    """Slot changes for one turn, and how the turn went."""

    slots: Dict[str, Any] = field(default_factory=dict)
    understood: bool = True
    correction_requested: bool = False


def mention_from_entity(entity: Mapping[str, Any], text: str) -> Mention:
    """A Rasa entity (from addons.symptom_entities) back into the core's Mention."""
    start, end = int(entity.get("start", 0)), int(entity.get("end", 0))
    return Mention(
        kind=entity["entity"],
        value=str(entity.get("value")),
        text=text[start:end] or str(entity.get("value")),
        negated=entity.get("role") == "negated",
        start=start,
        end=end,
        context=(NOT_CURRENT_CONTEXT,) if entity.get("role") == NOT_CURRENT_CONTEXT else (),
    )


def findings_from_slot(value: Optional[Mapping[str, Any]]) -> Tuple[Findings, Dict[str, str]]:
    """The accumulated findings and the user's words, from the ``symptom_findings`` slot."""
    value = dict(value or {})
    words = dict(value.pop("words", None) or {})
    known = {k: v for k, v in value.items() if k in Findings.__dataclass_fields__}
    for name in ("symptoms", "absent_symptoms", "locations", "triggers"):
        known[name] = tuple(known.get(name) or ())
    return Findings(**known), words


def findings_to_slot(findings: Findings, words: Mapping[str, str]) -> Dict[str, Any]:
    """JSON-friendly value for the ``symptom_findings`` slot (mentions are not kept)."""
    return {
        "symptoms": list(findings.symptoms),
        "absent_symptoms": list(findings.absent_symptoms),
        "locations": list(findings.locations),
        "multiple_places": findings.multiple_places,
        "duration_days": findings.duration_days,
        "duration_unsure": findings.duration_unsure,
        "onset": findings.onset,
        "frequency": findings.frequency,
        "triggers": list(findings.triggers),
        "lifestyle_changes_tried": findings.lifestyle_changes_tried,
        "words": dict(words),
    }


def update_check(slots: Mapping[str, Any], turn: Turn) -> CheckUpdate:
    """Slot updates for one user turn inside (or starting) the symptom check."""
    mentions = tuple(m for m in turn.mentions if m.kind not in IGNORED_KINDS)
    new = findings_from_mentions(mentions)
    old, words = findings_from_slot(slots.get(FINDINGS_SLOT))
    merged = old.merge(new)
    words = {**words, **dict(words_from_mentions(mentions, new.duration_days))}
    updates: Dict[str, Any] = {FINDINGS_SLOT: findings_to_slot(merged, words)}
    updates.update(_slots_from_findings(new, merged))

    requested = turn.requested_slot
    if requested == "details_confirmed" and not _form_slots_changed(updates, slots):
        return _confirmation(turn, updates)
    if requested in ANSWER_PARSER and requested not in updates:
        answer = _answer(requested, turn, new)
        if answer is not None:
            updates[requested] = answer
    understood = bool(new.mentions) or any(k in updates for k in FORM_SLOTS)
    if understood and requested:
        updates.setdefault("details_confirmed", None)  # anything new is read back again
    return CheckUpdate(updates, understood=understood or requested is None)


def triage_input(slots: Mapping[str, Any]) -> TriageInput:
    """Everything the triage rules need, from the slots at the end of the check."""
    findings, words = findings_from_slot(slots.get(FINDINGS_SLOT))
    duration = slots.get("duration_days")
    return TriageInput.from_findings(
        findings,
        duration_days=duration if isinstance(duration, (int, float)) else None,
        duration_unsure=(duration == UNSURE or findings.duration_unsure) and findings.duration_days is None,
        locations=tuple(slots.get("body_locations") or findings.locations) or None,
        other_symptoms=slots.get("other_symptoms"),
        onset=slots.get("onset"),
        words=tuple(words.items()),
    )


def _slots_from_findings(new: Findings, merged: Findings) -> Dict[str, Any]:
    """Questions a message already answered without being asked."""
    slots: Dict[str, Any] = {}
    if new.duration_days is not None:
        slots["duration_days"] = new.duration_days
    if new.locations or new.multiple_places:
        slots["body_locations"] = list(merged.locations) or ["several places"]
    if set(new.symptoms) & NEURO_SYMPTOMS:
        slots["other_symptoms"] = "yes"
    if new.onset:
        slots["onset"] = new.onset
    return slots


def _answer(slot: str, turn: Turn, findings: Findings) -> Any:
    """The reply to the question that was asked, from a button intent or free text."""
    by_intent = INTENT_ANSWERS.get(slot, {}).get(turn.intent or "")
    if by_intent is not None:
        return by_intent
    if turn.text.startswith("/"):
        return None  # a button payload for another question
    value = parse_answer(ANSWER_PARSER[slot], turn.text, findings)
    if slot == "body_locations":
        if value is None:
            return None
        return list(value["locations"]) or ["several places"]
    return value


def _confirmation(turn: Turn, updates: Dict[str, Any]) -> CheckUpdate:
    """The reply to "Is that right?": yes ends the check, no asks the questions again."""
    answer = INTENT_ANSWERS["details_confirmed"].get(turn.intent or "")
    if answer is True:
        return CheckUpdate({**updates, "details_confirmed": True})
    if answer is False:
        reset = {slot: None for slot in FORM_SLOTS}
        return CheckUpdate({**updates, **reset}, correction_requested=True)
    return CheckUpdate(updates, understood=False)


def _form_slots_changed(updates: Mapping[str, Any], slots: Mapping[str, Any]) -> bool:
    return any(k in updates and updates[k] != slots.get(k) for k in ASKED_SLOTS)

