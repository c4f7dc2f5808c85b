"""The versioned triage rule table: tiers, the triage input, and one rule per red flag.

Pure Python (stdlib plus ``actions.symptoms.patterns`` for counting body places; no spaCy,
no Rasa). Every rule cites where it comes from: an article id and section heading of the
cleaned knowledge base (``data/knowledge/articles``), or ``general_advice`` for emergency
safety-netting, which the articles do not cover.

Tiers, lowest to highest: SELF-CARE < SEE A DOCTOR < URGENT < EMERGENCY.

Rules (id -> tier, source, reason_key):

EMERGENCY - general_advice / "Emergency safety-netting" - any non-negated emergency sign
    EM-TROUBLE-BREATHING   emergency_trouble_breathing
    EM-TROUBLE-SWALLOWING  emergency_trouble_swallowing
    EM-FACE-DROOPING       emergency_face_drooping
    EM-SLURRED-SPEECH      emergency_slurred_speech
    EM-CANNOT-MOVE-LIMB    emergency_cannot_move_limb
    EM-CHEST-PAIN          emergency_chest_pain
    EM-SEIZURE             emergency_seizure
    EM-UNRESPONSIVE        emergency_unresponsive
    EM-OVERDOSE            emergency_overdose
    EM-LOCKJAW             emergency_lockjaw
    EM-THROAT-SWELLING     emergency_throat_swelling
    EM-ONE-SIDED-NUMBNESS  emergency_one_sided_numbness  (one side of the body or face gone numb,
                           weak or dead)
    EM-NAMED-EMERGENCY     emergency_named_emergency  (the user names the emergency as happening)
    EM-SELF-HARM           emergency_self_harm  (answered with a crisis line as well)
    EM-STATED-EMERGENCY    emergency_stated_emergency  ("this is an emergency", "I need an ambulance")
    Only signs happening now: one mentioned as past, hypothetical or now-and-then gets a
    safety-net sentence instead (actions/symptoms/clinical_context.py).
URGENT - causes_and_treatment / "When to see a doctor" ("sudden onset of muscle twitching
along with other symptoms, such as numbness or weakness, seek prompt medical advice")
    UR-SUDDEN-WITH-SYMPTOMS  sudden_onset_with_other_symptoms
    UR-UNSURE-ONSET-WITH-SYMPTOMS  unclear_onset_with_other_symptoms  (onset "unsure" is
        treated like sudden, conservatively)
    "Other symptoms" = a present neurological symptom (weakness, numbness, tingling,
    sensation_change, muscle_loss, dizziness, walking_difficulty, vision_problems) or the
    answer "yes"/"unsure" to the other-symptoms question. Pain, cramp, spasm, stiffness and
    fatigue are not counted: they go with ordinary post-exercise twitching.
SEE A DOCTOR
    SD-LONG-DURATION        long_duration          causes_and_treatment / When to see a doctor
                            (more than 2 weeks: 15 days yes, exactly 14 no)
    SD-MULTIPLE-PLACES      multiple_places        causes_and_treatment / When to see a doctor
                            (two or more distinct places, left and right count twice)
    SD-WEAKNESS             weakness               after_exercise / When to see the doctor for muscle twitching
    SD-SENSATION-CHANGE     sensation_change       after_exercise / When to see the doctor for muscle twitching
                            (numbness, tingling or another change in sensation)
    SD-MUSCLE-LOSS          muscle_loss            after_exercise / When to see the doctor for muscle twitching
    SD-OTHER-NEURO          other_neurological_symptoms  causes_and_treatment / When to see a doctor
                            (dizziness, walking difficulty, vision problems: a conservative
                            extension, the article names "other symptoms" without a list)
    SD-OTHER-SYMPTOMS       other_symptoms_reported      after_exercise / When to see the doctor for muscle twitching
                            (a "yes" with no named symptom; a named one fires its own rule, so
                            the reason is not said twice; since 2026-11-21.2)
    SD-OTHER-SYMPTOMS-UNSURE  other_symptoms_unsure      after_exercise / When to see the doctor for muscle twitching
    SD-DESPITE-LIFESTYLE    persists_despite_lifestyle_changes  causes_and_treatment / Outlook
    SD-MEDICATION           medication_trigger     causes_and_treatment / Medications and supplements
                            (the domain sentence must say: do not stop or change a prescribed
                            medicine without talking to a doctor first)
    SD-SUPPLEMENT           supplement_trigger     causes_and_treatment / Medications and supplements
    SD-FREQUENT-UNKNOWN-DURATION  frequent_unknown_duration  after_exercise / When to see the doctor for muscle twitching
                            (twitching "frequently" and the user cannot say for how long)
    SD-UNKNOWN-DURATION     unknown_duration       causes_and_treatment / When to see a doctor
                            (the user cannot say for how long: it may be more than 2 weeks,
                            counted conservatively; when it is also frequent, the rule above
                            says so and this one does not repeat it)
SELF-CARE
    SC-NO-RED-FLAGS         no_red_flags           causes_and_treatment / Outlook (always applies)
    SC-EXERCISE             self_care_exercise     after_exercise / Treatments for muscle twitching after exercise
    SC-CAFFEINE             self_care_caffeine     causes_and_treatment / Caffeine
    SC-SLEEP                self_care_sleep        causes_and_treatment / Lack of sleep
    SC-STRESS               self_care_stress       causes_and_treatment / Stress and anxiety
    SC-DEHYDRATION          self_care_dehydration  causes_and_treatment / Water intake
    SC-DIET                 self_care_diet         causes_and_treatment / Nutrient deficiency

Change ``RULES_VERSION`` whenever a rule, threshold or symptom set changes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from typing import Callable, Mapping, Optional, Tuple

from actions.symptoms.patterns import EMERGENCY_VALUES, distinct_places

RULES_VERSION = "2026-12-04.1"

LONG_DURATION_DAYS = 14.0  # "more than 2 weeks": strictly greater than 14 days

WEAKNESS = frozenset({"weakness"})
SENSATION = frozenset({"numbness", "tingling", "sensation_change"})
MUSCLE_LOSS = frozenset({"muscle_loss"})
OTHER_NEURO = frozenset({"dizziness", "walking_difficulty", "vision_problems"})
# "Other symptoms such as numbness or weakness" for the urgent rule.
NEURO_SYMPTOMS = WEAKNESS | SENSATION | MUSCLE_LOSS | OTHER_NEURO

ANSWER_VALUES = {
    "other_symptoms": (None, "yes", "no", "unsure"),
    "onset": (None, "sudden", "gradual", "unsure"),
    "frequency": (None, "frequent", "occasional"),
}


class Tier(enum.IntEnum):
    """Triage tiers; comparison follows urgency (``Tier.URGENT > Tier.SEE_A_DOCTOR``)."""

    SELF_CARE = 0
    SEE_A_DOCTOR = 1
    URGENT = 2
    EMERGENCY = 3

    @property
    def label(self) -> str:
        """The exact user-facing label: "SELF-CARE", "SEE A DOCTOR", "URGENT", "EMERGENCY"."""
        return _TIER_LABELS[self]

    @classmethod
    def from_label(cls, label: str) -> "Tier":
        for tier, text in _TIER_LABELS.items():
            if text == label.strip().upper():
                return tier
        raise ValueError(f"unknown tier label: {label!r}")


_TIER_LABELS = {
    Tier.SELF_CARE: "SELF-CARE",
    Tier.SEE_A_DOCTOR: "SEE A DOCTOR",
    Tier.URGENT: "URGENT",
    Tier.EMERGENCY: "EMERGENCY",
}


@dataclass(frozen=True)
class TriageInput:
    """Everything the rules look at. ``None`` means "not told"."""

    duration_days: Optional[float] = None
    duration_unsure: bool = False
    locations: Tuple[str, ...] = ()
    multiple_places: Optional[bool] = None
    symptoms: Tuple[str, ...] = ()
    absent_symptoms: Tuple[str, ...] = ()
    other_symptoms: Optional[str] = None  # "yes" | "no" | "unsure" | None
    onset: Optional[str] = None  # "sudden" | "gradual" | "unsure" | None
    frequency: Optional[str] = None  # "frequent" | "occasional" | None
    triggers: Tuple[str, ...] = ()
    emergency_signs: Tuple[str, ...] = ()
    lifestyle_changes_tried: Optional[bool] = None
    # The user's own words per finding, e.g. ("duration", "three weeks"),
    # ("symptom:weakness", "can't grip"), ("location:left_calf", "left calf").
    words: Tuple[Tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        for name in ("locations", "symptoms", "absent_symptoms", "triggers", "emergency_signs"):
            object.__setattr__(self, name, tuple(getattr(self, name) or ()))
        object.__setattr__(self, "words", tuple((str(k), str(v)) for k, v in (self.words or ())))
        for name, allowed in ANSWER_VALUES.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, got {getattr(self, name)!r}")

    @classmethod
    def from_findings(cls, findings, **answers) -> "TriageInput":
        """Findings from ``actions.symptoms.extract`` plus the form's answers.

        ``answers`` use the field names above; an answer of ``None`` means "not asked" and
        leaves the finding as it is. ``words`` given here are added to (and override) the
        words taken from the findings' mentions.
        """
        known = {f.name for f in fields(cls)}
        unknown = set(answers) - known
        if unknown:
            raise TypeError(f"unknown TriageInput answers: {sorted(unknown)}")
        values = {
            "duration_days": findings.duration_days,
            "locations": findings.locations,
            "multiple_places": findings.multiple_places,
            "symptoms": findings.symptoms,
            "absent_symptoms": findings.absent_symptoms,
            "onset": findings.onset,
            "frequency": findings.frequency,
            "triggers": findings.triggers,
            "emergency_signs": findings.emergency_signs,
            "lifestyle_changes_tried": getattr(findings, "lifestyle_changes_tried", None),
            "duration_unsure": bool(getattr(findings, "duration_unsure", False)),
        }
        words = dict(words_from_mentions(findings.mentions, findings.duration_days))
        words.update(dict(answers.pop("words", None) or ()))
        for name, value in answers.items():
            if value is not None:
                values[name] = value
        return cls(words=tuple(words.items()), **values)

    # ---- derived views used by the rules

    def word(self, key: str) -> Optional[str]:
        """The user's words for ``key`` or None."""
        for k, v in self.words:
            if k == key:
                return v
        return None

    @property
    def place_count(self) -> int:
        return len(distinct_places(self.locations))

    @property
    def in_multiple_places(self) -> bool:
        return self.multiple_places is True or self.place_count >= 2

    @property
    def present(self) -> frozenset:
        return frozenset(self.symptoms)

    @property
    def has_other_symptoms(self) -> bool:
        """Urgent-rule "other symptoms": a neurological symptom or the answer yes/unsure."""
        return bool(self.present & NEURO_SYMPTOMS) or self.other_symptoms in ("yes", "unsure")


