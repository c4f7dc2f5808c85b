"""Rasa NLU component: the spaCy findings as entities, and the safety overrides of the intent.

SpacyNLP has already run the project pipeline (EntityRuler + negex) on the message; this
component reads the Doc, calls the pure extractor once, and writes one entity per mention
(negated mentions get the role ``negated``). It runs last in the NLU pipeline so that its
emergency decision beats DIET and the FallbackClassifier in both directions: a non-negated
emergency sign always yields ``emergency``; ``emergency`` without one is never kept
(a plain DIET model once classified "I have no trouble swallowing" as a red flag at 1.0).
A message describing the user's own symptoms, or reporting any red flag, becomes
``describe_symptoms`` when the classifier took it for an FAQ question, out of scope, an unclear
message or a bare answer (actions/triage/routing.py), so red flags are never just "answered".
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.symptoms.extract import Findings, Mention, extract
from actions.triage.routing import describes_own_symptoms

EMERGENCY_INTENT = "emergency"
DESCRIBE_INTENT = "describe_symptoms"
FALLBACK_INTENT = DESCRIBE_INTENT
NEGATED_ROLE = "negated"
# Intents a symptom description may be mistaken for; the others (stop, affirm, ...) stand.
OVERRIDABLE_INTENTS = frozenset({"faq", "out_of_scope", "nlu_fallback", "inform"})


def mention_to_entity(mention: Mention, text: Text) -> Dict[Text, Any]:
    """One Rasa entity per mention; emergency signs keep the user's own words as value."""
    entity = {
        "entity": mention.kind,
        "start": mention.start,
        "end": mention.end,
        "value": text[mention.start : mention.end] if mention.kind == "emergency" else mention.value,
        "confidence_entity": 1.0,
    }
    if mention.negated:
        entity["role"] = NEGATED_ROLE
    return entity


def _set_top_intent(message: Message, name: Text, ranking: List[Dict[Text, Any]]) -> None:
    top = {"name": name, "confidence": 1.0}
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top] + [r for r in ranking if r.get("name") != name], add_to_output=True)


def override_intent(message: Message, findings: Findings) -> None:
    """Rules over the classifier: `emergency` means exactly "a non-negated emergency sign was
    found", and a description of one's own symptoms starts the symptom check."""
    intent = message.get(INTENT) or {}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != EMERGENCY_INTENT]
    if findings.emergency_signs:
        _set_top_intent(message, EMERGENCY_INTENT, ranking)
    elif intent.get("name") in OVERRIDABLE_INTENTS and describes_own_symptoms(findings, message.get(TEXT) or ""):
        _set_top_intent(message, DESCRIBE_INTENT, ranking)
    elif intent.get("name") == EMERGENCY_INTENT:
        top = ranking[0] if ranking else {"name": FALLBACK_INTENT, "confidence": intent.get("confidence", 0.0)}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class SymptomEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds symptom, location, duration, onset, ... entities and decides `emergency`."""

    @staticmethod
    def required_components() -> List[type]:
        """The Doc comes from SpacyNLP."""
        return [SpacyNLP]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SymptomEntityExtractor":
        """Stateless: nothing to train or persist."""
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        """Annotate each message in place."""
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None:
                continue
            findings = extract(doc)
            text = message.get(TEXT) or ""
            entities = self.add_extractor_name(
                [mention_to_entity(m, text) for m in findings.mentions]
            )
            message.set(ENTITIES, (message.get(ENTITIES) or []) + entities, add_to_output=True)
            override_intent(message, findings)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        """Training data is left as written: these entities are not trained on."""
        return training_data
