"""FaqTopicSelector: trains, persists, reloads, answers like ResponseSelector, and stops
out-of-scope questions from getting an article's answer."""

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.faq_topic_selector import FaqTopicSelector

EXAMPLES = {
    "faq/caffeine": [
        "can coffee cause twitching",
        "too much caffeine and my eye twitches",
        "energy drinks and twitching",
        "does tea make muscles twitch",
    ],
    "faq/lack_of_sleep": [
        "can lack of sleep cause twitching",
        "tired and twitching",
        "no sleep eyelid twitch",
        "does being exhausted cause twitches",
    ],
    "out_of_scope": [
        "what's the weather tomorrow",
        "book me a table",
        "tell me a joke",
        "how much ibuprofen can I take",
    ],
}


def training_data() -> TrainingData:
    messages = []
    for label, texts in EXAMPLES.items():
        intent, _, key = label.partition("/")
        for text in texts:
            data = {TEXT: text, INTENT: intent}
            if key:
                data["intent_response_key"] = label
            messages.append(Message(data=data))
    return TrainingData(training_examples=messages)


@pytest.fixture
def trained(tmp_path):
    storage = LocalModelStorage.create(tmp_path)
    resource = Resource("faq_topic_selector")
    context = ExecutionContext(GraphSchema({}))
    config = FaqTopicSelector.get_default_config()
    FaqTopicSelector.create(config, storage, resource, context).train(training_data())
    return FaqTopicSelector.load(config, storage, resource, context)  # from the persisted file


def classified(text: str, intent: str = "faq") -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.99})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.99}])
    return message


def test_picks_the_topic_in_response_selector_shape(trained):
    message = trained.process([classified("does coffee make you twitch")])[0]
    selected = message.get("response_selector")["faq"]["response"]
    assert selected["intent_response_key"] == "faq/caffeine"
    assert selected["utter_action"] == "utter_faq/caffeine"
    assert message.get(INTENT)["name"] == "faq"
    assert "out_of_scope" not in [r["intent_response_key"] for r in message.get("response_selector")["faq"]["ranking"]]


def test_out_of_scope_faq_becomes_out_of_scope(trained):
    message = trained.process([classified("what's the weather like")])[0]
    assert message.get(INTENT)["name"] == "out_of_scope"
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == "out_of_scope"
    # no `faq` left under it: at 0.99 it made the message "ambiguous" for the FallbackClassifier
    assert "faq" not in [r["name"] for r in message.get(INTENT_RANKING_KEY)]


@pytest.mark.parametrize("threshold, expected", [(0.0, "out_of_scope"), (1.01, "faq")])
def test_out_of_scope_is_decided_by_the_threshold(trained, threshold, expected):
    trained._config = {**trained._config, "out_of_scope_threshold": threshold}
    message = trained.process([classified("does coffee make you twitch")])[0]
    assert message.get(INTENT)["name"] == expected


def test_other_intents_are_left_alone(trained):
    message = trained.process([classified("what's the weather like", intent="greet")])[0]
    assert message.get(INTENT)["name"] == "greet"


@pytest.mark.parametrize(
    "min_topic_probability, expected",
    [
        (0.0, "faq"),  # off by default
        (0.99, "nlu_fallback"),  # no topic that likely: unclear, not an article answer
    ],
)
def test_a_faq_with_no_likely_topic_is_unclear(trained, min_topic_probability, expected):
    trained._config = {
        **trained._config,
        "out_of_scope_threshold": 1.01,
        "min_topic_probability": min_topic_probability,
    }
    message = trained.process([classified("does coffee make you twitch")])[0]
    assert message.get(INTENT)["name"] == expected
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == expected
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)].count("faq") == (expected == "faq")


def test_column_major_weights_give_the_same_probabilities(trained):
    """The loaded model keeps its weights column by column (fast), with identical output."""
    texts = ["does coffee make you twitch", "what's the weather like", "", "tired twitching eyelid"]
    classifier = trained._model[-1]
    assert classifier.coef_.flags["F_CONTIGUOUS"] and not classifier.coef_.flags["C_CONTIGUOUS"]
    fast = trained._model.predict_proba(texts)
    classifier.coef_ = np.ascontiguousarray(classifier.coef_)  # as scikit-learn trained it
    assert np.array_equal(fast, trained._model.predict_proba(texts))


def test_two_questions_get_the_second_answer_as_an_entity(trained):
    message = trained.process([classified("Can coffee make you twitch? And does no sleep make it worse?")])[0]
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/caffeine"
    further = [e["value"] for e in message.get("entities") or [] if e["entity"] == "further_answer"]
    assert further == ["faq/lack_of_sleep"]


def test_one_question_gets_no_further_answer(trained):
    message = trained.process([classified("does coffee make you twitch")])[0]
    assert not [e for e in message.get("entities") or [] if e["entity"] == "further_answer"]
