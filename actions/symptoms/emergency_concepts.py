"""Emergency signs by meaning: two concepts close together in one clause, not fixed phrases.

A phrase list catches "trouble breathing" and misses "I can barely swallow or breathe", "my
chest is killing me" or "his face sort of slid down on one side". People describe a sign as a
*thing* (breathing, the face, a limb, speech, the chest) and *what is wrong with it* (hard,
drooping, won't move, jumbled, hurting), in any order, with a few words between. So each sign
is a pair of concepts that must meet within a few tokens of the same clause; a concept is a set
of words and short phrases, matched on the lower-case text and on lemmas (any inflection the
lookup tables know); typos ("brething", "siezure") are corrected before the pipeline runs
(``spelling.py``). Some signs are one concept on its own
("unconscious", "kill myself", "I need an ambulance"). An overdose is recognised by what it
means: a large number or amount of tablets taken, or tablets taken deliberately.

The spaCy component :class:`EmergencyConcepts` adds what it finds as EMERGENCY entities (the
phrase ruler's own EMERGENCY entities stay), so negation and clinical context apply to them
exactly as to every other finding.
"""

from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from actions.symptoms.patterns import MEDICINE_NAMES, apostrophe_variants

LABEL = "EMERGENCY"
COMPONENT = "twitch_emergency_concepts"

if not Span.has_extension("is_blocked"):
    Span.set_extension("is_blocked", default=False)

# ----------------------------------------------------------------------------- concepts

