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
An article answer is not dropped either: when the user asked a question the classifier took
for `faq` ("my eye has twitched for 3 weeks and I barely sleep, is that why?"), or the FAQ
selector is sure (p >= 0.5) which topic a description is about ("... and I've only been
sleeping 4 hours a night": only when the user offered a possible cause, never a condition
the user did not name), a ``question_topic`` entity carries that topic, and the check
answers it from the articles first (actions/symptom_check.py). A concern with a reply of its
own (actions/triage/concerns.py: stopping a medicine, a diagnosis the user has, the fear of
dying, fear or "is it ALS?") is marked by an entity of its name for the rules, or, in a
description, given as the topic answered first; an emergency is never re-read as one.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
    SPACY_DOCS,
)
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from actions.knowledge.outside_articles import DESCRIPTION_KINDS, outside_articles_kind
from actions.knowledge.questions import question_parts
from actions.symptoms.extract import NOT_CURRENT_CONTEXT, Findings, Mention, extract, set_aside
from actions.triage.concerns import WORRY, concern_mark
from actions.triage.routing import (
    SURE_TOPIC,
    describes_own_symptoms,
    gives_check_details,
    is_follow_up,
    is_question,
    may_answer_asked,
    may_volunteer,
    named_cause_over_overview,
    named_condition,
    reports_red_flag,
    trigger_topic,
)

EMERGENCY_INTENT = "emergency"
# The button "Yes, it's happening now" (a payload, set after the NLU): typed text never gets it.
HAPPENING_NOW_INTENT = "sign_happening_now"
CLASSIFIER_NEVER_DECIDES = frozenset({EMERGENCY_INTENT, HAPPENING_NOW_INTENT})
DESCRIBE_INTENT = "describe_symptoms"
FALLBACK_INTENT = DESCRIBE_INTENT
NEGATED_ROLE = "negated"
# Past, hypothetical or now-and-then (actions/symptoms/extract.py): not a finding of today.
NOT_CURRENT_ROLE = NOT_CURRENT_CONTEXT
FAQ_INTENT = "faq"
QUESTION_TOPIC_ENTITY = "question_topic"
# The answers to a second and third question (addons/faq_topic_selector.py); for a description
# they become further topics answered before the check.
FURTHER_ANSWER_ENTITY = "further_answer"
OUTSIDE_ARTICLES_ENTITY = "outside_articles"
# Intents of a question; a question the articles do not cover becomes out_of_scope with its kind.
QUESTION_INTENTS = frozenset({"faq", "out_of_scope", "nlu_fallback"})
# A question asked in fear: the rules answer it, then offer the check (data/rules.yml).
WORRY_ENTITY = WORRY
# Intents a symptom description may be mistaken for; the others (stop, affirm, ...) stand.
OVERRIDABLE_INTENTS = frozenset(
    {"faq", "out_of_scope", "nlu_fallback", "inform", "greet", "express_worry", "ask_capabilities"}
)
# An emergency sign mentioned as past, hypothetical or now-and-then: the safety-net sentence.
SAFETY_NET_ENTITY = "safety_net"
# Set with it when the sign only comes and goes: the safety-net sentence asks whether it is
# happening now, with Yes / No buttons (domain.yml, utter_safety_net).
SIGN_TIMING_ENTITY = "safety_net_timing"
COMES_AND_GOES = "comes_and_goes"
_UNSAFE_IN_PAYLOAD = re.compile(r'["\\{}]')
# Intents whose own answer would be a fallback or small talk: with a past or hypothetical
# emergency sign they become out_of_scope, whose rule with the safety-net entity gives that
# sentence alone, so a message naming an emergency sign never gets "did you mean ...?". Other
# intents (faq, a description, the check's answers) keep their answer, and the sentence comes
# with it.
REPLACED_BY_SAFETY_NET = frozenset({"nlu_fallback", "greet", "goodbye", "thank", "bot_challenge", "ask_capabilities"})
OUT_OF_SCOPE_INTENT = "out_of_scope"
# A bare detail of the check the classifier found unclear is an answer (`inform`).
UNCLEAR_INTENT = "nlu_fallback"
INFORM_INTENT = "inform"
SELF_HARM_SIGN = "self_harm"
# The classifier's `emergency` is kept when the rules found no emergency sign in any context
# (rules OR classifier); when they found one and read it as negated, past or hypothetical,
# that reading stands. Above the FallbackClassifier's threshold: a confident guess.
CLASSIFIER_EMERGENCY_CONFIDENCE = 0.6
# How much of the message stands in for the sign's words when only the classifier saw it.
QUOTED_WORDS = 8
# Intents a follow-up question may be mistaken for (out of scope is the selector's own verdict).
FOLLOW_UP_INTENTS = frozenset({"nlu_fallback", "inform"})


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
    elif set_aside(mention):
        entity["role"] = NOT_CURRENT_ROLE
    return entity


