"""Turn a Doc from the project pipeline into :class:`Findings` (pure, no Rasa imports).

``extract(doc)`` reads the entities the EntityRuler found and negex's ``._.negex`` flag, and
adds what a flat entity list cannot express:

* **negation scope limit** - negex negates everything after a cue up to a clause break. On
  top of that a finding counts as negated only if a cue is within five words of it
  (the window of the original NegEx algorithm; words of other findings and list glue such as
  "or", "any", "," are not counted). A long sentence therefore cannot silently hide a
  red flag ("I haven't been to the gym in ages and since then my legs are weak").
* **sides and plurals** - "left calf" -> ``left_calf``, "both calves"/"my calves" ->
  ``left_calf`` + ``right_calf``; distinct places are counted with a part-of relation
  ("my leg, mostly the calf" is one place).
* **negated onset/frequency/spread flip** - "it didn't come on suddenly" -> gradual,
  "it isn't in multiple places" -> ``multiple_places=False``.
* **medicine cues** - "the doctor put me on", "started taking", "prescribed", "my dose" say
  a medicine is taken without naming one; they count as a medicine unless the sentence
  names something else taken (a supplement, caffeine, alcohol, a diet, exercise) and no
  medicine ("the doctor put me on magnesium" is the supplement).
* **lockjaw by context** - a wound ("rusty nail", "a cut") plus a stiff/spasming/twitching
  jaw is the ``lockjaw`` emergency sign even without the word "lockjaw".

Mention ``value`` per kind: symptom/trigger/emergency/onset/frequency/spread -> the normalised
value; location -> ``left_calf`` | ``right_calf`` | ``both_calf`` | ``calf``; duration -> days
as a number string ("21", "0.5") or "unknown". ``start``/``end`` are character offsets in the
text the Doc was made from.
"""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, List, Sequence, Set, Tuple

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from actions.symptoms import patterns
from actions.symptoms.clinical_context import context_of
from actions.symptoms.durations import parse_duration
from actions.symptoms.emergency_concepts import clause_ids
from actions.symptoms.patterns import distinct_places, split_place  # noqa: F401  (re-exported)
from actions.symptoms.findings import (  # noqa: F401  (re-exported: the model of what was found)
    ABOUT_SOMETHING_ELSE,
    NOT_CURRENT,
    NOT_CURRENT_CONTEXT,
    SET_ASIDE_BY,
    Findings,
    Mention,
    comes_and_goes,
    findings_from_mentions,
    set_aside,
)
from actions.symptoms.findings import _LIST_GLUE, _OLD_OR_ASKED, _SIDE_GLUE, _SIDE_WORDS, NEGATION_WINDOW
from actions.symptoms.pipeline import load_pipeline, spelling_corrector
from actions.symptoms.spelling import nlu_text


def extract_text(text: str) -> Findings:
    """Findings for raw text, using the cached project pipeline."""
    return extract(load_pipeline()(text))


def extract_message(text: str) -> Findings:
    """Findings for a user's message read as the Rasa server reads it: canonical form, typos
    corrected (addons/canonical_text.py), lower case (SpacyNLP), the project pipeline."""
    return extract_text(nlu_text(text, spelling_corrector()).lower())


def extract(doc: Doc) -> Findings:
    """Findings from a Doc produced by the project pipeline (see module docstring)."""
    ents = [e for e in doc.ents if e.label_ in patterns.LABELS and e.ent_id_ != patterns.IGNORE]
    ents = _resolve_medicine_cues(ents)
    ents, joined = _join_durations(doc, ents)
    negated = _negation_flags(doc, ents)
    elsewhere = _about_something_else(doc, ents)
    mentions = tuple(
        Mention(
            kind=ent.label_.lower(),
            value=_duration_value(joined[ent]) if ent in joined else _value(doc, ent),
            text=joined.get(ent, ent.text),
            negated=neg,
            start=ent.start_char,
            end=ent.start_char + len(joined[ent]) if ent in joined else ent.end_char,
            context=context_of(ent) + ((ABOUT_SOMETHING_ELSE,) if ent in elsewhere else ()),
        )
        for ent, neg in zip(ents, negated)
    )
    return findings_from_mentions(mentions)


# Things one takes or is put on that are not medicines: a cue next to one of them is about it.
_TAKEN_OTHER_THAN_MEDICINE = frozenset({"supplement", "caffeine", "alcohol", "diet", "exercise"})


def _resolve_medicine_cues(ents: List[Span]) -> List[Span]:
    """The entities without the medicine cues that are about something else (module docstring)."""

    def about_something_else(cue: Span) -> bool:
        same_sentence = [e for e in ents if e.label_ == "TRIGGER" and e.sent.start == cue.sent.start]
        named = {e.ent_id_ for e in same_sentence}
        return patterns.MEDICATION not in named and bool(named & _TAKEN_OTHER_THAN_MEDICINE)

    return [e for e in ents if e.ent_id_ != patterns.MEDICATION_CUE or not about_something_else(e)]


