"""Clinical context of every finding, with medspacy's ConText and rules written for chat.

medspacy's ConText (the algorithm of Chapman et al., maintained by medspacy) marks each entity
with the modifiers in its sentence that change its meaning. Its bundled rules are written for
clinical notes ("history of", "r/o"); people in a chat write "years ago", "it's gone now",
"what would ... look like?", "my dad". The rules here are those chat forms, per category:

* ``HISTORICAL`` - long ago, or over and resolved: "last year", "as a kid", "it's gone now".
  Not "3 days ago": that dates the start of something still going on.
* ``HYPOTHETICAL`` - asked about, feared or conditional: "what if", "should I call 911 if",
  "what would a seizure look like", "can twitching cause", "is it a sign of".
* ``HABITUAL`` - comes and goes, not said to be happening now: "sometimes", "after I run".
* ``OTHER_PERSON`` - someone the user describes: "my dad", "she".
* ``POSSIBLE`` - the user is unsure: "I think I might be", "not sure if".

Negation stays with negspacy's negex in the pipeline (its chat termset and the five-word window
of ``extract.py`` are tuned and tested); ConText adds the five categories above, which negex
cannot express. A scope ends at the sentence end, at "but", "now", "today", "still" and the
like, so "I had chest pain last year but now I can't breathe" keeps the second sign current.
"""

from typing import Dict, List, Optional, Tuple

from medspacy.context import ConText, ConTextRule
from spacy.language import Language
from spacy.tokens import Doc, Span

COMPONENT = "twitch_context"

HISTORICAL = "HISTORICAL"
HYPOTHETICAL = "HYPOTHETICAL"
HABITUAL = "HABITUAL"
OTHER_PERSON = "OTHER_PERSON"
POSSIBLE = "POSSIBLE"
TERMINATE = "TERMINATE"

# Span attribute per category (medspacy's own names where it has one).
SPAN_ATTRIBUTES: Dict[str, str] = {
    HISTORICAL: "is_historical",
    HYPOTHETICAL: "is_hypothetical",
    HABITUAL: "is_habitual",
    OTHER_PERSON: "is_family",
    POSSIBLE: "is_uncertain",
}
# The context names a Mention carries, per attribute.
CONTEXT_NAMES: Dict[str, str] = {
    "is_historical": "historical",
    "is_hypothetical": "hypothetical",
    "is_habitual": "habitual",
    "is_family": "other_person",
    "is_uncertain": "possible",
}

_YEAR = [{"LOWER": {"REGEX": r"^(in|since|back)$"}, "OP": "?"}, {"LOWER": {"REGEX": r"^(19[5-9]\d|20[0-2]\d)$"}}]

