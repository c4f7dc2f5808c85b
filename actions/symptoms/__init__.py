"""Symptom extraction: the project's spaCy pipeline and the pure extractor on top of it.

Modules (import them directly; this package imports nothing, so importing it is free):

* ``patterns``  - pattern data for the EntityRuler and the negex termset (pure data).
* ``durations`` - ``parse_duration(text) -> days`` (pure).
* ``pipeline``  - ``build_pipeline()``, ``save_pipeline(path)``, ``load_pipeline(path)`` and the
  ``python -m actions.symptoms.pipeline build/spacy_pipeline`` CLI; importing it registers
  negspacy's ``negex`` factory so ``spacy.load`` works.
* ``extract``   - ``extract(doc) -> Findings``, ``extract_text(text) -> Findings``.
"""
