"""The symptom check's state: from one user turn to slot updates, and from slots to triage.

Pure Python (no Rasa imports), so the whole check can be tested without a server. The Rasa
actions only build a :class:`Turn` from the tracker and turn the result into events.

Slots (see domain.yml): the form asks ``duration_days``, ``body_locations``,
``other_symptoms``, ``onset`` and ``details_confirmed``; ``symptom_findings`` accumulates
everything else the user said (symptoms present and absent, triggers, their own words).
Two follow-up questions are asked outside the form's list: ``which_symptoms`` after a bare
"yes" to other symptoms, and ``correction`` after "no" to the read-back.

An answer the check cannot read is a miss: the question is asked again with buttons
(``answer_misses`` counts misses of the question asked, and the domain's clarifying variant
of the question is chosen on it); after a second miss the check takes the conservative value
and goes on, so it never asks the same thing a third time. "Not sure" how long is asked once
more too, with rough choices; after that the length counts as unknown (possibly more than 2
weeks, actions/triage/rules.py).

After the outcome the slots are kept with the tier given (``assessed_tier``): a later message
with new facts revises the check and the rules run again; one with nothing new starts a
fresh check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Tuple

from actions.check_findings import (
    FINDINGS_SLOT,
    combined,
    denied_every_named_symptom,
    findings_from_slot,
    findings_to_slot,
    same_findings,
)
from actions.symptoms.findings import NOT_CURRENT_CONTEXT, Findings, Mention, findings_from_mentions
from actions.triage.answers import corrects_places, none_or_unsure, parse_answer
from actions.triage.routing import is_question
from actions.triage.rules import NEURO_SYMPTOMS, TriageInput

ASKED_SLOTS = ("duration_days", "body_locations", "other_symptoms", "onset")
DETAILS = "details_confirmed"
FORM_SLOTS = ASKED_SLOTS + (DETAILS,)
WHICH_SYMPTOMS = "which_symptoms"
CORRECTION = "correction"
FOLLOW_UP_QUESTIONS = (WHICH_SYMPTOMS, CORRECTION)
READ_BACK = (DETAILS, CORRECTION)
MISSES_SLOT = "answer_misses"
ASSESSED_SLOT = "assessed_tier"
CHECK_SLOTS = FORM_SLOTS + (WHICH_SYMPTOMS, FINDINGS_SLOT, MISSES_SLOT, ASSESSED_SLOT)
UNSURE = "unsure"
# Misses of one question before the check takes the conservative value and goes on.
MAX_MISSES = 2
# What an answer read as nothing twice counts as: "not sure", which the rules treat cautiously.
AFTER_MISSES = {"duration_days": UNSURE, "body_locations": [UNSURE], "other_symptoms": UNSURE, "onset": UNSURE}
# "Not sure" how long is asked once more: "more or less than 2 weeks?" often settles it.
ASKED_AGAIN_WHEN_UNSURE = frozenset({"duration_days"})
# Which answer parser reads the reply to each question.
ANSWER_PARSER = {
    "duration_days": "duration",
    "body_locations": "location",
    "other_symptoms": "other_symptoms",
    "onset": "onset",
}
# Button and short replies arrive as intents; this is what they mean for each question.
INTENT_ANSWERS: Dict[str, Dict[str, Any]] = {
    "other_symptoms": {"affirm": "yes", "deny": "no", "not_sure": UNSURE},
    "onset": {"not_sure": UNSURE},
    "duration_days": {"not_sure": UNSURE},
    "body_locations": {"not_sure": [UNSURE]},
    WHICH_SYMPTOMS: {"deny": "no", "not_sure": UNSURE},
    DETAILS: {"affirm": True, "deny": False},
    CORRECTION: {"affirm": True, "deny": False},
}
# Emergency signs are handled in the Rasa server (addons/); the check never waits for them.
# A question's FAQ topic is answered by validate_symptom_form; it is not a finding.
IGNORED_KINDS = frozenset({"emergency", "question_topic", "safety_net", "self_harm", "worry"})
# Never an answer: the check declines them so the rule for leaving or forgetting runs.
NOT_ANSWERS = frozenset({"stop", "forget_me", "restart", "sign_not_now", "sign_happening_now"})
# An answer only if it answers the question asked ("since this morning" taken for a
# greeting, "3 weeks" for an FAQ question) or, except for a question, another one ("my right
# hand" at the duration question, taken for a fallback, is kept and the duration asked again);
# otherwise the check declines it so the rule for that intent answers (FAQ, out of scope, ...).
MAYBE_ANSWERS = frozenset(
    {
        "faq",
        "out_of_scope",
        "nlu_fallback",
        "goodbye",
        "bot_challenge",
        "ask_capabilities",
        "greet",
        "thank",
        "express_worry",
    }
)
# A statement the classifier could not place is an attempt at an answer ("since my son was
# born"): a miss of the question, not a digression to answer with "I can't help with that".
ATTEMPTED_ANSWER_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
# What the bot says before its next question (domain responses utter_note_<note>).
NOTE_DETAIL_NOTED = "detail_noted"
NOTE_TAKEN_UNSURE = "taken_unsure"
NOTE_DURATION_UNKNOWN = "duration_unknown"
NOTE_OTHER_SYMPTOMS_KEPT = "other_symptoms_kept"
NOTE_READBACK_KEPT = "readback_kept"
NOTE_ASKING_AGAIN = "asking_again"


@dataclass(frozen=True)
class Turn:
    """One user message as the check sees it."""

    text: str
    intent: Optional[str]
    mentions: Tuple[Mention, ...] = ()
    requested_slot: Optional[str] = None
    # The message's question was answered from the articles (validate_symptom_form).
    answered_from_articles: bool = False
    # The form comes back after a rule answered this message (a question, out of scope, ...).
    resumed: bool = False


@dataclass(frozen=True)
class CheckUpdate:
    """Slot changes for one turn, and how the turn went."""

    slots: Dict[str, Any] = field(default_factory=dict)
    understood: bool = True
    # Not for the check: the rules answer it (a question, "stop", "forget me", ...).
    declined: bool = False
    # The question to ask next when it is not the form's own next one (a follow-up question).
    ask: Optional[str] = None
    # What to say before the next question (NOTE_*).
    note: Optional[str] = None
    # New facts after the outcome: the finished check is assessed again.
    revision: bool = False


DECLINED = CheckUpdate(declined=True)


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


def misses(slots: Mapping[str, Any], question: Optional[str]) -> int:
    """How many answers to ``question`` in a row the check could not read."""
    value = slots.get(MISSES_SLOT)
    return int(value.get(question, 0)) if isinstance(value, Mapping) else 0


def update_check(slots: Mapping[str, Any], turn: Turn) -> CheckUpdate:
    """Slot updates for one user turn inside (or starting) the symptom check."""
    requested = turn.requested_slot
    if requested and turn.intent in NOT_ANSWERS:
        return DECLINED
    if turn.resumed:
        return CheckUpdate(ask=requested if requested in FOLLOW_UP_QUESTIONS else None)
    if requested is None:
        if slots.get(ASSESSED_SLOT):
            return _after_outcome(slots, turn)
        # the check (re)starts: misses of a question left unfinished do not carry over
        return CheckUpdate({**_read_turn(slots, turn)[0], MISSES_SLOT: None})
    updates, new, old = _read_turn(slots, turn, correcting=requested in READ_BACK)
    reply = _reply(slots, turn, updates, new, old)
    if reply is not None:
        return reply
    # A question answered from the articles first ("should I stop my statins?") is kept: the
    # validation action answers it, and what it says (a medicine) is a finding.
    if turn.answered_from_articles:
        return CheckUpdate(updates, ask=_still(requested))
    if turn.intent in MAYBE_ANSWERS and not (turn.intent in ATTEMPTED_ANSWER_INTENTS and not is_question(turn.text)):
        return DECLINED
    return _missed(slots, requested, updates)


def triage_input(slots: Mapping[str, Any]) -> TriageInput:
    """Everything the triage rules need, from the check's slots (the read-back and the outcome)."""
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