CONCEPTS: Dict[str, Tuple[str, ...]] = {
    "BREATH": ("breathe", "breath", "breathing", "breaths", "breathin", "air", "inhale", "lungs", "breathless"),
    "SWALLOW": (
        "swallow",
        "swallowing",
        "swallowed",
        "get food down",
        "get water down",
        "get anything down",
        "anything down",
    ),
    # "I can't swallow these huge vitamin tablets", "choking on all this worry": not the airway.
    "FIGURATIVE": (
        "worry",
        "worries",
        "stress",
        "anxiety",
        "fear",
        "tears",
        "laughing",
        "laughter",
        "tablets",
        "tablet",
        "pills",
        "pill",
        "capsules",
        "another one",
    ),
    # What goes wrong with breathing or swallowing.
    "DIFFICULTY": (
        "can't",
        "cannot",
        "cant",
        "can not",
        "couldn't",
        "couldnt",
        "unable",
        "not able",
        "hard",
        "harder",
        "difficult",
        "difficulty",
        "difficulties",
        "trouble",
        "struggle",
        "struggling",
        "struggled",
        "barely",
        "hardly",
        "problem",
        "problems",
        "laboured",
        "labored",
        "gasp",
        "gasping",
        "short",
        "shortness",
        "stopped",
        "impossible",
        "fighting",
        "can only just",
        "almost impossible",
        "tight",
        "choking",
        "choke",
        "fight",
        "a struggle",
        "won't let",
        "wont let",
        "doesn't happen",
        "won't happen",
        "won't go down",
        "wont go down",
    ),
    # A sign by itself, whatever else the clause says.
    "AIRWAY": (
        "suffocating",
        "suffocate",
        "can't get air",
        "cant get air",
        "gasping for air",
        "fighting for air",
        "fighting for breath",
        "fighting for every breath",
    ),
    # "I can't breathe through my nose": a blocked nose is not an airway emergency.
    "NOSE": ("nose", "nostril", "nostrils", "stuffy", "blocked", "congested", "sinuses", "sinus", "cold", "flu"),
    # Not the eyelid: a heavy, twitchy eyelid is a common complaint, not a stroke sign.
    "FACE": (
        "face",
        "mouth",
        "smile",
        "cheek",
        "side of his face",
        "side of her face",
        "side of my face",
        "side of the face",
    ),
    "DROOP": (
        "droop",
        "drooping",
        "droopy",
        "drooped",
        "droops",
        "sag",
        "sagging",
        "saggy",
        "sagged",
        "sags",
        "dropped",
        "dropping",
        "slid",
        "sliding",
        "slipped",
        "slipping",
        "fallen",
        "falling",
        "lopsided",
        "crooked",
        "uneven",
        "slack",
        "pulled down",
        "gone down",
        "went down",
        "frozen",
        "paralysed",
        "paralyzed",
        "not moving",
        "won't move",
        "went dead",
        "is dead",
        "gone dead",
        "hanging",
        "hanging down",
        "hangs",
        "can't smile",
        "cant smile",
    ),
    "SPEECH": (
        "speech",
        "speak",
        "speaking",
        "talk",
        "talking",
        "words",
        "word",
        "voice",
        "sentences",
        "saying",
        "says",
        "said",
        "she says",
        "he says",
    ),
    "SPEECH_ALONE": (
        "slurred",
        "slurring",
        "talking funny",
        "talks funny",
        "talking weird",
        "talking strangely",
        "speaking strangely",
        "can't get her words out",
        "can't get his words out",
        "can't get my words out",
        "words are all wrong",
        "talking gibberish",
    ),
    "GARBLE": (
        "slur",
        "slurred",
        "slurring",
        "slurry",
        "jumbled",
        "jumble",
        "garbled",
        "gibberish",
        "nonsense",
        "mumbling",
        "mumbled",
        "muddled",
        "mixed up",
        "coming out wrong",
        "came out wrong",
        "come out wrong",
        "not making sense",
        "doesn't make sense",
        "makes no sense",
        "making no sense",
        "drunk",
        "slurry",
        "sounds weird",
        "sounds strange",
        "sounds funny",
        "sounds drunk",
        "sounding drunk",
        "all wrong",
    ),
    "LIMB": (
        "arm",
        "arms",
        "leg",
        "legs",
        "hand",
        "hands",
        "foot",
        "feet",
        "limb",
        "limbs",
        "side",
        "body",
        "half of my body",
        "fingers",
    ),
    # A limb that fails, not one that is merely weak or twitching.
    "WONT_MOVE": (
        "won't move",
        "wont move",
        "will not move",
        "can't move",
        "cant move",
        "cannot move",
        "can not move",
        "couldn't move",
        "unable to move",
        "not able to move",
        "can't lift",
        "cant lift",
        "cannot lift",
        "won't lift",
        "went limp",
        "gone limp",
        "is limp",
        "limp",
        "paralysed",
        "paralyzed",
        "paralysis",
        "useless",
        "won't work",
        "stopped working",
        "not working",
        "can't use",
        "cant use",
        "won't respond",
        "doesn't respond",
        "not responding",
        "no control",
        "lost control",
        "floppy",
        "gone floppy",
        "hanging",
        "hanging there",
        "won't do anything",
        "doesn't do anything",
        "won't do what",
    ),
    "WONT_MOVE_ALONE": (
        "can't move it at all",
        "cant move it at all",
        "cannot move it at all",
        "can't move them at all",
        "can't move my arm",
        "can't move my leg",
        "cant move my arm",
        "cant move my leg",
    ),
    "SEIZURE": (
        "seizure",
        "seizures",
        "seizing",
        "convulsing",
        "convulsion",
        "convulsions",
        "convulsed",
        "having a fit",
        "epileptic fit",
        "started fitting",
        "is fitting",
        "grand mal",
    ),
    "CHEST": ("chest", "breastbone", "sternum"),
    # A cramp holds a limb still for a while; that is not paralysis.
    "CRAMP": ("cramp", "cramps", "cramping", "charley horse", "charlie horse", "charley horses", "charlie horses"),
    "PAIN": (
        "pain",
        "pains",
        "painful",
        "hurt",
        "hurts",
        "hurting",
        "ache",
        "aches",
        "aching",
        "tight",
        "tightness",
        "pressure",
        "heavy",
        "heaviness",
        "crushing",
        "crushed",
        "squeezing",
        "squeezed",
        "stabbing",
        "burning",
        "killing",
        "sore",
        "agony",
        "vice",
        "elephant",
    ),
    "THROAT": ("throat", "tongue", "lips", "lip", "airway", "windpipe"),
    "SWELL": (
        "swell",
        "swelling",
        "swollen",
        "swelled",
        "swells",
        "puffing up",
        "puffed up",
        "puffy",
        "closing",
        "closing up",
        "closed up",
        "tightening",
        "blowing up",
        "getting bigger",
    ),
    # Someone down: a bystander's words; with a sign of no response, or a strong one alone.
    "DOWN": (
        "collapsed",
        "collapse",
        "collapses",
        "on the floor",
        "on the ground",
        "fell down",
        "keeled over",
        "slumped",
        "fainted",
        "passed out",
        "blacked out",
        "went down",
        "dropped",
    ),
    "NO_RESPONSE": (
        "won't answer",
        "wont answer",
        "isn't answering",
        "not answering",
        "doesn't answer",
        "not moving",
        "isn't moving",
        "won't move",
        "limp",
        "shaking",
        "jerking",
        "eyes closed",
        "not talking",
    ),
    "UNRESPONSIVE": (
        "not responding",
        "won't respond",
        "wont respond",
        "doesn't respond",
        "isn't responding",
        "unresponsive",
        "won't wake",
        "wont wake",
        "can't wake",
        "cant wake",
        "cannot wake",
        "not waking",
        "won't open his eyes",
        "won't open her eyes",
        "not breathing",
        "isn't breathing",
        "stopped breathing",
        "turning blue",
        "gone blue",
        "lips are blue",
        "lips went blue",
        "out cold",
        "not coming round",
        "not coming to",
        "won't come round",
        "eyes rolled",
        "unconscious",
        "knocked out",
    ),
    "PILLS": (
        "pills",
        "pill",
        "tablets",
        "tablet",
        "capsules",
        "capsule",
        "caps",
        "meds",
        "medication",
        "medicine",
        "painkillers",
        "paracetamol",
        "acetaminophen",
        "tylenol",
        "ibuprofen",
        "aspirin",
        "codeine",
        "sleeping pills",
        "caffeine pills",
        "antidepressants",
        "diazepam",
        "xanax",
        "oxycodone",
        "insulin",
        "pro plus",
        "no doz",
        "nodoz",
        "doses",
        "dose",
        "statins",
        "steroids",
        "antihistamines",
        "antibiotics",
        "beta blockers",
        "sleeping tablets",
        "painkiller",
        "antipsychotics",
    )
    + tuple(MEDICINE_NAMES.split("|")),
    "TAKE": (
        "took",
        "taken",
        "take",
        "taking",
        "swallowed",
        "downed",
        "ate",
        "popped",
        "had",
        "necked",
        "has taken",
        "have taken",
    ),
    # Children and pets do not take tablets, they eat them or get into them.
    "ATE": ("ate", "eaten", "got into", "chewed", "chewing"),
    # "I ate breakfast and took my pills": two things done, not tablets eaten.
    "SEQUENCE": ("and", "then", "before", "after", "with", "while"),
    "MANY": (
        "handful",
        "handfuls",
        "bunch",
        "loads",
        "lots",
        "dozens",
        "dozen",
        "whole bottle",
        "whole packet",
        "whole pack",
        "whole box",
        "whole strip",
        "entire bottle",
        "entire packet",
        "full bottle",
        "all of the",
        "the rest of",
        "too many",
        "too much",
        "way more",
        "far more",
        "more than i should",
        "more than the",
        "way too many",
        "way too much",
        "at once",
        "all at once",
        "in one go",
        "lost count",
        "don't know how many",
        "dont know how many",
        "no idea how many",
        "not sure how many",
        "a few more",
    ),
    "DELIBERATE": (
        "on purpose",
        "deliberately",
        "intentionally",
        "to end it",
        "to kill myself",
        "to die",
        "to end my life",
        "so i wouldn't wake up",
        "so i don't wake up",
        "to hurt myself",
    ),
    "SELF_HARM": (
        "kill myself",
        "killing myself",
        "kill himself",
        "kill herself",
        "end my life",
        "end his life",
        "end her life",
        "end it all",
        "ending it all",
        "ending my life",
        "want to die",
        "wanna die",
        "wants to die",
        "want to be dead",
        "don't want to live",
        "dont want to live",
        "don't want to be here",
        "dont want to be here",
        "better off dead",
        "suicide",
        "suicidal",
        "harm myself",
        "harming myself",
        "self harm",
        "self-harm",
        "self harming",
        "take my own life",
        "take my life",
        "not worth living",
        "no reason to live",
        "hurt myself on purpose",
        "want to hurt myself",
        "wanna hurt myself",
        "going to hurt myself",
        "thinking about hurting myself",
        "thoughts of hurting myself",
        "hurting myself",
        "cutting myself",
        "cutting herself",
        "cutting himself",
        "own life",
        "don't want to be alive",
        "dont want to be alive",
        "not want to be alive",
        "better off without me",
        "want to end it",
        "going to end it",
        "end it tonight",
        "gonna end it",
    ),
    "STATED": (
        "this is an emergency",
        "it's an emergency",
        "its an emergency",
        "it is an emergency",
        "need an ambulance",
        "call an ambulance",
        "calling an ambulance",
        "get an ambulance",
        "send an ambulance",
        "need a ambulance",
        "called an ambulance",
        "call 911",
        "call 999",
        "call 112",
        "calling 911",
        "calling 999",
        "calling 112",
        "dial 911",
        "dial 999",
        "ring 999",
        "phone 999",
        "medical emergency",
        "emergency !",
        "emergency!!",
        "need 999",
        "need 911",
        "need 112",
        "need help now",
        "need help right now",
        "send help",
    ),
    # The user names the emergency itself as happening.
    "NAMED_EMERGENCY": (
        "a stroke",
        "having a stroke",
        "mini stroke",
        "mini-stroke",
        "tia",
        "stroking out",
        "heart attack",
        "having a heart attack",
        "cardiac arrest",
        "anaphylaxis",
        "anaphylactic",
    ),
    "ONE_SIDE": (
        "side of my body",
        "side of his body",
        "side of her body",
        "side of their body",
        "side of the body",
        "side of my face",
        "side of his face",
        "side of her face",
        "side of the face",
        "down one side",
        "whole left side",
        "whole right side",
        "entire left side",
        "right side has",
        "left side has",
        "right side is",
        "left side is",
        "right side went",
        "left side went",
        "right side's",
        "left side's",
        "right side feels",
        "left side feels",
        "entire right side",
        "half of my body",
        "half my body",
        "half of his body",
        "half of her body",
        "half my face",
        "half of my face",
        "half of his face",
        "half of her face",
    ),
    "NUMB_WEAK": (
        "numb",
        "numbness",
        "weak",
        "weakness",
        "dead",
        "can't feel",
        "cant feel",
        "cannot feel",
        "heavy",
        "paralysed",
        "paralyzed",
        "no feeling",
        "lost feeling",
        "won't move",
        "can't move",
    ),
}

