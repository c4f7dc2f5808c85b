"""Custom actions (rasa-sdk) and the pure core they adapt.

Pure modules, importing nothing from Rasa: ``knowledge`` (articles and FAQ answers),
``symptoms`` (spaCy pipeline and extraction), ``triage`` (rules, answers, doctor summary) and
``check_state`` / ``presenting``. Thin rasa-sdk actions: ``symptom_check`` and ``assessment``.
This file must stay import-free: the Rasa server imports ``actions.symptoms`` too.
"""