# "2 weeks and 1 day", "a month, 3 days": one length in two spans.
_DURATION_JOINERS = frozenset({"and", ",", "&", "plus"})
_DURATION_STARTS = frozenset({"since", "from", "last", "ago", "until", "till"})


def _join_durations(doc: Doc, ents: List[Span]) -> Tuple[List[Span], Dict[Span, str]]:
    """The entities with each pair of durations joined by "and" as one (the first span stands
    for both, with the joined text), and the joined texts."""
    kept: List[Span] = []
    joined: Dict[Span, str] = {}
    for ent in ents:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and ent.label_ == previous.label_ == "DURATION"
            and all(t.lower_ in _DURATION_JOINERS for t in doc[previous.end : ent.start])
            and ent.start - previous.end <= 2
            # "3 weeks ago and since yesterday" are two times, not one length
            and doc[previous.end - 1].lower_ != "ago"
            and ent[0].lower_ not in _DURATION_STARTS
        ):
            joined[previous] = doc.text[previous.start_char : ent.end_char]
            continue
        kept.append(ent)
    return kept, joined


def _duration_value(text: str) -> str:
    days = parse_duration(text)
    return "unknown" if days is None else f"{days:g}"


def _about_something_else(doc: Doc, ents: Sequence[Span]) -> FrozenSet[Span]:
    """Durations, places and spread said of something other than the current symptoms.

    In a long message, "I've been on coffee for the past 2 months. My eyelid started twitching
    4 days ago" dates the twitching at 4 days: a duration counts by where it stands (in a clause
    with a current symptom, best; in a sentence with one; with none), and only the best placed
    ones are kept. "Two years ago I had numbness in my leg, it's gone now" names an old
    episode's place and time, not the twitching's. "My sleep is all over the place" is about
    sleep, not about twitching in many places."""
    clauses = clause_ids(doc)
    symptoms = [e for e in ents if e.label_ == "SYMPTOM"]
    current = [e for e in symptoms if not _OLD_OR_ASKED & set(context_of(e))]
    symptom_clauses = {clauses[e.start] for e in current}
    symptom_sentences = {e.sent.start for e in current}
    old_sentences = {e.sent.start for e in symptoms} - symptom_sentences

    def placement(ent: Span) -> int:
        if clauses[ent.start] in symptom_clauses:
            return 2
        return 1 if ent.sent.start in symptom_sentences else 0

    durations = [e for e in ents if e.label_ == "DURATION"]
    best = max((placement(e) for e in durations), default=0)
    elsewhere = {e for e in durations if placement(e) < best}
    elsewhere |= {e for e in ents if e.label_ == "LOCATION" and e.sent.start in old_sentences}
    finding_tokens = {i for e in ents if e.label_ in ("SYMPTOM", "LOCATION", "ONSET") for i in range(e.start, e.end)}
    elsewhere |= {e for e in ents if e.label_ == "SPREAD" and _said_of_something_else(doc, e, finding_tokens)}
    kept = [e for e in durations if e not in elsewhere]
    elsewhere |= {
        e
        for e in kept
        if doc[e.end - 1].lower_ == "ago"
        and _dates_another_event(doc, e, finding_tokens)
        and any(other.sent.start == e.sent.start for other in kept if other is not e)
    }
    return frozenset(elsewhere)


# Words that say a time is when the symptoms began: "it started 3 weeks ago".
_START_WORDS = frozenset(
    {
        "start",
        "started",
        "starting",
        "starts",
        "began",
        "begun",
        "begin",
        "noticed",
        "notice",
        "came",
        "come",
        "kicked",
        "first",
        "it",
        "this",
        "they",
        "twitch",
        "twitching",
        "twitches",
    }
)
_EVENT_WINDOW = 6


def _dates_another_event(doc: Doc, duration: Span, finding_tokens: Set[int]) -> bool:
    """ "a book review I had promised the editor 41 days ago": a time "ago" whose nearby words
    name no symptom, place or start, beside another time in the same sentence."""
    before = range(max(duration.start - _EVENT_WINDOW, duration.sent.start), duration.start)
    after = range(duration.end, min(duration.end + 3, duration.sent.end))
    near = [doc[i] for i in (*before, *after)]
    return not any(t.i in finding_tokens or t.lower_ in _START_WORDS for t in near)


_COPULAS = frozenset({"is", "are", "'s", "was", "were", "been", "feels", "feel", "seems"})
_TWITCH_SUBJECTS = frozenset(
    {"it", "they", "this", "that", "these", "those", "twitching", "twitches", "twitch", "spasms", "jumps"}
)


def _said_of_something_else(doc: Doc, spread: Span, finding_tokens: Set[int]) -> bool:
    """ "my sleep is all over the place", "my head's all over the place": the subject of the
    copula before the spread words is neither the twitching nor a place."""
    for i in range(spread.start - 1, max(spread.start - 4, 0), -1):
        if doc[i].lower_ in _COPULAS:
            subject = doc[i - 1]
            return subject.i not in finding_tokens and subject.lower_ not in _TWITCH_SUBJECTS
    return False