# Tablets above this count in one go are more than any usual dose of a tablet medicine.
OVERDOSE_COUNT = 8
_NUMBER_WORDS = {
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
}


@dataclass(frozen=True)
class SignRule:
    """``sign`` when a token of concept ``first`` and one of ``second`` meet within ``gap``
    tokens of one clause (either order), unless a ``blocker`` concept is in that clause."""

    sign: str
    first: str
    second: Optional[str] = None
    gap: int = 4
    blockers: Tuple[str, ...] = ()
    # Concepts that, standing between the two, part them ("ate ... and took ... pills").
    parted_by: Tuple[str, ...] = ()


SIGN_RULES: Tuple[SignRule, ...] = (
    SignRule("trouble_breathing", "DIFFICULTY", "BREATH", 3, ("NOSE",)),
    SignRule("trouble_breathing", "AIRWAY"),
    SignRule("trouble_swallowing", "DIFFICULTY", "SWALLOW", 4, ("FIGURATIVE",)),
    SignRule("face_drooping", "FACE", "DROOP", 5),
    SignRule("slurred_speech", "SPEECH", "GARBLE", 5),
    SignRule("slurred_speech", "SPEECH_ALONE"),
    SignRule("cannot_move_limb", "LIMB", "WONT_MOVE", 5, ("CRAMP",)),
    SignRule("cannot_move_limb", "WONT_MOVE_ALONE", blockers=("CRAMP",)),
    SignRule("one_sided_numbness", "ONE_SIDE", "NUMB_WEAK", 6),
    SignRule("chest_pain", "CHEST", "PAIN", 6),
    SignRule("throat_swelling", "THROAT", "SWELL", 4),
    SignRule("unresponsive", "DOWN", "NO_RESPONSE", 10),
    SignRule("unresponsive", "DOWN", "UNRESPONSIVE", 10),
    SignRule("unresponsive", "UNRESPONSIVE", blockers=("NOSE",)),
    SignRule("overdose", "PILLS", "DELIBERATE", 8),
    SignRule("overdose", "PILLS", "ATE", 4, parted_by=("TAKE", "SEQUENCE")),
    SignRule("overdose", "TAKE", "DELIBERATE", 8),
    SignRule("seizure", "SEIZURE"),
    SignRule("self_harm", "SELF_HARM"),
    SignRule("stated_emergency", "STATED"),
    SignRule("named_emergency", "NAMED_EMERGENCY"),
)

