"""Rasa NLU component: every message is read in one form (first in the pipeline).

Calls ``actions.symptoms.spelling.nlu_text`` once per message: the canonical form
(``actions/symptoms/canonical.py``: Unicode NFKC, no format characters, single spaces), then
typos corrected towards the domain vocabulary saved with the project's spaCy pipeline
(``actions/symptoms/spelling.py``). It replaces the text the rest of the pipeline sees. Rasa's
tracker keeps the text the user sent (the UserUttered event is built from the channel's message,
not from the parse data), so history and the doctor summary show the user's own words. The same
form applies to the training data, so the classifier learns and predicts on the same text.
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

from actions.symptoms.spelling import SpellingCorrector, load_corrector, nlu_text


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class CanonicalText(GraphComponent):
    """Replaces each message's text with the form the NLU reads."""

    def __init__(self, corrector: SpellingCorrector) -> None:
        self._corrector = corrector

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """The spelling vocabulary is saved with the spaCy pipeline (`make nlp`)."""
        return {"spelling_vocabulary": "build/spacy_pipeline"}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CanonicalText":
        """Nothing to train: the vocabulary comes with the spaCy pipeline, as SpacyNLP's model does."""
        return cls(load_corrector(config["spelling_vocabulary"]))

    def process(self, messages: List[Message]) -> List[Message]:
        """Rewrite the text of each message in place."""
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                message.set(TEXT, nlu_text(text, self._corrector))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """The same form for the training examples."""
        self.process(training_data.training_examples)
        return training_data
