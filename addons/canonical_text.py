"""Rasa NLU component: every message is read in one canonical form (first in the pipeline).

Calls ``actions.symptoms.canonical.canonical_text`` once per message and replaces the text the
rest of the pipeline sees. Rasa's tracker keeps the text the user sent (the UserUttered event is
built from the channel's message, not from the parse data), so history and the doctor summary
show the user's own words. The same form applies to the training data, so the classifier
learns and predicts on the same text.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.symptoms.canonical import canonical_text


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class CanonicalText(GraphComponent):
    """Replaces each message's text with its canonical form."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CanonicalText":
        """Stateless: nothing to train or persist."""
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        """Canonicalise the text of each message in place."""
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                message.set(TEXT, canonical_text(text))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """The same form for the training examples."""
        self.process(training_data.training_examples)
        return training_data