def advice_change(previous_tier: Optional[str], tier: str) -> Optional[str]:
    """After new facts: "changed" or "unchanged" against the tier given before; None the first time."""
    if not previous_tier:
        return None
    return "unchanged" if previous_tier == tier else "changed"


# ----------------------------------------------------------------------------- reading a turn


def _read_turn(slots: Mapping[str, Any], turn: Turn, correcting: bool = False, replace_places: Optional[bool] = None):
    """(slot updates from what the turn says, its findings, the findings before it).

    ``correcting``: the turn may take back what was said (at the read-back, after the outcome)."""
    mentions = tuple(m for m in turn.mentions if m.kind not in IGNORED_KINDS)
    new = findings_from_mentions(mentions)
    old, words = findings_from_slot(slots.get(FINDINGS_SLOT))
    if replace_places is None:
        replace_places = correcting and corrects_places(turn.text, at_read_back=True)
    merged, words = combined(old, words, new, mentions, replace_places)
    updates: Dict[str, Any] = {FINDINGS_SLOT: findings_to_slot(merged, words)}
    updates.update(_slots_from_findings(new, merged))
    if correcting and slots.get("other_symptoms") == "yes" and denied_every_named_symptom(old, new, merged):
        updates["other_symptoms"] = None  # asked again
    return updates, new, old


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


