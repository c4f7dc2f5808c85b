"""Questions the articles do not cover, and who can answer them instead.

Both articles are about twitching in adults. A question about a baby's or child's twitching or
tics, tetanus after a wound, pregnancy, the jerks of falling asleep, a medicine's dose, a pet,
the treatment, outlook or heredity of the conditions the articles name, or another condition
(restless legs, Parkinson's, migraine, ...) gets no article answer, however close its words are to one: the reply says plainly that the
articles do not cover it and names the right help (domain.yml, utter_outside_articles, one
variation per kind). Emergency signs are decided before this and keep priority.

Pure Python (stdlib only).
"""

from __future__ import annotations

import re
from typing import Optional

_CHILD = (
    r"(bab(y|ies)|infants?|newborns?|toddlers?|preschoolers?|child(ren)?|kids?|kiddo|little (one|boy|girl|son|daughter)"
    r"|\d{1,2}[- ]?(month|week|wk)s?[- ]old"
    r"|(1[0-2]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ]?(year|yr)s?[- ]old"
    r"|(son|daughter|boy|girl) (is|aged|who is) ([1-9]|1[0-2]))"
)
_TWITCH = r"(twitch\w*|jerk\w*|tics?|spasm\w*|blink\w*|jump\w*|shak\w*|trembl\w*|cramp\w*|flutter\w*|fasciculat\w*)"
# Between a child and the twitching: one clause, and no "my" or "I" (whose twitching it would be).
_SAME_CLAUSE = r"(?:(?!\b(?:my|i|i'm|im|me|mine)\b)[^.!?\n,;])"
_ANIMAL = (
    r"(?<!charley )(?<!charlie )(dog|dogs|puppy|cat|cats|kitten|horse|pony|hamster|rabbit|bunny|pet|parrot|budgie"
    r"|labrador|spaniel|terrier)('?s)?"
)
_CONDITION = (
    r"(als|lou gehrig'?s?|motor neu?rone? disease|mnd|ms|multiple sclerosis|isaac'?s?( syndrome)?|neuromyotonia)"
)
# What the articles never say about these conditions: treatment, cure, outlook, heredity.
_CONDITION_DETAIL = (
    r"(treat\w*|cure\w*|curable|genetic\w*|heredit\w*|inherit\w*|runs? in (the|my|our) family|life expectancy"
    r"|how long (do|does|can|will) (people|patients|you|someone|he|she|they) (usually )?live|prognosis|survival|medications?"
    r"|drugs?|riluzole|clinical trials?|therap(y|ies))"
)
# Kinds in order of priority: a question about a pregnant woman's toddler is about the child.
# A child or an animal is recognised where the twitching is theirs ("my toddler's eyelid keeps
# twitching"), not where it is only context ("up all night with the new baby. My eyelid
# twitches", "I walk the dog and that's it").
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "animal",
        re.compile(
            rf"\b{_ANIMAL}\b{_SAME_CLAUSE}{{0,60}}\b{_TWITCH}|\b{_TWITCH}\b{_SAME_CLAUSE}{{0,40}}\b(in|of) (my|a|her|his|our|the) {_ANIMAL}\b"
            r"|\b(vet|vets)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "child",
        re.compile(
            rf"\b{_CHILD}\b{_SAME_CLAUSE}{{0,80}}\b{_TWITCH}|\b{_TWITCH}\b{_SAME_CLAUSE}{{0,40}}\b(in|of) (my|a|her|his|our|the) {_CHILD}\b"
            r"|\btic disorders?\b|\btourette",
            re.IGNORECASE,
        ),
    ),
    ("tetanus", re.compile(r"\b(tetanus|tetnus|tetanis)\b", re.IGNORECASE)),
    ("pregnancy", re.compile(r"\b(pregnan\w*|trimester|expecting a baby|breast ?feeding)\b", re.IGNORECASE)),
    (
        "sleep_start",
        re.compile(
            r"\b(hypnic|sleep starts?|(jerk|jolt|jump)\w* (me )?(awake|as i (fall|drift)|when i (fall|drift)|just as i)"
            r"|(falling|fall|drifting|drift) (off|asleep)\W+(\w+\W+){0,6}(jerk|jolt)\w*)",
            re.IGNORECASE,
        ),
    ),
    (
        "medicine_dose",
        re.compile(
            r"\b(dose|doses|dosage|dosing|\d+ ?(mg|mcg|milligrams?)|how (much|many) (\w+ ){0,2}(should|can|do) i take"
            r"|interact\w*|mix(ing)? \w+ (with|and))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "condition_details",
        re.compile(
            rf"\b{_CONDITION}\b[^.!?\n]{{0,60}}\b{_CONDITION_DETAIL}\b|\b{_CONDITION_DETAIL}\b[^.!?\n]{{0,40}}\b(for|of|with) {_CONDITION}\b",
            re.IGNORECASE,
        ),
    ),
    (
        "other_condition",
        re.compile(
            r"\b(restless legs?|rls|parkinson'?s?|essential tremor|raynaud'?s?|migraines?|epilep\w*|fibromyalgia|carpal tunnel"
            r"|doms|delayed onset muscle soreness|benign fasciculation\w*|bfs|alcohol withdrawal|withdrawal|arthritis|dystonia"
            r"|myoclonus|bell'?s palsy|blepharospasm|hemifacial spasm|creatine|nicotine|vap(e|es|ing)|botox)\b",
            re.IGNORECASE,
        ),
    ),
)
# Kinds that a description of symptoms is rerouted for too, unless it reports a red flag (which
# keeps the check and its tier): a pet or a child is not triaged with the articles' adult rules.
DESCRIPTION_KINDS = frozenset({"animal", "child"})


def outside_articles_kind(text: str) -> Optional[str]:
    """The kind of question the articles do not cover that the message asks about, or None."""
    return next((kind for kind, pattern in _KINDS if pattern.search(text or "")), None)