# A clause ends at these: "my chest is fine but my arm hurts" pairs nothing across "but".
CLAUSE_BREAKS = frozenset({"but", "however", "although", "though", "whereas", "except", ";", "because", "cos", "until"})
# "his face isn't drooping": a negation between the two concepts negates the sign, so the
# sign's span starts after it and negex reads the negation as it reads any other.
_NEGATIONS = frozenset(
    {"not", "n't", "nt", "never", "no", "isnt", "isn't", "wasnt", "arent", "doesnt", "dont", "without"}
)


@dataclass(frozen=True)
class ConceptHit:
    """Tokens [start, end) of the Doc that are one word or phrase of ``concept``."""

    concept: str
    start: int
    end: int


class ConceptLexicon:
    """Finds every concept's words in a Doc: phrases on LOWER, single words also by lemma."""

    def __init__(self, nlp: Language, concepts: Dict[str, Tuple[str, ...]] = CONCEPTS) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.single: Dict[str, Set[str]] = {}
        for name, words in concepts.items():
            variants = [v for w in words for v in apostrophe_variants(w)]
            self.matcher.add(name, [nlp.make_doc(v) for v in variants])
            self.single[name] = {w for w in variants if " " not in w and "'" not in w}

    def hits(self, doc: Doc) -> List[ConceptHit]:
        """All concept hits in ``doc``."""
        strings = doc.vocab.strings
        found = {ConceptHit(strings[m], s, e) for m, s, e in self.matcher(doc)}
        for token in doc:
            lemma, lower = token.lemma_.lower(), token.lower_
            for name, words in self.single.items():
                if lemma in words and lower not in words:
                    found.add(ConceptHit(name, token.i, token.i + 1))
        return sorted(found, key=lambda h: (h.start, h.end, h.concept))


