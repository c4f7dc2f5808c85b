"""Rasa NLU component: the spaCy findings as entities, and the emergency intent override.

SpacyNLP has already run the project pipeline (EntityRuler + negex) on the message; this
component reads the Doc, calls the pure extractor once, and writes one entity per mention
(negated mentions get the role ``negated``). It runs last in the NLU pipeline so that its
emergency decision beats DIET and the FallbackClassifier in both directions: a non-negated
emergency sign always yields ``emergency``; ``emergency`` without one is never kept
(a plain DIET model once classified "I have no trouble swallowing" as a red flag at 1.0).
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

from actions.symptoms.extract import Mention, extract

EMERGENCY_INTENT = "emergency"
FALLBACK_INTENT = "describe_symptoms"
NEGATED_ROLE = "negated"


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


def override_intent(message: Message, has_emergency_sign: bool) -> None:
    """Make `emergency` mean exactly "a non-negated emergency sign was found"."""
    intent = message.get(INTENT) or {}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != EMERGENCY_INTENT]
    if has_emergency_sign:
        top = {"name": EMERGENCY_INTENT, "confidence": 1.0}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top] + ranking, add_to_output=True)
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
            override_intent(message, bool(findings.emergency_signs))
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        """Training data is left as written: these entities are not trained on."""
        return training_data