def _reply(slots, turn: Turn, updates: Dict[str, Any], new: Findings, old: Findings) -> Optional[CheckUpdate]:
    """The update when the turn answers something; None when it answers nothing."""
    requested = turn.requested_slot
    if requested in READ_BACK:
        return _at_read_back(slots, turn, updates, old)
    if requested == WHICH_SYMPTOMS:
        reply = _which_symptoms(turn, updates, new)
    elif requested in ANSWER_PARSER:
        reply = _answer_question(slots, turn, updates, new)
    else:
        return CheckUpdate(updates)
    if reply is not None:
        return reply
    if turn.intent != "faq" and _form_slots_changed(updates, slots):
        # another question answered anew: kept, and the question asked again
        note = None if turn.answered_from_articles else NOTE_DETAIL_NOTED
        return CheckUpdate(_read(updates), note=note, ask=_still(requested))
    return None


def _answer_question(slots, turn: Turn, updates: Dict[str, Any], new: Findings) -> Optional[CheckUpdate]:
    requested = turn.requested_slot
    assert requested is not None  # only called while the form asks a question
    if requested not in updates:
        answer = _answer(requested, turn, new)
        if requested == "other_symptoms" and answer == "yes" and not _names_a_symptom(new):
            return CheckUpdate({**_read(updates), MISSES_SLOT: None}, ask=WHICH_SYMPTOMS)
        if answer in (UNSURE, [UNSURE]) and requested in ASKED_AGAIN_WHEN_UNSURE and misses(slots, requested) == 0:
            answer = None
        if answer is None:
            return None
        updates = {**updates, requested: answer}
    note = NOTE_DURATION_UNKNOWN if updates[requested] == UNSURE and requested in ASKED_AGAIN_WHEN_UNSURE else None
    return CheckUpdate({**_read(updates), MISSES_SLOT: None}, note=note)


def _which_symptoms(turn: Turn, updates: Dict[str, Any], new: Findings) -> Optional[CheckUpdate]:
    """The reply to "which ones?" after a bare yes: named symptoms, or none of those listed
    (the yes stands: the user has other symptoms)."""
    named = _names_a_symptom(new)
    if not named and "other_symptoms" not in updates:
        answer = INTENT_ANSWERS[WHICH_SYMPTOMS].get(turn.intent or "") or none_or_unsure(turn.text)
        if answer not in ("no", UNSURE):
            return None
    return CheckUpdate({**_read(updates), "other_symptoms": "yes", WHICH_SYMPTOMS: list(named), MISSES_SLOT: None})