def clause_ids(doc: Doc) -> List[int]:
    """A clause number per token: a new clause at each sentence start and clause break."""
    ids, current = [], 0
    for token in doc:
        if token.is_sent_start and token.i > 0:
            current += 1
        if token.lower_ in CLAUSE_BREAKS:
            current += 1
        ids.append(current)
    return ids


def _number(token) -> Optional[float]:
    text = token.lower_.replace(",", "")
    if text.isdigit():
        return float(text)
    return _NUMBER_WORDS.get(text)


def sign_spans(doc: Doc, hits: Sequence[ConceptHit]) -> List[Tuple[str, int, int]]:
    """(sign, start, end) for every rule of :data:`SIGN_RULES` that the hits satisfy."""
    clauses = clause_ids(doc)
    by_concept: Dict[str, List[ConceptHit]] = {}
    for hit in hits:
        by_concept.setdefault(hit.concept, []).append(hit)
    out: List[Tuple[str, int, int]] = []
    for rule in SIGN_RULES:
        for a in by_concept.get(rule.first, []):
            if rule.second is None:
                out.append((rule.sign, a.start, a.end))
                continue
            for b in by_concept.get(rule.second, []):
                if (a.start, a.end) == (b.start, b.end) or clauses[a.start] != clauses[b.start]:
                    continue
                lo, hi = min(a.start, b.start), max(a.end, b.end)
                between = hi - lo - (a.end - a.start) - (b.end - b.start)
                if between > rule.gap or _blocked(rule, by_concept, clauses, clauses[a.start]):
                    continue
                first, second = sorted((a, b), key=lambda h: h.start)
                if _parted(rule, by_concept, first, second):
                    continue
                if any(t.lower_ in _NEGATIONS for t in doc[first.end : second.start]):
                    lo = second.start
                out.append((rule.sign, lo, hi))
    out += _overdose_by_amount(doc, by_concept, clauses)
    return out


def _parted(rule: SignRule, by_concept: Dict[str, List[ConceptHit]], first: ConceptHit, second: ConceptHit) -> bool:
    return any(
        first.end <= h.start and h.end <= second.start for name in rule.parted_by for h in by_concept.get(name, [])
    )


def _blocked(rule: SignRule, by_concept: Dict[str, List[ConceptHit]], clauses: List[int], clause: int) -> bool:
    return any(clauses[h.start] == clause for name in rule.blockers for h in by_concept.get(name, []))