def selected_topic(message: Message) -> Tuple[Optional[Text], float]:
    """The FAQ selector's topic (utter_faq/<topic> key) and its probability."""
    selected = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(FAQ_INTENT) or {}
    prediction = selected.get(RESPONSE_SELECTOR_PREDICTION_KEY) or {}
    return prediction.get(INTENT_RESPONSE_KEY), float(prediction.get(PREDICTED_CONFIDENCE_KEY) or 0.0)


def ranked_topics(message: Message) -> List[Tuple[Text, float]]:
    """The FAQ selector's ranking: (utter_faq/<topic> key, probability), best first."""
    selected = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(FAQ_INTENT) or {}
    return [
        (r[INTENT_RESPONSE_KEY], float(r[PREDICTED_CONFIDENCE_KEY]))
        for r in selected.get(RESPONSE_SELECTOR_RANKING_KEY) or []
    ]


def topic_to_answer(message: Message, classifier_intent: Optional[Text], findings: Findings) -> Optional[Text]:
    """The article topic to answer before the symptom check (see the module docstring). A
    statement the classifier took for `faq` is otherwise a misreading: its topic is a guess."""
    if (message.get(INTENT) or {}).get("name") != DESCRIBE_INTENT:
        return None
    topic, probability = selected_topic(message)
    text = message.get(TEXT) or ""
    asked = is_question(text) or bool(question_parts(text).questions)
    if classifier_intent == FAQ_INTENT and asked:
        return topic
    if topic and topic == named_condition(text):
        return topic  # "my leg twitches and I read it could be ALS": the fear is the question
    if reports_red_flag(findings):
        # unasked, a cause's article would read as an explanation; the check decides. Asked
        # ("... could the pills be doing this?"), the cause's article answers it, then the check.
        return trigger_topic(findings.triggers, ranked_topics(message)) if asked else None
    if topic and asked and may_answer_asked(topic, text):
        return topic  # a forum post ending "... what would cause this?": its answer, then the check
    if topic and probability >= SURE_TOPIC and may_volunteer(topic, text, findings):
        return topic
    # "... and I've only been sleeping 4 hours a night": what the articles say about that cause
    return trigger_topic(findings.triggers, ranked_topics(message))


def apply_rules(message: Message, findings: Findings) -> None:
    """The safety overrides, a named cause's article over the causes overview, then follow-ups,
    then the topic to answer first, if any, and the message's concern."""
    classifier_intent = (message.get(INTENT) or {}).get("name")
    override_intent(message, findings)
    if mark_outside_articles(message, findings):
        return
    cause = named_cause_over_overview(findings.triggers, ranked_topics(message))
    if cause:
        _select_topic(message, cause)
    answer_follow_up(message, findings)
    topic = topic_to_answer(message, classifier_intent, findings)
    further = [e.get("value") for e in message.get(ENTITIES) or [] if e.get("entity") == FURTHER_ANSWER_ENTITY]
    if (message.get(INTENT) or {}).get("name") != FAQ_INTENT:
        _drop_entity(message, FURTHER_ANSWER_ENTITY)  # only a question's answers have further ones
    if topic:
        _add_entity(message, QUESTION_TOPIC_ENTITY, topic)
        for key in further:  # each question of a description is answered before the check
            if key != topic and may_answer_asked(key, message.get(TEXT) or ""):
                _add_entity(message, QUESTION_TOPIC_ENTITY, key)
    mark_concern(message, findings)


