"""A summary to take to the doctor: ``doctor_summary(inp, assessment) -> DoctorSummary``.

The after_exercise article ("Diagnosing muscle twitching after exercise") says a doctor will
ask about the location of the twitching, its duration, its frequency, its onset and other
symptoms; the summary holds exactly those, plus possible triggers (causes_and_treatment
"Common causes", "Medications and supplements"), the tier and the rules version.

Values only (keys and the user's own words, no sentences); ``None`` means "not told". An empty
tuple means "told, and there is nothing" (e.g. other symptoms answered "no"). Nothing here
names a condition.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Dict, Optional, Tuple

from actions.symptoms.duration_units import HumanDuration, human_duration
from actions.symptoms.patterns import distinct_places
from actions.triage.assess import Assessment
from actions.triage.rules import TriageInput

MAIN_COMPLAINT = "twitching"
# What the check's question names (domain.yml utter_ask_other_symptoms: "weakness, numbness,
# tingling, a change in feeling, or a muscle getting smaller"): a "no" to it denies each one,
# and the doctor should see which were asked about.
ASKED_OTHER_SYMPTOMS = ("weakness", "numbness", "tingling", "sensation_change", "muscle_loss")


@dataclass(frozen=True)
class DoctorSummary:
    where: Optional[Tuple[str, ...]]  # distinct places, e.g. ("left_calf",)
    multiple_places: Optional[bool]
    how_long_days: Optional[float]
    how_long: Optional[HumanDuration]  # the days in a unit a person names, e.g. 3 weeks
    how_long_words: Optional[str]  # e.g. "three weeks"
    how_long_unsure: bool
    how_often: Optional[str]  # "frequent" | "occasional"
    onset: Optional[str]  # "sudden" | "gradual" | "unsure"
    other_symptoms_present: Optional[Tuple[str, ...]]
    other_symptoms_unsure: bool  # "not sure" whether there are others, none named
    other_symptoms_absent: Optional[Tuple[str, ...]]
    possible_triggers: Optional[Tuple[str, ...]]
    lifestyle_changes_tried: Optional[bool]
    emergency_signs: Tuple[str, ...]
    tier: str  # the tier label
    reason_keys: Tuple[str, ...]
    rules_version: str

    def as_dict(self) -> Dict[str, Any]:
        """JSON-friendly dict (tuples become lists), e.g. for a Rasa slot."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def doctor_summary(inp: TriageInput, assessment: Assessment) -> DoctorSummary:
    """The history a doctor will ask for, from what the user told the bot."""
    places = distinct_places(inp.locations)
    present = tuple(s for s in sorted(inp.symptoms) if s != MAIN_COMPLAINT)
    denied = set(inp.absent_symptoms)
    if inp.other_symptoms == "no":
        denied |= set(ASKED_OTHER_SYMPTOMS) - set(inp.symptoms)
    # In the question's order, then anything else denied ("no cramps") alphabetically.
    order = {name: i for i, name in enumerate(ASKED_OTHER_SYMPTOMS)}
    absent = tuple(s for s in sorted(denied, key=lambda s: (order.get(s, len(order)), s)) if s != MAIN_COMPLAINT)
    if present:
        other_present: Optional[Tuple[str, ...]] = present
    elif inp.other_symptoms == "no":
        other_present = ()
    else:
        other_present = None
    return DoctorSummary(
        where=places or None,
        multiple_places=True if inp.in_multiple_places else inp.multiple_places,
        how_long_days=inp.duration_days,
        how_long=None if inp.duration_days is None else human_duration(inp.duration_days),
        how_long_words=inp.word("duration"),
        how_long_unsure=inp.duration_unsure,
        how_often=inp.frequency,
        onset=inp.onset,
        other_symptoms_present=other_present,
        other_symptoms_unsure=other_present is None and inp.other_symptoms == "unsure",
        other_symptoms_absent=absent or None,
        possible_triggers=tuple(sorted(inp.triggers)) or None,
        lifestyle_changes_tried=inp.lifestyle_changes_tried,
        emergency_signs=tuple(sorted(inp.emergency_signs)),
        tier=assessment.label,
        reason_keys=assessment.reason_keys,
        rules_version=assessment.rules_version,
    )
