"""The actions the action server serves. Importing this module registers them with rasa-sdk
and loads only what they need: the check's state machine, the triage rules and the articles'
citations, not the spaCy pipeline, scikit-learn or TensorFlow, which only the Rasa server uses
(tests/test_action_registry.py)."""

from actions.assessment import ActionAssessSymptoms, ActionDoctorSummary
from actions.further_answers import ActionAnswerFurther
from actions.symptom_check import ActionAskDetailsConfirmed, ValidateSymptomForm

SERVED = (
    ActionAnswerFurther,
    ActionAskDetailsConfirmed,
    ActionAssessSymptoms,
    ActionDoctorSummary,
    ValidateSymptomForm,
)