def _at_read_back(slots, turn: Turn, updates: Dict[str, Any], old: Findings) -> Optional[CheckUpdate]:
    """The reply to "Is that right?" or "What should I change?": a change is read back again;
    yes ends the check; no asks what to change (and, to that question, keeps what it has)."""
    merged, _ = findings_from_slot(updates[FINDINGS_SLOT])
    if _form_slots_changed(updates, slots) or not same_findings(old, merged):
        return CheckUpdate({**_read(updates), MISSES_SLOT: None})
    answer = INTENT_ANSWERS[turn.requested_slot or DETAILS].get(turn.intent or "")
    if answer is True:
        return CheckUpdate({**updates, DETAILS: True, MISSES_SLOT: None})
    if answer is False and turn.requested_slot == DETAILS:
        return CheckUpdate({**updates, MISSES_SLOT: None}, ask=CORRECTION)
    if answer is False:
        # "no" to "What should I change?" names nothing to change: a restart of every
        # question would loop; the outcome comes, and a later correction revises it.
        return CheckUpdate({**updates, DETAILS: True, MISSES_SLOT: None}, note=NOTE_READBACK_KEPT)
    return None


def _after_outcome(slots: Mapping[str, Any], turn: Turn) -> CheckUpdate:
    """A message after the outcome: new facts revise the check; nothing new starts a fresh one."""
    replace_places = corrects_places(turn.text, at_read_back=False)
    updates, new, old = _read_turn(slots, turn, correcting=True, replace_places=replace_places)
    merged, _ = findings_from_slot(updates[FINDINGS_SLOT])
    if _form_slots_changed(updates, slots) or not same_findings(old, merged):
        return CheckUpdate(updates, revision=True)
    fresh, _, _ = _read_turn({}, turn)
    return CheckUpdate({**{slot: None for slot in CHECK_SLOTS}, **fresh})


def _missed(slots: Mapping[str, Any], question: str, updates: Dict[str, Any]) -> CheckUpdate:
    """An answer the check could not read: ask again once (with buttons), then go on."""
    count = misses(slots, question) + 1
    if count < MAX_MISSES:
        cleared = {question: None} if question in FORM_SLOTS else {}
        return CheckUpdate(
            {**updates, **cleared, MISSES_SLOT: {question: count}}, understood=False, ask=_still(question)
        )
    done = {**updates, MISSES_SLOT: None}
    if question in AFTER_MISSES:
        note = NOTE_DURATION_UNKNOWN if question == "duration_days" else NOTE_TAKEN_UNSURE
        return CheckUpdate({**_read(done), question: AFTER_MISSES[question]}, understood=False, note=note)
    if question == WHICH_SYMPTOMS:
        return CheckUpdate(
            {**_read(done), "other_symptoms": "yes", WHICH_SYMPTOMS: []},
            understood=False,
            note=NOTE_OTHER_SYMPTOMS_KEPT,
        )
    if question in READ_BACK:
        return CheckUpdate({**done, DETAILS: True}, understood=False, note=NOTE_READBACK_KEPT)
    return _ask_again(done)


def _ask_again(updates: Dict[str, Any]) -> CheckUpdate:
    """Every question once more: each has answers the check can read."""
    reset = {slot: None for slot in FORM_SLOTS + (WHICH_SYMPTOMS, MISSES_SLOT)}
    return CheckUpdate({**updates, **reset}, note=NOTE_ASKING_AGAIN)


def _answer(slot: str, turn: Turn, findings: Findings) -> Any:
    """The reply to the question that was asked, from a button intent or free text."""
    by_intent = INTENT_ANSWERS.get(slot, {}).get(turn.intent or "")
    if by_intent is not None:
        return by_intent
    if turn.text.startswith("/"):
        return None  # a button payload for another question
    value = parse_answer(ANSWER_PARSER[slot], turn.text, findings)
    if slot == "body_locations":
        if not isinstance(value, dict):
            return None
        return list(value["locations"]) or ["several places"]
    return value


def _names_a_symptom(findings: Findings) -> Tuple[str, ...]:
    """Symptoms named besides the twitching itself."""
    return tuple(s for s in findings.symptoms if s != "twitching")


def _read(updates: Dict[str, Any]) -> Dict[str, Any]:
    """Anything new is read back again."""
    return {DETAILS: None, **updates}


def _still(question: str) -> Optional[str]:
    """A follow-up question is asked again by name; the form asks its own questions itself."""
    return question if question in FOLLOW_UP_QUESTIONS else None


def _form_slots_changed(updates: Mapping[str, Any], slots: Mapping[str, Any]) -> bool:
    return any(k in updates and updates[k] != slots.get(k) for k in ASKED_SLOTS)