OVERDOSE_WINDOW = 15
# A count after "took" that is a time or a measure, not tablets: "took 10 minutes", "took 20mg".
_NOT_TABLETS = frozenset(
    {
        "minutes",
        "mins",
        "min",
        "hours",
        "hrs",
        "hour",
        "days",
        "day",
        "weeks",
        "seconds",
        "mg",
        "ml",
        "steps",
        "years",
        "times",
        "laps",
        "miles",
        "km",
        "percent",
        "%",
        "coffees",
        "coffee",
        "cups",
        "beers",
        "drinks",
        "cans",
        "glasses",
        "pints",
        "shots",
        "espressos",
        "reps",
        "sets",
        "pounds",
        "kg",
        "lbs",
        "months",
        "nights",
        "am",
        "pm",
    }
)


def _overdose_by_amount(
    doc: Doc, by_concept: Dict[str, List[ConceptHit]], clauses: List[int]
) -> List[Tuple[str, int, int]]:
    """ "took 20 of my sleeping tablets", "swallowed a handful of pills", "took caffeine pills,
    way more than the packet says": tablets (or a dose), taken, in a count above
    :data:`OVERDOSE_COUNT` or an amount (a handful, the whole packet, too many), all three within
    a few words of one clause; or "has taken 12 of her mum's ..." (a count right after taking)."""
    out = []
    takes = by_concept.get("TAKE", [])
    amounts = [(h.start, h.end) for h in by_concept.get("MANY", [])]
    amounts += [(t.i, t.i + 1) for t in doc if (_number(t) or 0) >= OVERDOSE_COUNT]
    for pills in by_concept.get("PILLS", []):
        clause = clauses[pills.start]
        for start, end in amounts:
            lo, hi = min(start, pills.start), max(end, pills.end)
            if clauses[start] != clause or hi - lo > OVERDOSE_WINDOW:
                continue
            for take in takes:
                if clauses[take.start] == clause and max(hi, take.end) - min(lo, take.start) <= OVERDOSE_WINDOW:
                    out.append(("overdose", min(lo, take.start), max(hi, take.end)))
                    break
    for take in takes:
        after = doc[take.end : take.end + 2]
        for token in after:
            count = _number(token)
            following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
            if count is not None and count >= OVERDOSE_COUNT and following not in _NOT_TABLETS:
                out.append(("overdose", take.start, token.i + 1))
    return out


def mark_blocked_entities(doc: Doc, hits: Sequence[ConceptHit]) -> None:
    """The phrase ruler's signs obey the same blockers: "can't breathe through my nose" is no
    airway emergency, whichever layer found "can't breathe". The entity stays, marked
    ``is_blocked``, so the extractor reports the sign as ruled out rather than unseen."""
    blocked_signs = {rule.sign: rule.blockers for rule in SIGN_RULES if rule.blockers}
    clauses = clause_ids(doc)
    for ent in doc.ents:
        blockers = blocked_signs.get(ent.ent_id_) if ent.label_ == LABEL else None
        if blockers and any(h.concept in blockers and clauses[h.start] == clauses[ent.start] for h in hits):
            ent._.is_blocked = True


def add_sign_entities(doc: Doc, signs: Sequence[Tuple[str, int, int]]) -> None:
    """Put the signs into ``doc.ents`` as EMERGENCY entities whose id is the sign; an existing
    EMERGENCY entity is kept, other overlapping entities give way to the sign."""
    if not signs:
        return
    existing = list(doc.ents)
    emergency_tokens: Set[int] = {i for e in existing if e.label_ == LABEL for i in range(e.start, e.end)}
    new_spans = []
    for sign, start, end in signs:
        if emergency_tokens & set(range(start, end)):
            continue
        new_spans.append(Span(doc, start, end, label=LABEL, span_id=sign))
    if not new_spans:
        return
    # Longest first wins among the new ones; then the new ones win over non-emergency entities.
    chosen = list(filter_spans(new_spans))
    taken: FrozenSet[int] = frozenset(i for s in chosen for i in range(s.start, s.end))
    kept = [e for e in existing if not (taken & set(range(e.start, e.end)))]
    doc.ents = sorted(kept + chosen, key=lambda s: s.start)  # type: ignore[assignment]  # spaCy annotates Doc.ents as a 1-tuple


@Language.factory(COMPONENT)
class EmergencyConcepts:
    """spaCy component: emergency signs by concept pairs (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = COMPONENT) -> None:
        self.lexicon = ConceptLexicon(nlp)

    def __call__(self, doc: Doc) -> Doc:
        hits = self.lexicon.hits(doc)
        mark_blocked_entities(doc, hits)
        add_sign_entities(doc, sign_spans(doc, hits))
        return doc
