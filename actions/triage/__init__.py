"""Red-flag triage: a versioned rule table over symptom findings and form answers.

Modules (import them directly; this package imports nothing):

* ``rules``   - ``RULES_VERSION``, ``Tier``, ``TriageInput``, ``Rule``, ``RULES`` (+ reason keys).
* ``assess``  - ``assess(inp) -> Assessment`` with ``Reason``s and sources.
* ``summary`` - ``doctor_summary(inp, assessment) -> DoctorSummary``.
* ``answers`` - ``parse_answer(slot, text)`` for the symptom form's questions.

Pure Python: nothing here imports Rasa; only ``answers`` needs the spaCy pipeline.
"""