def words_from_mentions(mentions, duration_days: Optional[float] = None) -> Tuple[Tuple[str, str], ...]:
    """``(key, words)`` pairs from non-negated mentions; the duration words are those of the
    mention that gave ``duration_days`` (the last such one)."""
    out = {}
    for m in mentions:
        if m.negated and m.kind != "duration":
            continue
        if m.kind == "duration":
            if m.value != "unknown" and duration_days is not None and abs(float(m.value) - duration_days) < 1e-9:
                out["duration"] = m.text
        elif m.kind in ("onset", "frequency", "spread"):
            out[m.kind] = m.text
        else:
            out.setdefault(f"{m.kind}:{m.value}", m.text)
    return tuple(out.items())


@dataclass(frozen=True)
class Rule:
    """One row of the rule table."""

    id: str
    tier: Tier
    article: str  # "after_exercise" | "causes_and_treatment" | "general_advice"
    section: str
    reason_key: str
    applies: Callable[[TriageInput], bool]
    # The user's words that show why the rule fired, if any.
    evidence: Callable[[TriageInput], Optional[str]] = lambda inp: None


# ----------------------------------------------------------------------------- evidence helpers


def _symptom_words(names: frozenset) -> Callable[[TriageInput], Optional[str]]:
    def words(inp: TriageInput) -> Optional[str]:
        found = [w for w in (inp.word(f"symptom:{s}") for s in sorted(names & inp.present)) if w]
        return ", ".join(found) if found else None

    return words


