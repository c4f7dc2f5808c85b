"""The project's spaCy pipeline: built offline from ``spacy.blank("en")``, saved with ``to_disk``.

Components, in order:

1. ``entity_ruler`` - phrase patterns on LOWER plus number/regex token patterns; see
   ``patterns.py``. LOWER matching matters: Rasa's SpacyNLP lower-cases text first. It runs
   first so that loading its ~12k phrase patterns only needs the tokenizer (fast, no W012).
2. ``sentencizer``  - sentence ends bound the scope of a negation (negex needs ``doc.sents``).
3. ``lemmatizer``   - lookup mode, tables from spacy-lookups-data (installed, no download).
4. ``lemma_ruler``  - a second EntityRuler with LEMMA patterns only ("twitchier", "cramping
   up"); it never overwrites what the phrase ruler found.
5. ``twitch_emergency_concepts`` - emergency signs by meaning, pairs of concepts in one clause
   (``emergency_concepts.py``); built from code at load, nothing saved.
6. ``negex``        - negspacy, termset "en_clinical" extended for chat
   (``patterns.negation_termset``), applied to all eight labels.
7. ``twitch_context`` - medspacy's ConText with chat rules: historical, hypothetical,
   habitual, someone else's, possible (``clinical_context.py``); built at load.

Usage::

    python -m actions.symptoms.pipeline build/spacy_pipeline   # writes the pipeline
    spacy.load("build/spacy_pipeline")                         # after importing this module

Importing this module registers the ``negex``, ``twitch_emergency_concepts`` and
``twitch_context`` factories (needed by ``spacy.load``) and does nothing else: the pipeline is built or loaded only when a function is called.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from pathlib import Path
from typing import Iterator, List, Union

import spacy
import srsly
from negspacy.negation import Negex  # noqa: F401  (registers the "negex" factory)
from spacy.language import Language
from spacy.pipeline import EntityRuler

from actions.symptoms import clinical_context, emergency_concepts, patterns, spelling

DEFAULT_PATH = Path("build/spacy_pipeline")
ARTICLES = Path(__file__).resolve().parents[2] / "data" / "knowledge" / "articles"


def build_pipeline() -> Language:
    """A fresh pipeline with every pattern loaded. Takes a few seconds."""
    nlp = spacy.blank("en")
    nlp.add_pipe(
        "entity_ruler",
        config={"phrase_matcher_attr": "LOWER", "validate": True, "overwrite_ents": True},
    )
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("entity_ruler", name="lemma_ruler", config={"validate": True, "overwrite_ents": False})
    nlp.add_pipe(emergency_concepts.COMPONENT)
    nlp.add_pipe(
        "negex",
        config={
            "neg_termset": patterns.negation_termset(),
            "ent_types": list(patterns.LABELS),
            "chunk_prefix": [],
        },
    )
    nlp.add_pipe(clinical_context.COMPONENT)
    # initialize() loads the lookup tables and clears the rulers, so patterns come after it.
    nlp.initialize()
    entity_ruler: EntityRuler = nlp.get_pipe("entity_ruler")  # type: ignore[assignment]
    lemma_ruler: EntityRuler = nlp.get_pipe("lemma_ruler")  # type: ignore[assignment]
    entity_ruler.add_patterns(patterns.token_patterns() + patterns.phrase_patterns())
    lemma_ruler.add_patterns(patterns.lemma_patterns())
    nlp.meta["twitch_patterns_sha256"] = patterns_fingerprint()
    nlp.meta["name"] = "twitch_symptoms"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = (
        "Symptom, body place, duration, onset, frequency, spread, trigger and emergency-sign "
        "entities with negation, built from spacy.blank('en')."
    )
    return nlp


def save_pipeline(path: Union[str, Path] = DEFAULT_PATH) -> Path:
    """Build and write the pipeline to ``path`` (same inputs give the same files)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    build_pipeline().to_disk(path)
    _sort_sentencizer_chars(path / "sentencizer.json")
    spelling.save_corrector(spelling.build_corrector(domain_texts()), path)
    return path


def _strings(value: object) -> Iterator[str]:
    """Every string value inside a pattern structure (not its keys: "LOWER", "OP")."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def domain_texts() -> List[str]:
    """The words typos are corrected towards: every pattern, negation and context cue, emergency
    concept and article."""
    pattern_data = [
        patterns.phrase_patterns(),
        patterns.token_patterns(),
        patterns.lemma_patterns(),
        patterns.negation_termset(),
        emergency_concepts.CONCEPTS,
        clinical_context.RULES,
    ]
    texts = [text for data in pattern_data for text in _strings(data) if not text.startswith("^")]
    # An article's text, without its front matter (file names, notes on the capture).
    articles = [
        article.read_text(encoding="utf-8").split("\n---\n", 1)[-1] for article in sorted(ARTICLES.glob("*.md"))
    ]
    return texts + articles


@functools.cache
def spelling_corrector(path: Union[str, Path, None] = None) -> spelling.SpellingCorrector:
    """The corrector saved with the pipeline at ``path`` (as :func:`load_pipeline` chooses)."""
    if path is None:
        if is_current(DEFAULT_PATH) and (DEFAULT_PATH / spelling.VOCABULARY_FILE).exists():
            return spelling.load_corrector(DEFAULT_PATH)
        return spelling.build_corrector(domain_texts())
    return spelling.load_corrector(Path(path))


def _sort_sentencizer_chars(path: Path) -> None:
    """The sentencizer writes its punctuation *set* in hash order; sort it so that two builds
    give byte-identical files (the set is rebuilt on load, so order has no effect)."""
    cfg = srsly.read_json(path)
    cfg["punct_chars"] = sorted(cfg["punct_chars"])
    srsly.write_json(path, cfg)


def patterns_fingerprint() -> str:
    """SHA-256 of all pattern data, the negation termset, the emergency concepts and the
    context rules: a saved pipeline whose meta carries a different value was built from older
    ones."""
    data = {
        "phrases": patterns.phrase_patterns(),
        "tokens": patterns.token_patterns(),
        "lemmas": patterns.lemma_patterns(),
        "negation": patterns.negation_termset(),
        "emergency_concepts": emergency_concepts.CONCEPTS,
        "emergency_rules": [repr(rule) for rule in emergency_concepts.SIGN_RULES],
        "context_rules": clinical_context.RULES,
        "spelling": [
            spelling.MIN_LENGTH,
            spelling.TWO_EDITS_FROM,
            spelling.ENGLISH_LOG_PROB,
            hashlib.sha256("\n".join(domain_texts()).encode("utf-8")).hexdigest(),
        ],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


def is_current(path: Union[str, Path]) -> bool:
    """Whether the pipeline saved at ``path`` was built from the current patterns."""
    meta_path = Path(path) / "meta.json"
    if not meta_path.exists():
        return False
    meta = srsly.read_json(meta_path)
    return meta.get("twitch_patterns_sha256") == patterns_fingerprint()


@functools.cache
def load_pipeline(path: Union[str, Path, None] = None) -> Language:
    """The pipeline from ``path``. With no path: the saved ``build/spacy_pipeline`` if it was
    built from the current patterns, otherwise a fresh in-memory build (never a stale one).

    Cached per argument, so tests and ``extract_text`` pay the load once per process.
    """
    if path is None:
        if is_current(DEFAULT_PATH):
            return spacy.load(DEFAULT_PATH)
        return build_pipeline()
    return spacy.load(Path(path))


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else DEFAULT_PATH
    save_pipeline(target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
