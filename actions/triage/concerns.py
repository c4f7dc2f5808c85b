"""What a message voices that has a reply of its own: a question about stopping a medicine, a
diagnosis the user already has, the fear of dying, the fear of a condition.

Pure Python. addons/symptom_entities.py calls :func:`concern` once per message and marks the
message for the rules (data/rules.yml). Emergencies come first: a message with an emergency
sign, a past or hypothetical one, or any mention of an overdose voices no concern here, so
it gets the emergency answer or the safety-net sentence and nothing that could read as
"carry on with your tablets" to someone who has taken too many.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from actions.symptoms.findings import Findings, Mention
from actions.symptoms.patterns import MEDICATION
from actions.triage.routing import expresses_fear, names_a_condition

# The concerns, most important first; each is also the entity that marks it for the rules.
MEDICINE_QUESTION = "medicine_question"
OWN_DIAGNOSIS = "own_diagnosis"
FEAR_OF_DYING = "fear_of_dying"
WORRY = "worry"

# The article-backed reply to each (data/knowledge/answers.yml `replies:`, response utter_<key>),
# given first when the message also starts the symptom check.
REPLIES = {
    MEDICINE_QUESTION: "dont_stop_medicine",
    OWN_DIAGNOSIS: "own_doctor",
    FEAR_OF_DYING: "not_dying",
}
FAQ_INTENT = "faq"
WORRY_INTENT = "express_worry"
DESCRIBE_INTENT = "describe_symptoms"
# The intent each concern is answered under (data/rules.yml); a diagnosis mentioned in a
# question keeps the question's answer too.
INTENTS = {MEDICINE_QUESTION: FAQ_INTENT, OWN_DIAGNOSIS: WORRY_INTENT, FEAR_OF_DYING: WORRY_INTENT}
# Never read as a concern: an emergency, and the privacy commands.
NOT_A_CONCERN = frozenset({"emergency", "forget_me", "restart"})


@dataclass(frozen=True)
class ConcernMark:
    """How the NLU marks a concern: the intent to answer it under (None: as classified), the
    entity the rules read, or the reply given before the check a description starts."""

    intent: Optional[str] = None
    entity: Optional[str] = None
    topic: Optional[str] = None


def concern_mark(text: str, findings: Findings, intent: Optional[str], has_topic: bool) -> Optional[ConcernMark]:
    """The mark for the message's concern, given its intent and whether a topic is already to
    be answered first; None when there is nothing to mark."""
    kind = concern(text, findings)
    if kind is None or intent in NOT_A_CONCERN or (text or "").startswith("/"):
        return None
    if intent == DESCRIBE_INTENT and findings.symptoms:
        # The check itself answers fear; a diagnosis the user names keeps the article about it
        # ("... I have a herniated disc").
        if kind not in REPLIES or (kind == OWN_DIAGNOSIS and has_topic):
            return None
        return ConcernMark(topic=REPLIES[kind])
    if kind == WORRY:
        return ConcernMark(entity=WORRY) if intent == FAQ_INTENT else None
    wanted = FAQ_INTENT if kind == OWN_DIAGNOSIS and intent == FAQ_INTENT else INTENTS[kind]
    # Inside the check, a medicine question is answered first and its medicine kept as a
    # finding (actions/symptom_check.py); outside it, the rule on the entity answers.
    topic = REPLIES[kind] if kind == MEDICINE_QUESTION else None
    return ConcernMark(intent=None if intent == wanted else wanted, entity=kind, topic=topic)


# In lower-case text, a word no user types in capitals.
_MASK = "MEDICINE"
# Stopping, coming off, or changing how much is taken.
_STOP = (
    r"(?:stop|quit|come off|get off|go off|wean (?:myself )?off|taper(?: off)?|cut down(?: on)?|cut back(?: on)?"
    r"|cut out|reduce|lower|change|skip|ditch|drop|halve|discontinue|give up|pause|switch|not take|take less"
    r"|take fewer|take a break from|keep taking|carry on taking|continue taking|keep using|still take"
    r"|coming off|getting off|going off|weaning off|tapering off|stopping|quitting|reducing|lowering|changing"
    r"|skipping|ditching|halving)"
)
# Words that may stand between the verb and the medicine: "stop taking my", "reduce the dose of".
_FILLER = (
    r"(?:taking|using|on|the|my|his|her|these|those|this|that|all|of|dose|dosage|doses|a|an|any|some|new|current"
    r"|daily|completely|altogether|just|now|off|down|back|with|me|it|them|for|good)"
)
# "stop taking my MEDICINE", "come off MEDICINE"
_VERB_THEN_MEDICINE = re.compile(rf"\b{_STOP}(?:\s+{_FILLER}){{0,4}}\s+{_MASK}\b")
# "my MEDICINE might be the cause, should I stop (taking) (them)?", within a sentence or two:
# the verb has no object of its own ("... should I stop exercising?" is not about it).
_MEDICINE_THEN_VERB = re.compile(
    rf"\b{_MASK}\b.{{0,120}}?\b{_STOP}(?:\s+(?:taking|using))?(?:\s+(?:them|it|those|these|this|that|altogether|completely|for a while|now))?"
    r"\s*(?:[?.!,;]|$|\b(?:and|or|then|if|because|since|until|cold turkey)\b)"
)
# A question or an intention: the line is for someone deciding, not for a past "I stopped".
_DECIDING = re.compile(
    r"\?|\b(?:should|can|could|shall|may|must|need to|have to|is it (?:ok|okay|safe|fine|alright|bad|wise|worth)"
    r"|would it|will it|what if|how do i|how to|am i allowed|thinking (?:of|about)|want to|wanna|going to|gonna"
    r"|planning|plan to|tempted|considering|wondering|i'?ll|i will|might just|(?:i'?m|i am|been) (?:coming|getting"
    r"|going|weaning|tapering|cutting))\b",
    re.IGNORECASE,
)

# Conditions a user may say they have been diagnosed with (the articles' and the usual others).
_CONDITION = (
    r"(?:als|mnd|motor neu?rone? disease|lou gehrig'?s?(?: disease)?|ms|multiple sclerosis|bfs"
    r"|benign fasciculations?(?: syndrome)?|cramp fasciculation syndrome|isaac'?s?(?: syndrome)?|neuromyotonia"
    r"|radiculopathy|(?:a )?(?:pinched|trapped) nerve|(?:a )?(?:slipped|herniated|bulging) dis[ck]"
    r"|parkinson'?s|myasthenia(?: gravis)?|(?:peripheral )?neuropathy|fibromyalgia|(?:a )?neurological condition)"
)
_FIRST_PERSON_DIAGNOSED = re.compile(
    r"\b(?:i was|i've been|ive been|i have been|i got|i just got|i was just|i'm|im|i am|i've|ive)"
    r"\s+(?:just |recently |finally |officially |newly |already |since |now )?(?:been\s+)?(?:diagnosed|dx'?d)\b",
    re.IGNORECASE,
)
_DOCTOR_CONCLUDED = re.compile(
    r"\bmy (?:doctor|doctors|gp|neurologist|neuro|consultant|specialist|physician|dr|doc|nurse|psychiatrist|physio)\b"
    r"[^.?!]{0,30}?\b(?:says|said|thinks|thought|told me|tells me|confirmed|reckons|believes|diagnosed|ruled out"
    r"|put it down to|called it|found)\b(?:\s+(?:that|me))?\s+(?:it'?s|it is|it was|its|i have|i've got|i had|i'm|im"
    r"|this is|there'?s|there is|nothing|i don'?t|it isn'?t|it'?s not|not|bfs|benign|fine|normal|als|ms|i do not"
    r"|with|out|a|an)\b",
    re.IGNORECASE,
)
_HAVE_CONDITION = re.compile(
    rf"(?:^|[.!?,;]\s*|\b(?:but|and|because|as|since|so|well)\s+)(?:i have|i've got|i have got|ive got|i've had"
    rf"|i live with|living with|i suffer from|i've been living with)\s+{_CONDITION}\b",
    re.IGNORECASE,
)
_TESTS_CLEAR = re.compile(
    r"\b(?:my )?(?:emg|mri|blood tests?|bloods|nerve conduction(?: studies| study| tests?)?|scans?|ct scan|tests)\s+"
    r"(?:was|were|came back|come back|showed|is|are|all came back)\s+(?:all\s+)?(?:clean|clear|normal|fine|negative|ok|okay|good)\b",
    re.IGNORECASE,
)

_DYING = re.compile(
    r"\b(?:am i|are we|is he|is she) (?:going to |gonna )?(?:die|dying)\b"
    r"|\bwill i die\b|\bam i going to be (?:ok|okay|alright|all right)\b"
    r"|\bi'?m (?:going to|gonna) die\b|\bi (?:think|feel like|fear) i'?m (?:dying|going to die)\b"
    r"|\b(?:is|could|will|can|would) (?:this|it|my \w+|twitching|this twitching|the twitching) (?:going to |gonna )?(?:kill|be killing) me\b"
    r"|\b(?:is|could) (?:this|it|my twitching|this twitching) (?:be )?(?:fatal|deadly|terminal|life[- ]threatening)\b"
    r"|\bhow long (?:do|have) i (?:have|got)(?: left| to live)?\b"
    r"|\b(?:scared|afraid|terrified|frightened|worried) (?:that )?i(?:'?m| am)? (?:going to |gonna )?(?:die|dying)\b"
    r"|\bdeath sentence\b",
    re.IGNORECASE,
)
# "is it ALS?", "could this be MS", "do I have ALS": a condition asked about oneself.
_ABOUT_ONESELF = re.compile(
    r"\b(?:i|i'm|im|i've|ive|me|my|mine|myself)\b|^\s*(?:is|could|might|can|would) (?:it|this|that)\b"
    r"|\b(?:is|could|might) (?:it|this|that) be\b",
    re.IGNORECASE,
)


def concern(text: str, findings: Findings) -> Optional[str]:
    """The one concern of the message that has its own reply (module docstring), or None."""
    text = text or ""
    if findings.emergency_signs or findings.safety_net_signs or mentions_overdose(findings.mentions):
        return None
    if asks_to_stop_medicine(text, findings.mentions):
        return MEDICINE_QUESTION
    if names_own_diagnosis(text):
        return OWN_DIAGNOSIS
    if fears_dying(text):
        return FEAR_OF_DYING
    if expresses_fear(text) or asks_about_own_condition(text):
        return WORRY
    return None


def mentions_overdose(mentions: Sequence[Mention]) -> bool:
    """An overdose said in any context (now, past, hypothetical), unless denied."""
    return any(m.kind == "emergency" and m.value == "overdose" and not m.negated for m in mentions)


def asks_to_stop_medicine(text: str, mentions: Sequence[Mention]) -> bool:
    """ "should I stop my sertraline?", "can I come off my antidepressants", "my statins might be
    doing it, do I need to stop them?", "I'm thinking of halving my dose": a medicine (a
    mention the extractor found) and stopping or changing it, asked or intended."""
    medicines = [m for m in mentions if m.kind == "trigger" and m.value == MEDICATION]
    if not medicines or not _DECIDING.search(text):
        return False
    masked = _masked(text.lower(), medicines)
    if _VERB_THEN_MEDICINE.search(masked):
        return True
    # Medicine first, then the verb: only a medicine the user takes ("I'm not on any tablets,
    # should I stop coffee?" asks nothing about one).
    taken = [m for m in medicines if not m.negated]
    return bool(taken) and bool(_MEDICINE_THEN_VERB.search(_masked(text.lower(), taken)))


def names_own_diagnosis(text: str) -> bool:
    """The user says a doctor has already given them a diagnosis or a verdict: "I was
    diagnosed with MS", "my neurologist says it's benign", "I have ALS", "my EMG was clean"."""
    text = text or ""
    return bool(
        _FIRST_PERSON_DIAGNOSED.search(text)
        or _DOCTOR_CONCLUDED.search(text)
        or _HAVE_CONDITION.search(text)
        or _TESTS_CLEAR.search(text)
    )


def fears_dying(text: str) -> bool:
    """ "am I dying?", "is this going to kill me", "will I die from this"."""
    return bool(_DYING.search(text or ""))


def asks_about_own_condition(text: str) -> bool:
    """ "is it ALS?", "do I have MS", "could this be a pinched nerve": a condition of the
    articles asked about oneself; "what is ALS?" or "what tests rule out MS?" are not."""
    return names_a_condition(text) and bool(_ABOUT_ONESELF.search(text or ""))


def _masked(text: str, mentions: Sequence[Mention]) -> str:
    """``text`` with each mention's span replaced by one placeholder word."""
    out, last = [], 0
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.start < last:
            continue
        out += [text[last : mention.start], f" {_MASK} "]
        last = mention.end
    out.append(text[last:])
    return "".join(out)
