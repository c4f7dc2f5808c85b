"""The check's accumulated findings: to and from the ``symptom_findings`` slot, and how a turn
is combined with them (added to, or correcting what was said about the places).

Pure Python (no Rasa imports).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, Mapping, Optional, Tuple

from actions.symptoms.findings import Findings, Mention
from actions.symptoms.patterns import distinct_places
from actions.triage.rules import NEURO_SYMPTOMS, words_from_mentions

FINDINGS_SLOT = "symptom_findings"
# The user's words kept per finding; a place's words go when the place is corrected away.
PLACE_WORDS = ("location:", "spread")


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


def combined(
    old: Findings, words: Mapping[str, str], new: Findings, mentions: Tuple[Mention, ...], replace_places: bool
) -> Tuple[Findings, Dict[str, str]]:
    """``old`` with the turn's ``new`` findings: added to, or with the places replaced when the
    turn corrects where it is ("no, it's in both legs")."""
    merged = old.merge(new)
    kept_words = dict(words)
    if replace_places and (new.locations or new.multiple_places is not None):
        locations = distinct_places(new.locations)
        multiple = new.multiple_places if new.multiple_places is not None else (True if len(locations) >= 2 else None)
        merged = replace(merged, locations=locations, multiple_places=multiple)
        kept_words = {k: v for k, v in kept_words.items() if not k.startswith(PLACE_WORDS)}
    return merged, {**kept_words, **dict(words_from_mentions(mentions, new.duration_days))}


def denied_every_named_symptom(old: Findings, new: Findings, merged: Findings) -> bool:
    """The turn takes back the symptoms that made "other symptoms" a yes ("I'm not numb after all")."""
    return (
        bool(set(new.absent_symptoms) & set(old.symptoms) & NEURO_SYMPTOMS)
        and not set(merged.symptoms) & NEURO_SYMPTOMS
    )


def same_findings(a: Findings, b: Findings) -> bool:
    """Whether two findings say the same (the mentions and the user's words aside)."""
    return findings_to_slot(a, {}) == findings_to_slot(b, {})