# ----------------------------------------------------------------------------- places


def _location_value(doc: Doc, ent: Span) -> str:
    place = ent.ent_id_
    sides = set()
    # Look left over "my left", "both my", "left and right", "the left side of my".
    i = ent.start - 1
    while i >= max(ent.sent.start, ent.start - 6):
        tok = doc[i]
        word = tok.lower_
        if word in _SIDE_WORDS:
            sides.add(_SIDE_WORDS[word])
        elif word not in _SIDE_GLUE or (tok.ent_type_ and tok.ent_type_ != "LOCATION"):
            break
        elif tok.ent_type_ == "LOCATION":
            break
        i -= 1
    if not sides:
        # ... or right: "calf on the left", "neck, left side".
        for tok in doc[ent.end : min(ent.sent.end, ent.end + 4)]:
            word = tok.lower_
            if word in _SIDE_WORDS and word not in {"each", "either", "other"}:
                sides.add(_SIDE_WORDS[word])
            elif word not in {"on", "the", "my", "of", "side", "sides", ",", "hand", "body"}:
                break
    if {"left", "right"} <= sides or "both" in sides:
        side = "both"
    elif sides:
        side = sorted(sides)[0]
    elif ent.text.lower() in patterns.PAIRED_PLURALS or ent[-1].lower_ in patterns.PAIRED_PLURALS:
        side = "both"
    else:
        side = ""
    return f"{side}_{place}" if side else place


# ----------------------------------------------------------------------------- values


def _value(doc: Doc, ent: Span) -> str:
    if ent.label_ == "LOCATION":
        return _location_value(doc, ent)
    if ent.label_ == "DURATION":
        days = parse_duration(ent.text)
        return "unknown" if days is None else f"{days:g}"
    if ent.ent_id_ == patterns.MEDICATION_CUE:
        return patterns.MEDICATION
    return ent.ent_id_


# ----------------------------------------------------------------------------- negation scope

_MATCHERS: Dict[int, Tuple[object, PhraseMatcher]] = {}


def _cue_matcher(doc: Doc) -> PhraseMatcher:
    """The negex termset as a PhraseMatcher on this Doc's vocab, built once per vocab."""
    key = id(doc.vocab)
    cached = _MATCHERS.get(key)
    if cached is not None and cached[0] is doc.vocab:
        return cached[1]
    import spacy  # local: only needed the first time

    tokenizer: Any = spacy.blank("en", vocab=doc.vocab).tokenizer
    matcher = PhraseMatcher(doc.vocab, attr="LOWER")
    termset = patterns.negation_termset()
    for name, key_name in (
        ("pseudo", "pseudo_negations"),
        ("preceding", "preceding_negations"),
        ("following", "following_negations"),
        ("termination", "termination"),
    ):
        matcher.add(name, list(tokenizer.pipe(termset[key_name])))
    _MATCHERS[key] = (doc.vocab, matcher)
    return matcher


def _negation_flags(doc: Doc, ents: List[Span]) -> List[bool]:
    """negex's verdict, kept only when a negation cue is close enough (see module docstring)."""
    if not ents:
        return []
    has_negex = Span.has_extension("negex")
    matcher = _cue_matcher(doc)
    strings = doc.vocab.strings
    found = [(strings[m], s, e) for m, s, e in matcher(doc)]
    pseudo = [(s, e) for kind, s, e in found if kind == "pseudo"]
    cues = [(kind, s, e) for kind, s, e in found if kind != "pseudo" and not any(ps <= s <= pe for ps, pe in pseudo)]
    starts = sorted({sent.start for sent in doc.sents} | {s for k, s, _ in cues if k == "termination"} | {len(doc)})
    entity_tokens = {i for ent in ents for i in range(ent.start, ent.end)}

    def boundary(ent: Span) -> Tuple[int, int]:
        lo = max(s for s in starts if s <= ent.start)
        hi = min(s for s in starts if s > ent.start)
        return lo, hi

    def gap(a: int, b: int) -> int:
        return sum(1 for i in range(a, b) if i not in entity_tokens and doc[i].lower_ not in _LIST_GLUE)

    flags = []
    for ent in ents:
        negex_says = bool(ent._.negex) if has_negex else True
        lo, hi = boundary(ent)
        close = ent.end <= hi and any(
            (kind == "preceding" and lo <= s and e <= ent.start and gap(e, ent.start) <= NEGATION_WINDOW)
            or (kind == "following" and s >= ent.end and e <= hi and gap(ent.end, s) <= NEGATION_WINDOW)
            for kind, s, e in cues
        )
        # a sign ruled out by its context ("can't breathe through my nose") counts as absent
        flags.append((negex_says and close) or bool(ent._.is_blocked))
    return flags