def mark_outside_articles(message: Message, findings: Findings) -> bool:
    """A question the articles do not cover (a child's tics, a tetanus jab, a pet, ...) is
    out_of_scope with its kind, whatever topic it resembles; emergencies and the safety net
    come first. Whether it was marked."""
    intent = (message.get(INTENT) or {}).get("name")
    kind = outside_articles_kind(message.get(TEXT) or "")
    if kind is None or _has_entity(message, SAFETY_NET_ENTITY):
        return False
    described = intent == DESCRIBE_INTENT and kind in DESCRIPTION_KINDS and not reports_red_flag(findings)
    if intent not in QUESTION_INTENTS and not described:
        return False
    _set_top_intent(message, OUT_OF_SCOPE_INTENT, message.get(INTENT_RANKING_KEY) or [])
    _drop_entity(message, FURTHER_ANSWER_ENTITY)
    _add_entity(message, OUTSIDE_ARTICLES_ENTITY, kind)
    return True


def mark_concern(message: Message, findings: Findings) -> None:
    """The message's concern, marked as actions/triage/concerns.py decides: an intent, an
    entity for the rules, or the reply given before the check."""
    mark = concern_mark(
        message.get(TEXT) or "",
        findings,
        (message.get(INTENT) or {}).get("name"),
        _has_entity(message, QUESTION_TOPIC_ENTITY),
    )
    if mark is None:
        return
    if mark.intent:
        _set_top_intent(message, mark.intent, message.get(INTENT_RANKING_KEY) or [])
        _drop_entity(message, QUESTION_TOPIC_ENTITY)  # a topic before the check was for a description
    if mark.entity:
        _add_entity(message, mark.entity, mark.entity)
    if mark.topic:
        _set_question_topic(message, mark.topic)


def _has_entity(message: Message, name: Text) -> bool:
    return any(e.get("entity") == name for e in message.get(ENTITIES) or [])


def _drop_entity(message: Message, name: Text) -> None:
    message.set(ENTITIES, [e for e in message.get(ENTITIES) or [] if e.get("entity") != name], add_to_output=True)


def _set_question_topic(message: Message, topic: Text) -> None:
    """The one topic answered before the check: the concern's reply, over a guessed topic."""
    _drop_entity(message, QUESTION_TOPIC_ENTITY)
    _add_entity(message, QUESTION_TOPIC_ENTITY, topic)


def classifier_emergency(intent: Dict[Text, Any], findings: Findings) -> bool:
    """A confident `emergency` from the classifier about a message with no emergency sign
    in any context (see CLASSIFIER_EMERGENCY_CONFIDENCE)."""
    if (
        intent.get("name") != EMERGENCY_INTENT
        or float(intent.get("confidence") or 0.0) < CLASSIFIER_EMERGENCY_CONFIDENCE
    ):
        return False
    return not any(m.kind == "emergency" for m in findings.mentions)


def quoted(text: Text) -> Text:
    """The first words of the message, to say back which message the alarm is about."""
    words = text.split()
    return " ".join(words[:QUOTED_WORDS]) + (" ..." if len(words) > QUOTED_WORDS else "")


def _sign_words(findings: Findings) -> Text:
    """The user's words for the first sign that is not current (one that comes and goes first),
    safe inside the JSON of a button payload."""
    signs = findings.unclear_signs or findings.safety_net_signs
    words = next((m.text for m in findings.mentions if m.kind == "emergency" and m.value in signs), signs[0])
    return _UNSAFE_IN_PAYLOAD.sub("'", words)


def _add_entity(message: Message, name: Text, value: Text) -> None:
    entity = {"entity": name, "value": value, "confidence_entity": 1.0, "extractor": SymptomEntityExtractor.__name__}
    message.set(ENTITIES, (message.get(ENTITIES) or []) + [entity], add_to_output=True)