def _place_words(inp: TriageInput) -> Optional[str]:
    found = [v for k, v in inp.words if k.startswith("location:")]
    spread = inp.word("spread")
    if spread and inp.multiple_places:
        found.append(spread)
    return ", ".join(dict.fromkeys(found)) if found else None


def _trigger_words(name: str) -> Callable[[TriageInput], Optional[str]]:
    return lambda inp: inp.word(f"trigger:{name}")


def _trigger_rule(rule_id: str, tier: "Tier", article: str, section: str, reason_key: str, trigger: str) -> Rule:
    """A rule that fires when the user mentions ``trigger``, quoting their words for it."""
    return Rule(
        rule_id, tier, article, section, reason_key, lambda inp: trigger in inp.triggers, _trigger_words(trigger)
    )


# ----------------------------------------------------------------------------- the table

_AE = "after_exercise"
_CT = "causes_and_treatment"
_AE_DOCTOR = "When to see the doctor for muscle twitching"
_CT_DOCTOR = "When to see a doctor"
_GENERAL = "general_advice"
_EMERGENCY_SECTION = "Emergency safety-netting"

# Every emergency sign the extractor recognises has a rule (one list: the patterns').
EMERGENCY_SIGNS = EMERGENCY_VALUES


def _emergency_rule(sign: str) -> Rule:
    return Rule(
        id="EM-" + sign.upper().replace("_", "-"),
        tier=Tier.EMERGENCY,
        article=_GENERAL,
        section=_EMERGENCY_SECTION,
        reason_key=f"emergency_{sign}",
        applies=lambda inp: sign in inp.emergency_signs,
        evidence=lambda inp: inp.word(f"emergency:{sign}"),
    )