# (literal, category, direction); literals are matched on the lower-case text.
# (literal, category, direction, max_scope); literals are matched on the lower-case text. Each
# cue is narrow on purpose: a sign wrongly read as hypothetical or past is a missed emergency,
# so "what's happening, I can't breathe", "I'm worried about my dad, he collapsed" or "is my
# chest pain serious?" must stay current. Cues after the sign reach only the next few words:
# "is slurred speech a sign of ALS?" is a general question, "my speech is slurred, is it a
# sign of ALS?" is not.
RULES: Tuple[Tuple[str, str, str, Optional[int]], ...] = tuple(
    [
        (p, HISTORICAL, "BIDIRECTIONAL", None)
        for p in (
            "years ago",
            "year ago",
            "a year ago",
            "last year",
            "the year before",
            "years back",
            "a few years back",
            "when i was a kid",
            "when i was a child",
            "when i was younger",
            "when i was a teenager",
            "as a kid",
            "as a child",
            "as a teenager",
            "in the past",
            "history of",
            "once had",
            "previously",
            "in my twenties",
            "in my teens",
            "long time ago",
            "a long time ago",
            "years before",
            "decades ago",
            "in my childhood",
            "back in the day",
            "a while back",
            "ages ago",
            "years earlier",
            "last summer",
            "last winter",
            "last spring",
            "last autumn",
            "last fall",
            "last christmas",
            "at christmas",
            "over christmas",
            "on holiday",
        )
    ]
    + [
        (p, HISTORICAL, "BIDIRECTIONAL", 6)
        for p in (
            "when he was",
            "when she was",
            "when i was little",
            "when i was a baby",
            "when i was small",
            "as a baby",
            "as a toddler",
        )
    ]
    # "the old seizure", "my old chest pain": only the next words ("the old man ... chest hurting" is now).
    + [
        (p, HISTORICAL, "FORWARD", 2)
        for p in ("the old", "my old", "an old", "that old", "the previous", "my previous")
    ]
    + [
        (p, HISTORICAL, "BACKWARD", None)
        for p in (
            "it's gone now",
            "its gone now",
            "gone now",
            "it went away",
            "went away",
            "has gone away",
            "it passed",
            "passed quickly",
            "it's passed",
            "cleared up",
            "resolved",
            "better now",
            "fine now",
            "it's fine now",
            "ok now",
            "okay now",
            "it stopped",
            "then it stopped",
            "back then",
            "at the time",
            "recovered",
            "fully recovered",
            "wore off",
            "settled down",
            "it was reflux",
            "turned out to be",
            "it was just",
            "it was anxiety",
            "came round",
            "came to",
            "was fine",
            "were fine",
            "all fine",
            "all good now",
            "it eased off",
            "eased off",
            "settled",
            "since then nothing",
        )
    ]
    + [
        (p, HYPOTHETICAL, "FORWARD", None)
        for p in (
            "what if",
            "in case",
            "what would",
            "how do i know",
            "how would i know",
            "how can i tell",
            "how do you know",
            "how to tell",
            "when should i",
            "when to",
            "signs of",
            "sign of",
            "symptoms of",
            "symptom of",
            "warning signs",
            "can twitching",
            "could twitching",
            "does twitching",
            "can als",
            "does als",
            "can ms",
            "can anxiety",
            "can stress",
            "can it cause",
            "can that cause",
            "can this cause",
            "lead to",
            "leads to",
            "progress to",
            "end up with",
            "going to get",
            "gonna get",
            "afraid of getting",
            "scared of getting",
            "worried about getting",
            "terrified of getting",
            "would i",
            "would it",
            "will i",
            "is it possible to",
            "is it normal to",
            "in the event",
            "suppose",
            "supposing",
            "tell me about",
            "explain",
            "read about",
            "reading about",
            "heard that",
            "read that",
            "i've read",
            "people say",
            "people on forums",
            "they say",
            "can cause",
            "could cause",
            "may cause",
            "might cause",
            "ever cause",
            "would you",
            "at what point",
            "what are the signs",
            "nearly had",
            "almost had",
            "nearly gave me",
            "almost gave me",
            "the difference between",
            "prepared for",
            "if i ever",
            "if i start",
            "if i develop",
            "if it gets",
            "if he gets",
            "if she gets",
            "if you have",
            "if someone",
            "if somebody",
            "if they get",
            "if my",
            "if it spreads",
            "if it comes",
            "even if",
            "only if",
            "if you get",
        )
    ]
    # "should I call 911 if I get chest pain?": the call is as hypothetical as the pain.
    + [
        (p, HYPOTHETICAL, "BIDIRECTIONAL", None)
        for p in (
            "if i get",
            "if that happens",
            "if this happens",
            "if it happens",
            "if someone has",
            "if i have",
            "if i had",
            "if i ever get",
        )
    ]
    + [(p, HYPOTHETICAL, "BACKWARD", 2) for p in ("look like", "looks like")]
    + [
        (p, HYPOTHETICAL, "BIDIRECTIONAL", 3)
        for p in (
            "a sign of",
            "be a sign",
            "a symptom of",
            "a warning sign",
            "an early sign",
            "early sign",
        )
    ]
    + [(p, HYPOTHETICAL, "FORWARD", 3) for p in ("cause", "causes")]
    + [
        (p, HABITUAL, "BIDIRECTIONAL", None)
        for p in (
            "sometimes",
            "occasionally",
            "every now and then",
            "now and then",
            "now and again",
            "from time to time",
            "every so often",
            "at times",
            "on and off",
            "off and on",
            "whenever",
            "every time",
            "usually",
            "after i run",
            "after running",
            "after exercise",
            "after a workout",
            "after workouts",
            "after the gym",
            "during exercise",
            "when i exercise",
            "when i run",
            "when i work out",
            "when i lie down",
        )
    ]
    + [
        (p, OTHER_PERSON, "FORWARD", None)
        for p in (
            "my dad",
            "my father",
            "my mum",
            "my mom",
            "my mother",
            "my wife",
            "my husband",
            "my partner",
            "my son",
            "my daughter",
            "my brother",
            "my sister",
            "my friend",
            "my boyfriend",
            "my girlfriend",
            "my grandma",
            "my grandmother",
            "my grandpa",
            "my grandfather",
            "my nan",
            "my uncle",
            "my aunt",
            "my baby",
            "my child",
            "my kid",
            "my toddler",
            "my colleague",
            "my neighbour",
            "my neighbor",
            "my roommate",
            "my flatmate",
            "he",
            "she",
            "his",
            "her",
            "him",
            "he's",
            "she's",
        )
    ]
    + [
        (p, POSSIBLE, "FORWARD", None)
        for p in (
            "i think",
            "i might",
            "might be",
            "maybe",
            "possibly",
            "not sure if",
            "not sure whether",
            "unsure if",
            "could be",
            "i wonder if",
            "i feel like",
            "kind of",
            "sort of",
            "probably",
            "perhaps",
        )
    ]
    + [
        (p, TERMINATE, "TERMINATE", None)
        for p in (
            "but",
            "however",
            "although",
            "though",
            "now",
            "right now",
            "today",
            "tonight",
            "this morning",
            "currently",
            "at the moment",
            "still",
            "yet",
            "except",
            "and now",
            "these days",
            "this week",
            "since then",
            "lately",
            "recently",
            "suddenly",
            "all of a sudden",
            "also",
            "then",
            "and then",
        )
    ]
)