def answer_follow_up(message: Message, findings: Findings) -> None:
    """ "and sleep?" after an answer is a question about sleep: `faq`, when the classifier
    found it unclear (or took it for a form answer) and the FAQ selector is sure of the topic,
    or the follow-up names a cause ("what about magnesium") whose topic it ranks near the top."""
    intent = (message.get(INTENT) or {}).get("name")
    if intent not in FOLLOW_UP_INTENTS or not is_follow_up(message.get(TEXT) or ""):
        return
    topic, probability = selected_topic(message)
    if not (topic and probability >= SURE_TOPIC):
        topic = trigger_topic(findings.triggers, ranked_topics(message))
        if topic is None:
            return
        _select_topic(message, topic)
    _set_top_intent(message, FAQ_INTENT, message.get(INTENT_RANKING_KEY) or [])


def _select_topic(message: Message, key: Text) -> None:
    """Make `key` (from the selector's ranking) the answer utter_faq sends."""
    selected = message.get(RESPONSE_SELECTOR_PROPERTY_NAME)[FAQ_INTENT]
    probability = dict(ranked_topics(message))[key]
    selected[RESPONSE_SELECTOR_PREDICTION_KEY].update(
        {
            INTENT_RESPONSE_KEY: key,
            PREDICTED_CONFIDENCE_KEY: probability,
            RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{key}",
        }
    )


def _set_top_intent(message: Message, name: Text, ranking: List[Dict[Text, Any]]) -> None:
    top = {"name": name, "confidence": 1.0}
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top] + [r for r in ranking if r.get("name") != name], add_to_output=True)


def override_intent(message: Message, findings: Findings) -> None:
    """Rules over the classifier: a current emergency sign is always `emergency`, and so is a
    confident `emergency` guess where the rules found no sign at all; a sign the rules read as
    negated, past or hypothetical is not; a description of someone's twitching starts the
    symptom check; a past or hypothetical sign gets the safety-net sentence; an unclear bare
    detail of the check ("it's in both legs") is an answer."""
    intent, text = message.get(INTENT) or {}, message.get(TEXT) or ""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in CLASSIFIER_NEVER_DECIDES]
    if intent.get("name") == HAPPENING_NOW_INTENT and ranking:
        intent = ranking[0]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    if findings.emergency_signs:
        if SELF_HARM_SIGN in findings.emergency_signs:
            _add_entity(message, SELF_HARM_SIGN, "true")
        _set_top_intent(message, EMERGENCY_INTENT, ranking)
    elif classifier_emergency(intent, findings):
        _add_entity(message, "emergency", quoted(text))
        _set_top_intent(message, EMERGENCY_INTENT, ranking)
    elif findings.safety_net_signs:
        _add_entity(message, SAFETY_NET_ENTITY, _sign_words(findings))
        _add_entity(message, SIGN_TIMING_ENTITY, COMES_AND_GOES if findings.unclear_signs else "past")
        if intent.get("name") in OVERRIDABLE_INTENTS | {EMERGENCY_INTENT} and describes_own_symptoms(findings, text):
            _set_top_intent(message, DESCRIBE_INTENT, ranking)
        elif (
            intent.get("name") == EMERGENCY_INTENT and ranking and ranking[0].get("name") not in REPLACED_BY_SAFETY_NET
        ):
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        elif intent.get("name") in REPLACED_BY_SAFETY_NET | {EMERGENCY_INTENT}:
            _set_top_intent(message, OUT_OF_SCOPE_INTENT, ranking)
    elif intent.get("name") in OVERRIDABLE_INTENTS | {EMERGENCY_INTENT} and describes_own_symptoms(findings, text):
        # (an `emergency` without a sign too: "no chest pain, but my legs went numb suddenly")
        _set_top_intent(message, DESCRIBE_INTENT, ranking)
    elif intent.get("name") == UNCLEAR_INTENT and gives_check_details(findings, text):
        # "it's in both legs" after the outcome: the check's, not "did you mean ...?"
        _set_top_intent(message, INFORM_INTENT, ranking)
    elif intent.get("name") == EMERGENCY_INTENT:
        top = ranking[0] if ranking else {"name": FALLBACK_INTENT, "confidence": intent.get("confidence", 0.0)}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
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
            entities = self.add_extractor_name([mention_to_entity(m, text) for m in findings.mentions])
            message.set(ENTITIES, (message.get(ENTITIES) or []) + entities, add_to_output=True)
            apply_rules(message, findings)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        """Training data is left as written: these entities are not trained on."""
        return training_data