def _urgent_evidence(inp: TriageInput) -> Optional[str]:
    parts = [p for p in (inp.word("onset"), _symptom_words(NEURO_SYMPTOMS)(inp)) if p]
    return "; ".join(parts) if parts else None


RULES: Tuple[Rule, ...] = tuple(_emergency_rule(s) for s in EMERGENCY_SIGNS) + (
    Rule(
        "UR-SUDDEN-WITH-SYMPTOMS",
        Tier.URGENT,
        _CT,
        _CT_DOCTOR,
        "sudden_onset_with_other_symptoms",
        lambda inp: inp.onset == "sudden" and inp.has_other_symptoms,
        _urgent_evidence,
    ),
    Rule(
        "UR-UNSURE-ONSET-WITH-SYMPTOMS",
        Tier.URGENT,
        _CT,
        _CT_DOCTOR,
        "unclear_onset_with_other_symptoms",
        lambda inp: inp.onset == "unsure" and inp.has_other_symptoms,
        _urgent_evidence,
    ),
    Rule(
        "SD-LONG-DURATION",
        Tier.SEE_A_DOCTOR,
        _CT,
        _CT_DOCTOR,
        "long_duration",
        lambda inp: inp.duration_days is not None and inp.duration_days > LONG_DURATION_DAYS,
        lambda inp: inp.word("duration"),
    ),
    Rule(
        "SD-MULTIPLE-PLACES",
        Tier.SEE_A_DOCTOR,
        _CT,
        _CT_DOCTOR,
        "multiple_places",
        lambda inp: inp.in_multiple_places,
        _place_words,
    ),
    Rule(
        "SD-WEAKNESS",
        Tier.SEE_A_DOCTOR,
        _AE,
        _AE_DOCTOR,
        "weakness",
        lambda inp: bool(inp.present & WEAKNESS),
        _symptom_words(WEAKNESS),
    ),
    Rule(
        "SD-SENSATION-CHANGE",
        Tier.SEE_A_DOCTOR,
        _AE,
        _AE_DOCTOR,
        "sensation_change",
        lambda inp: bool(inp.present & SENSATION),
        _symptom_words(SENSATION),
    ),
    Rule(
        "SD-MUSCLE-LOSS",
        Tier.SEE_A_DOCTOR,
        _AE,
        _AE_DOCTOR,
        "muscle_loss",
        lambda inp: bool(inp.present & MUSCLE_LOSS),
        _symptom_words(MUSCLE_LOSS),
    ),
    Rule(
        "SD-OTHER-NEURO",
        Tier.SEE_A_DOCTOR,
        _CT,
        _CT_DOCTOR,
        "other_neurological_symptoms",
        lambda inp: bool(inp.present & OTHER_NEURO),
        _symptom_words(OTHER_NEURO),
    ),
    Rule(
        "SD-OTHER-SYMPTOMS",
        Tier.SEE_A_DOCTOR,
        _AE,
        _AE_DOCTOR,
        "other_symptoms_reported",
        lambda inp: inp.other_symptoms == "yes" and not inp.present & NEURO_SYMPTOMS,
    ),
    Rule(
        "SD-OTHER-SYMPTOMS-UNSURE",
        Tier.SEE_A_DOCTOR,
        _AE,
        _AE_DOCTOR,
        "other_symptoms_unsure",
        lambda inp: inp.other_symptoms == "unsure",
    ),
    Rule(
        "SD-DESPITE-LIFESTYLE",
        Tier.SEE_A_DOCTOR,
        _CT,
        "Outlook",
        "persists_despite_lifestyle_changes",
        lambda inp: inp.lifestyle_changes_tried is True,
        _trigger_words("lifestyle_change"),
    ),
    _trigger_rule(
        "SD-MEDICATION", Tier.SEE_A_DOCTOR, _CT, "Medications and supplements", "medication_trigger", "medication"
    ),
    _trigger_rule(
        "SD-SUPPLEMENT", Tier.SEE_A_DOCTOR, _CT, "Medications and supplements", "supplement_trigger", "supplement"
    ),
    Rule(
        "SD-FREQUENT-UNKNOWN-DURATION",
        Tier.SEE_A_DOCTOR,
        _AE,
        _AE_DOCTOR,
        "frequent_unknown_duration",
        lambda inp: inp.duration_unsure and inp.frequency == "frequent",
        lambda inp: inp.word("frequency"),
    ),
    Rule(
        "SD-UNKNOWN-DURATION",
        Tier.SEE_A_DOCTOR,
        _CT,
        _CT_DOCTOR,
        "unknown_duration",
        lambda inp: inp.duration_unsure and inp.frequency != "frequent",
    ),
    Rule("SC-NO-RED-FLAGS", Tier.SELF_CARE, _CT, "Outlook", "no_red_flags", lambda inp: True),
    _trigger_rule(
        "SC-EXERCISE",
        Tier.SELF_CARE,
        _AE,
        "Treatments for muscle twitching after exercise",
        "self_care_exercise",
        "exercise",
    ),
    _trigger_rule("SC-CAFFEINE", Tier.SELF_CARE, _CT, "Caffeine", "self_care_caffeine", "caffeine"),
    _trigger_rule("SC-SLEEP", Tier.SELF_CARE, _CT, "Lack of sleep", "self_care_sleep", "sleep"),
    _trigger_rule("SC-STRESS", Tier.SELF_CARE, _CT, "Stress and anxiety", "self_care_stress", "stress"),
    _trigger_rule("SC-DEHYDRATION", Tier.SELF_CARE, _CT, "Water intake", "self_care_dehydration", "dehydration"),
    _trigger_rule("SC-DIET", Tier.SELF_CARE, _CT, "Nutrient deficiency", "self_care_diet", "diet"),
)

RULES_BY_ID: Mapping[str, Rule] = {rule.id: rule for rule in RULES}
REASON_KEYS: Tuple[str, ...] = tuple(dict.fromkeys(rule.reason_key for rule in RULES))
