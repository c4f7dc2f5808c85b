"""Is a message a description of the user's own symptoms? Then it gets the symptom check.

Pure Python. The Rasa NLU component (addons/symptom_entities.py) calls this to override a
classifier that took a description for an FAQ question, out of scope or a bare answer:
safety rules beat machine learning, so a message in which the user reports a red flag about
themselves (weakness, numbness, more than 2 weeks, several places, ...) always gets the
check and its tier, even when phrased as a question about themselves. Any message that
describes someone's twitching (the writer's or a person they describe, statement or question,
one line or a long post) gets the check too, its question answered from the articles first;
questions about twitching in general keep the classifier's FAQ answer.
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from actions.symptoms.findings import Findings
from actions.triage.assess import fired_rules
from actions.triage.rules import Tier, TriageInput

# Red flags read from the symptoms themselves. Triggers (a medicine, a supplement) are left
# out: "can medication cause twitching?" is a question for the FAQ, not a report. So are
# several places, which plurals raise ("my legs twitch after the gym, is that normal?"),
# and a length the user cannot give ("I've had it for a while, is that normal?"): the check
# counts it conservatively once it asks, but alone it reports nothing. A statement with
# places still gets the check below.
NOT_ROUTING_RULES = frozenset(
    {"SD-MEDICATION", "SD-SUPPLEMENT", "SD-DESPITE-LIFESTYLE", "SD-MULTIPLE-PLACES", "SD-UNKNOWN-DURATION"}
)
TWITCH_SYMPTOMS = frozenset({"twitching", "spasm", "cramp"})
_FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|ive|me|my|mine|myself)\b", re.IGNORECASE)
_QUESTION = re.compile(
    r"\?|^\s*(what|why|how|when|where|which|who|is|are|can|could|does|do|did|should|would|will|may|might)\b"
    # a question word later in the sentence: "apart from that, what problems can cause it"
    r"|\b(what|which|why|how)\b(\s+\w+){0,3}\s+(can|could|do|does|is|are|might|would|will|should)\b"
    r"|\bwhen (will|should|does|do) (it|this|that|i|they|these|the|my)\b"
    r"|\b(is (that|it|this)|could (that|it|this|(the |my |these |those )?\w+ be)|can (that|it|this)|should (i|a doctor)|do i|does (that|it|this)"
    r"|how come|how long do|what (is|causes|could|might)|connected|related|linked|the reason|normal|to be expected"
    r"|a thing|settle|clear up)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text or ""))


def reports_red_flag(findings: Findings) -> bool:
    """The symptoms alone would be triaged SEE A DOCTOR or higher."""
    inp = TriageInput.from_findings(findings)
    return any(rule.tier >= Tier.SEE_A_DOCTOR and rule.id not in NOT_ROUTING_RULES for rule in fired_rules(inp))


# Someone the message is about: the writer, or a person they describe ("my dad's arm", "she").
_SOMEONE = re.compile(r"\b(i|i'm|im|i've|ive|me|my|mine|myself|he|she|his|her|him|he's|she's)\b", re.IGNORECASE)


# "my legs", "his arm", "my twitching"; not "my muscles" or "my body", which people say of
# muscles in general ("why do my muscles twitch after exercise?").
_POSSESSIVE = re.compile(r"\b(my|his|her)\s+(?!(muscles?|body)\b)\w", re.IGNORECASE)


def describes_twitching(findings: Findings, text: str) -> bool:
    """Someone's twitching is described: "what's wrong with me? my legs twitch all the time",
    a long forum post ending in a question, a parent's twitching arm. Twitching that is only
    asked about in general ("do twitches go away?") is not."""
    if not TWITCH_SYMPTOMS & set(findings.symptoms) or not _SOMEONE.search(text or ""):
        return False
    details = (
        findings.locations
        or findings.multiple_places
        or findings.duration_days is not None
        or findings.onset
        or findings.frequency
    )
    # "my legs", "his arm": the twitching belongs to someone; "I'm just curious what causes
    # twitching" asks in general.
    return bool(details or _POSSESSIVE.search(text or ""))


def describes_own_symptoms(findings: Findings, text: str) -> bool:
    """Route to the symptom check? (See the module docstring.)"""
    if not findings.symptoms:
        return False
    if describes_twitching(findings, text):
        return True
    question = is_question(text)
    # People drop the "my" in statements ("calves twitching, feet tingling"), not in questions
    # about themselves; a question without it is about twitching in general.
    if reports_red_flag(findings) and (not question or _FIRST_PERSON.search(text or "")):
        return True
    details = (
        findings.locations
        or findings.multiple_places
        or findings.duration_days is not None
        or findings.onset
        or findings.frequency
    )
    twitching = TWITCH_SYMPTOMS & set(findings.symptoms)
    return bool(details and twitching) and not question


# How a bare answer or correction starts: "it's in both legs", "actually it started a month
# ago", "no, only my left calf", "for 3 weeks now". A request that happens to name a time or
# a body part ("book me a table tonight", "best shoes for flat feet") does not.
_ANSWER_START = re.compile(
    r"^\W*((no|yes|yeah|nope|actually|also|and|oh|sorry|well|but|ok|okay|wait|i meant|i mean)\b[\s,.!]*)*"
    r"(it|it'?s|they|they'?re|both|my|in|on|only|just|since|for|about|around|roughly|over|under|less|more|all|a few|a couple|\d)\b",
    re.IGNORECASE,
)


def gives_check_details(findings: Findings, text: str) -> bool:
    """A bare detail of the symptom check, not a question: how long, where, how it started
    ("it's in both legs", "actually it's been going on for a month")."""
    details = findings.locations or findings.multiple_places or findings.duration_days is not None or findings.onset
    return bool(details) and not is_question(text) and bool(_ANSWER_START.search(text or ""))


# Article topics about a condition. A description alone never gets one (answering "my legs
# went numb" with the pinched-nerve article would name a condition as likely); a question
# about it does, and so does a description that names it ("reading about ALS, terrified").
_CONDITION_NAMES = {
    "faq/als": re.compile(r"\b(als|lou gehrig'?s?|motor neu?rone? disease|mnd)\b", re.IGNORECASE),
    "faq/multiple_sclerosis": re.compile(r"\b(ms|multiple sclerosis)\b", re.IGNORECASE),
    "faq/pinched_nerve": re.compile(
        r"\b(pinched|trapped) nerve|\b(slipped|herniated|bulging) (a )?dis[ck]|radiculopathy", re.IGNORECASE
    ),
    "faq/isaac_syndrome": re.compile(r"\b(isaac'?s?|neuromyotonia)\b", re.IGNORECASE),
    "faq/serious_causes": None,  # a list of conditions: only when asked
}


# "and sleep?", "what about magnesium", "how about stress": a short follow-up that names a
# topic and leans on the previous answer for the rest. The intent classifier, trained on
# whole questions, finds these unclear; the FAQ selector, on the topic words, usually does not.
_FOLLOW_UP = re.compile(
    r"^\s*(and|also|plus|what about|how about|and what about|what of|same for|same with)\b", re.IGNORECASE
)
FOLLOW_UP_MAX_WORDS = 6


def is_follow_up(text: str) -> bool:
    return bool(_FOLLOW_UP.search(text or "")) and len((text or "").split()) <= FOLLOW_UP_MAX_WORDS


# A topic more likely than all the others together is worth answering even unasked.
SURE_TOPIC = 0.5
# How far down the FAQ selector's ranking a named condition may be brought up from.
NAMED_CONDITION_WITHIN = 3
CAUSES_OVERVIEW = "faq/causes_overview"


def names_a_condition(text: str) -> bool:
    """Whether the message names any condition the articles describe."""
    return any(pattern and pattern.search(text or "") for pattern in _CONDITION_NAMES.values())


def named_condition(text: str) -> Optional[str]:
    """The one condition topic the message names ("is it ALS?"), or None (none or several)."""
    named = [topic for topic, pattern in _CONDITION_NAMES.items() if pattern and pattern.search(text or "")]
    return named[0] if len(named) == 1 else None


def prefer_named_condition(text: str, ranked: Sequence[Tuple[str, float]]) -> List[Tuple[str, float]]:
    """The FAQ ranking with the condition the user names moved to the top.

    "eyelid twitching for 3 days, is it ALS?" is a question about ALS, though the selector
    leans to the sleep answer (0.40 vs 0.18): the fear is what needs answering. Only when no
    topic is sure and the condition is already among the first few, so "what tests rule out
    ALS?" keeps the tests answer.
    """
    ranked = list(ranked)
    condition = named_condition(text)
    if not ranked or condition is None or ranked[0][1] >= SURE_TOPIC:
        return ranked
    keys = [key for key, _ in ranked[:NAMED_CONDITION_WITHIN]]
    if condition not in keys:
        return ranked
    index = keys.index(condition)
    return [ranked[index]] + ranked[:index] + ranked[index + 1 :]


# The article topics about each possible cause the extractor finds (actions/symptoms/patterns.py
# TRIGGER_TEMPLATES); alcohol, wounds and lifestyle changes have none of their own.
TRIGGER_TOPICS = {
    "exercise": (
        "faq/overexertion",
        "faq/normal_after_exercise",
        "faq/post_exercise_symptoms",
        "faq/insufficient_stretching",
    ),
    "caffeine": ("faq/caffeine",),
    "sleep": ("faq/lack_of_sleep",),
    "stress": ("faq/stress_anxiety",),
    "medication": ("faq/medications_supplements",),
    # magnesium, B12, vitamin D ... are read as supplements; their lack is its own topic
    "supplement": ("faq/medications_supplements", "faq/taking_supplements", "faq/nutrient_deficiency"),
    "diet": ("faq/nutrient_deficiency", "faq/deficiency_reasons"),
    "dehydration": ("faq/dehydration", "faq/electrolytes", "faq/too_much_water"),
}


def trigger_topic(triggers: Sequence[str], ranked: Sequence[Tuple[str, float]]) -> Optional[str]:
    """The article topic about a cause the user mentioned ("... and I've been sleeping 4 hours
    a night": lack of sleep), the FAQ selector's best among its first three; None if no
    topic of those causes is there."""
    wanted = {topic for trigger in triggers for topic in TRIGGER_TOPICS.get(trigger, ())}
    return next((key for key, _ in list(ranked)[:NAMED_CONDITION_WITHIN] if key in wanted), None)


# "I'm terrified it's ALS": a question asked in fear, answered and then offered the check.
_FEAR = re.compile(
    r"\b(scared|terrified|afraid|frightened|petrified|freaking out|freaked out|panicking|panicked"
    r"|worried|anxious about|losing sleep over|can'?t stop thinking)\b",
    re.IGNORECASE,
)
_NOT_FEAR = re.compile(r"\b(not|never|n'?t|no longer)\s+(really\s+|that\s+|too\s+|so\s+)?$", re.IGNORECASE)


def expresses_fear(text: str) -> bool:
    """Does the user say they are afraid? "I'm not worried, just curious" does not."""
    text = text or ""
    return any(not _NOT_FEAR.search(text[: m.start()]) for m in _FEAR.finditer(text))


def named_cause_over_overview(triggers: Sequence[str], ranked: Sequence[Tuple[str, float]]) -> Optional[str]:
    """ "could the pills my doctor gave me be making me twitch?" asks about one cause: its article,
    not the list of all causes the selector leans to. Only when the overview is on top, the user
    names causes of one kind, and that cause's topic is among the first three; "is it coffee or
    stress?" keeps the overview, which covers both."""
    kinds = {trigger for trigger in triggers if trigger in TRIGGER_TOPICS}
    if not ranked or ranked[0][0] != CAUSES_OVERVIEW or len(kinds) != 1:
        return None
    return trigger_topic(tuple(kinds), ranked)


def may_answer_asked(topic: str, text: str) -> bool:
    """May a question asked inside a description ("... what would cause this?") get `topic`?
    Any topic or passage, but a condition's only when the user named it."""
    named = _CONDITION_NAMES.get(topic, ...)
    return named is ... or bool(named and named.search(text or ""))


def may_volunteer(topic: str, text: str, findings: Findings) -> bool:
    """May an article answer on `topic` be given to a description that did not ask for it?
    A condition's, when the user named it; any other, when the user offered a possible cause
    (a trigger: sleep, caffeine, stress, exercise, a medicine, ...), which is what the
    articles' answers are about. A plain "my calf has twitched for 3 weeks" gets the check alone."""
    if topic in _CONDITION_NAMES:
        named = _CONDITION_NAMES[topic]
        return bool(named and named.search(text or ""))
    return bool(findings.triggers)