def build_rules() -> List[ConTextRule]:
    """The chat rules as ConText rules (see the module docstring)."""
    rules = [
        ConTextRule(literal, category, direction=direction, max_scope=scope)
        for literal, category, direction, scope in RULES
    ]
    rules.append(ConTextRule("<year>", HISTORICAL, pattern=_YEAR, direction="BIDIRECTIONAL"))
    return rules


if not Span.has_extension("is_habitual"):
    Span.set_extension("is_habitual", default=False)


# A sentence that asks about things in general names nobody: "is trouble breathing an early
# sign of ALS?", "what's the difference between a seizure and a twitch?". One that names
# someone or "this" asks about what is happening: "is this a heart attack?", "is my chest pain
# serious?", "what do I do, she's not breathing?".
_QUESTION_OPENERS = frozenset(
    {
        "is",
        "are",
        "can",
        "could",
        "does",
        "do",
        "did",
        "should",
        "would",
        "will",
        "how",
        "what",
        "what's",
        "whats",
        "why",
        "when",
        "which",
        "who",
        "any",
        "anyone",
        "has",
        "have",
    }
)
_SOMEONE_OR_NOW = frozenset(
    {
        "i",
        "i'm",
        "im",
        "me",
        "my",
        "mine",
        "myself",
        "we",
        "us",
        "our",
        "he",
        "she",
        "his",
        "her",
        "him",
        "they",
        "them",
        "their",
        "this",
        "now",
        "'m",
        "ive",
        "i've",
    }
)


# Words people start a question with before the question itself: "and is there ...", "like, could ...".
_LEAD_INS = frozenset({"and", "so", "but", "also", "like", "ok", "okay", "oh", "um", "hmm", "then", "just", "anyway"})


def is_general_question(sentence: Span) -> bool:
    """A question (opener and "?") about no one in particular (see above)."""
    words = [t.lower_ for t in sentence if not t.is_punct]
    while words and words[0] in _LEAD_INS:
        words = words[1:]
    if not words or words[0] not in _QUESTION_OPENERS or sentence[-1].text != "?":
        return False
    return not _SOMEONE_OR_NOW & set(words)


class ChatContext:
    """medspacy's ConText with the chat rules, then general questions marked hypothetical."""

    def __init__(self, context: ConText) -> None:
        self.context = context

    def __call__(self, doc: Doc) -> Doc:
        doc = self.context(doc)
        for ent in doc.ents:
            if is_general_question(ent.sent):
                ent._.is_hypothetical = True
        return doc


@Language.factory(COMPONENT)
def create_context(nlp: Language, name: str = COMPONENT) -> ChatContext:
    """medspacy's ConText with the chat rules and attributes above (built at load, not saved)."""
    span_attrs = {category: {attribute: True} for category, attribute in SPAN_ATTRIBUTES.items()}
    context = ConText(nlp, name=name, rules=None, span_attrs=span_attrs, input_span_type="ents")
    context.add(build_rules())
    return ChatContext(context)


def context_of(span: Span) -> Tuple[str, ...]:
    """The context names (``historical``, ``hypothetical``, ...) ConText gave ``span``."""
    return tuple(name for attribute, name in CONTEXT_NAMES.items() if getattr(span._, attribute, False))
