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

Which answers a message gets is actions/knowledge/answer_choice.py's decision, called once per
message: one per question asked (up to three; the first is the prediction utter_faq sends, the
others `further_answer` entities, which action_answer_further sends), and a passage of the
articles (utter_passage/<key>) instead of a topic when no topic is sure and the passage fits
the question better. The passage index is built from the articles at training time.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Sequence, Text

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
    ENTITIES,
    INTENT,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.knowledge.answer_choice import AnswerSettings, choose_answers
from actions.knowledge.articles import load_topics, project_articles, response_text
from actions.knowledge.build import KNOWLEDGE_DIR
from actions.knowledge.passages import PassageIndex, article_passages
from actions.triage.routing import prefer_named_condition

logger = logging.getLogger(__name__)
MODEL_FILE = "faq_topic_selector.joblib"
PASSAGES_FILE = "passages.joblib"
RANKING_LENGTH = 5
# The answers after the first, in the order asked (action_answer_further sends them).
FURTHER_ANSWER_ENTITY = "further_answer"


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


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqTopicSelector(GraphComponent):
    """Chooses the faq/<topic> answer with TF-IDF + logistic regression."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "retrieval_intent": "faq",
            "out_of_scope_intent": "out_of_scope",
            "C": 10.0,
            "out_of_scope_threshold": 0.35,
            "min_topic_probability": 0.0,
            "unclear_intent": "nlu_fallback",
            "passages": True,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[Pipeline] = None,
        knowledge: Optional[Dict[Text, Any]] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = column_major_weights(model)
        knowledge = knowledge or {}
        self._passages: Optional[PassageIndex] = knowledge.get("passages")
        self._answers: Dict[Text, Text] = knowledge.get("answers") or {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FaqTopicSelector":
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "FaqTopicSelector":
        """The archive is written by our own training run (joblib, as Rasa 2 did for sklearn)."""
        try:
            with model_storage.read_from(resource) as directory:
                return cls(
                    config,
                    model_storage,
                    resource,
                    joblib.load(directory / MODEL_FILE),
                    joblib.load(directory / PASSAGES_FILE),
                )
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
            knowledge = self._knowledge()
            self._passages, self._answers = knowledge["passages"], knowledge["answers"]
            with self._model_storage.write_to(self._resource) as directory:
                joblib.dump(self._model, directory / MODEL_FILE)
                joblib.dump(knowledge, directory / PASSAGES_FILE)
        return self._resource

    def _knowledge(self) -> Dict[Text, Any]:
        """The articles' passage index and each topic's answer text, kept in the model."""
        articles = project_articles()
        answers = {
            f"{self._config['retrieval_intent']}/{topic.key}": response_text(topic, articles)
            for topic in load_topics(KNOWLEDGE_DIR / "answers.yml")
        }
        passages = PassageIndex(article_passages(articles)) if self._config["passages"] else None
        return {"passages": passages, "answers": answers}

    def _topics(self, text: Text) -> List[tuple]:
        """The curated topics for a text, best first, their probabilities without out of scope."""
        probabilities = self._model.predict_proba([text])[0]
        out_of_scope = self._config["out_of_scope_intent"]
        topics = [(key, float(p)) for key, p in zip(self._model.classes_, probabilities) if key != out_of_scope]
        total = sum(p for _, p in topics) or 1.0
        return prefer_named_condition(text, sorted(((k, p / total) for k, p in topics), key=lambda pair: -pair[1]))

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
            ranked = prefer_named_condition(message.get(TEXT) or "", topics)
            answers = choose_answers(
                message.get(TEXT) or "", self._topics, self._answers, self._passages, AnswerSettings()
            ) or (ranked[0][0],)
            self._set_prediction(message, ranked, answers[0])
            self._add_further_answers(message, answers[1:])
        return messages

    @staticmethod
    def _add_further_answers(message: Message, keys: Sequence[Text]) -> None:
        entities = [
            {
                "entity": FURTHER_ANSWER_ENTITY,
                "value": key,
                "confidence_entity": 1.0,
                "extractor": FaqTopicSelector.__name__,
            }
            for key in keys
        ]
        if entities:
            message.set(ENTITIES, (message.get(ENTITIES) or []) + entities, add_to_output=True)

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

    def _set_prediction(self, message: Message, ranked: List[tuple], key: Text) -> None:
        """The answer utter_faq sends (`key`: a topic or a passage), and the topics' ranking."""
        confidence = dict(ranked).get(key, float(ranked[0][1]))
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
