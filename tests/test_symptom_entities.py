"""The NLU component's safety overrides, on real spaCy output (no trained model needed)."""

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.check_state import mention_from_entity
from actions.symptoms.extract import extract_text, findings_from_mentions
from addons.symptom_entities import apply_rules, mention_to_entity, override_intent


def classified(text: str, intent: str) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.9})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.9}, {"name": "faq", "confidence": 0.05}])
    return message


@pytest.mark.parametrize(
    "text, classifier, expected",
    [
        # emergency is decided by the extractor alone, both ways
        ("I can't breathe", "faq", "emergency"),
        ("now I suddenly can't swallow", "inform", "emergency"),
        ("I have no trouble swallowing", "emergency", "faq"),
        ("no chest pain, just a twitchy calf", "emergency", "describe_symptoms"),  # a description, as with any intent
        # a classifier's `emergency` without a sign, on a red-flag description: the check, never an FAQ
        (
            "Twitching in my back. No chest pain, no trouble breathing, but my legs went numb suddenly",
            "emergency",
            "describe_symptoms",
        ),
        # red flags always get the check, even phrased as a question
        ("my arm twitches and feels numb, is it ALS?", "faq", "describe_symptoms"),
        ("my feet are tingling and my calves twitching", "faq", "describe_symptoms"),
        ("eye twitch for 15 days", "faq", "describe_symptoms"),
        ("eyelid twitching", "faq", "describe_symptoms"),
        ("does numbness with twitching mean a pinched nerve?", "faq", "faq"),
        ("which vitamin deficiency makes muscles twitch", "faq", "faq"),
        ("can medication cause muscle twitching as a side effect", "faq", "faq"),
        ("best exercises for lower back pain", "out_of_scope", "out_of_scope"),
        ("out of the blue my thigh twitches and it feels weird, like buzzing", "out_of_scope", "describe_symptoms"),
        ("my arm is a bit weak", "inform", "describe_symptoms"),
        ("a bit of weakness", "inform", "describe_symptoms"),  # inside the check, the form reads either
        ("twitching in different spots, it moves around", "faq", "describe_symptoms"),
        # someone's twitching, described or asked about, gets the check (the question is answered
        # first, see test_question_topic_*); twitching asked about in general keeps its answer
        ("my eyelid has been twitching for two days", "faq", "describe_symptoms"),
        ("after my spin class my legs twitch a bit, is that to be expected", "faq", "describe_symptoms"),
        ("why does my eyelid twitch when I'm tired?", "faq", "describe_symptoms"),
        ("What's wrong with me? My legs twitch all the time", "nlu_fallback", "describe_symptoms"),
        ("my dad's arm keeps twitching, should he worry?", "out_of_scope", "describe_symptoms"),
        ("besides being tired, what other things can make a calf twitch", "faq", "faq"),
        ("do muscle twitches go away on their own?", "faq", "faq"),
        ("my eyelid has jumped on and off for days when will it calm down", "faq", "faq"),
        ("my eyelid twitches when I'm tired", "faq", "describe_symptoms"),
        ("can coffee cause twitching", "faq", "faq"),
        # the classifier's emergency stands where the rules found no sign at all; a sign the
        # rules read as past or hypothetical keeps the message's own answer
        ("please help me something is very wrong", "emergency", "emergency"),
        ("what would a seizure look like?", "emergency", "faq"),
        ("I had chest pain last year", "nlu_fallback", "out_of_scope"),
        (
            "I can't breathe through my nose because of a cold, and my eyelid has twitched for 2 days",
            "emergency",
            "describe_symptoms",
        ),
        # answers and commands stand
        ("stop", "stop", "stop"),
        ("my left calf", "inform", "inform"),
        # an unclear bare detail of the check is an answer; an unclear question is not
        ("it's in both legs", "nlu_fallback", "inform"),
        ("actually it's been going on for a month", "nlu_fallback", "inform"),
        ("no it came on all of a sudden", "nlu_fallback", "inform"),
        ("which nerve is in the leg?", "nlu_fallback", "nlu_fallback"),
        ("I broke my arm skiing last year", "out_of_scope", "out_of_scope"),
        ("book me a table for two at 8 tonight", "nlu_fallback", "nlu_fallback"),
        ("best running shoes for flat feet", "nlu_fallback", "nlu_fallback"),
        ("for 3 weeks now", "nlu_fallback", "inform"),
        ("oh and it's on both sides", "nlu_fallback", "inform"),
    ],
)
def test_overrides(text, classifier, expected):
    message = classified(text, classifier)
    override_intent(message, extract_text(text))
    assert message.get(INTENT)["name"] == expected
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == expected


def test_negated_mentions_carry_the_negated_role():
    text = "my calf twitches but I'm not weak"
    entities = [mention_to_entity(m, text) for m in extract_text(text).mentions]
    weakness = [e for e in entities if e["value"] == "weakness"]
    assert weakness and weakness[0]["role"] == "negated"


def test_emergency_entity_keeps_the_users_words():
    text = "I Can't Breathe"
    entities = [mention_to_entity(m, text) for m in extract_text(text.lower()).mentions]
    assert [e["value"] for e in entities if e["entity"] == "emergency"] == ["Can't Breathe"]


def with_faq_topic(message: Message, topic: str, probability: float) -> Message:
    message.set("response_selector", {"faq": {"response": {"intent_response_key": topic, "confidence": probability}}})
    return message


def topics(message: Message) -> list:
    return [e["value"] for e in message.get("entities") or [] if e["entity"] == "question_topic"]


@pytest.mark.parametrize(
    "text, classifier, probability, expected_intent, expected_topics",
    [
        # a question the classifier took for `faq` that the check takes over keeps its answer
        (
            "my eyelid has twitched for 3 weeks and i barely sleep, is that why?",
            "faq",
            0.2,
            "describe_symptoms",
            ["faq/lack_of_sleep"],
        ),
        (
            "twitching plus numbness in my foot, could it be my back",
            "faq",
            0.2,
            "describe_symptoms",
            ["faq/lack_of_sleep"],
        ),
        # a statement taken for `faq` asked nothing: its topic is a guess, unless the selector is sure
        ("my arm twitches and it has got weaker", "faq", 0.2, "describe_symptoms", []),
        (
            "my eyelid has jumped all week and i sleep 4 hours a night",
            "describe_symptoms",
            0.8,
            "describe_symptoms",
            ["faq/lack_of_sleep"],
        ),
        (
            "my eyelid has jumped all week and i sleep 4 hours a night",
            "describe_symptoms",
            0.49,
            "describe_symptoms",
            [],
        ),
        (
            "out of the blue my thigh twitches and it feels weird, like buzzing",
            "out_of_scope",
            0.2,
            "describe_symptoms",
            [],
        ),
        # a question about someone's own twitching: answered, then the check
        ("why does my eyelid twitch when I'm tired?", "faq", 0.9, "describe_symptoms", ["faq/lack_of_sleep"]),
        # a plain FAQ question stays an FAQ question, with no extra entity
        ("why do eyelids twitch when people are tired?", "faq", 0.9, "faq", []),
        # an emergency is answered as one, never as an FAQ
        ("my calf twitches and now I can't breathe", "faq", 0.9, "emergency", []),
    ],
)
def test_topic_answered_before_the_check(text, classifier, probability, expected_intent, expected_topics):
    message = with_faq_topic(classified(text, classifier), "faq/lack_of_sleep", probability)
    apply_rules(message, extract_text(text))
    assert message.get(INTENT)["name"] == expected_intent
    assert topics(message) == expected_topics


@pytest.mark.parametrize(
    "text, classifier, topic, expected_topics",
    [
        # a condition's article is never volunteered to a description: it would name the condition as likely
        ("my legs went numb suddenly and my back twitches", "describe_symptoms", "faq/pinched_nerve", []),
        ("my calves twitch all day and my arm feels weak", "describe_symptoms", "faq/als", []),
        ("my calves twitch all day and my arm feels weak", "describe_symptoms", "faq/serious_causes", []),
        # ... unless the user names it, or asks
        (
            "my calves have twitched for weeks and i keep reading about als, im terrified",
            "describe_symptoms",
            "faq/als",
            ["faq/als"],
        ),
        (
            "my foot is numb and twitches since i slipped a disc",
            "describe_symptoms",
            "faq/pinched_nerve",
            ["faq/pinched_nerve"],
        ),
        (
            "my foot is numb and twitches, i have a herniated disc",
            "describe_symptoms",
            "faq/pinched_nerve",
            ["faq/pinched_nerve"],
        ),
        (
            "my foot twitches and goes numb, could it be something serious?",
            "faq",
            "faq/serious_causes",
            ["faq/serious_causes"],
        ),
        # other topics when the user offered a possible cause; a plain description gets the check alone
        (
            "my calf twitches since i started drinking 6 coffees a day",
            "describe_symptoms",
            "faq/caffeine",
            ["faq/caffeine"],
        ),
        ("my left calf has twitched for three weeks", "describe_symptoms", "faq/how_long_twitching_lasts", []),
    ],
)
def test_condition_articles_only_when_asked_or_named(text, classifier, topic, expected_topics):
    message = with_faq_topic(classified(text, classifier), topic, 0.9)
    apply_rules(message, extract_text(text))
    assert message.get(INTENT)["name"] == "describe_symptoms"
    assert topics(message) == expected_topics


@pytest.mark.parametrize(
    "text, probability",
    [
        # a description that names the condition gets its article even when the selector is unsure
        ("i'm really scared. my leg has been twitching for like 2 weeks and i read it could be ALS", 0.29),
        ("my calf keeps twitching and im terrified its als", 0.9),
    ],
)
def test_a_named_condition_is_answered_before_the_check_at_any_probability(text, probability):
    message = with_faq_topic(classified(text, "describe_symptoms"), "faq/als", probability)
    apply_rules(message, extract_text(text))
    assert topics(message) == ["faq/als"]


def test_an_unsure_topic_that_is_not_the_named_condition_is_not_volunteered():
    text = "i'm really scared. my leg has been twitching for like 2 weeks and i read it could be ALS"
    message = with_faq_topic(classified(text, "describe_symptoms"), "faq/how_long_twitching_lasts", 0.29)
    apply_rules(message, extract_text(text))
    assert topics(message) == []


@pytest.mark.parametrize(
    "text, classifier, probability, expected_intent",
    [
        # a short follow-up the classifier found unclear is a question when the topic is sure
        ("and sleep?", "nlu_fallback", 0.96, "faq"),
        ("what about stress", "inform", 0.75, "faq"),
        # ... not when the topic is a guess, nor when out of scope was decided
        ("and magnesium?", "nlu_fallback", 0.3, "nlu_fallback"),
        ("what about the weather", "out_of_scope", 0.6, "out_of_scope"),
        # a whole unclear sentence is not a follow-up
        ("i dunno what to think about any of this", "nlu_fallback", 0.9, "nlu_fallback"),
        # a follow-up that reports a red flag still gets the check
        ("and my arm has gone weak", "inform", 0.9, "describe_symptoms"),
    ],
)
def test_follow_up_questions(text, classifier, probability, expected_intent):
    message = with_faq_topic(classified(text, classifier), "faq/lack_of_sleep", probability)
    apply_rules(message, extract_text(text))
    assert message.get(INTENT)["name"] == expected_intent


def with_ranking(message: Message, ranked: list) -> Message:
    top, probability = ranked[0]
    message.set(
        "response_selector",
        {
            "faq": {
                "response": {"intent_response_key": top, "confidence": probability, "utter_action": f"utter_{top}"},
                "ranking": [{"intent_response_key": k, "confidence": p} for k, p in ranked],
            }
        },
    )
    return message


@pytest.mark.parametrize(
    "text, ranked, expected_topics",
    [
        # a cause the user mentions gets its article first, even when the selector is unsure
        (
            "my eye has been fluttering all week and i've only been getting a few hours of sleep",
            [("faq/how_long_twitching_lasts", 0.3), ("faq/lack_of_sleep", 0.25)],
            ["faq/lack_of_sleep"],
        ),
        (
            "since i started pre-exam energy drinks my eye won't stop flickering",
            [("faq/dehydration", 0.3), ("faq/caffeine", 0.28)],
            ["faq/caffeine"],
        ),
        # no topic of that cause near the top: nothing
        (
            "my eye has been fluttering all week and i've only been getting a few hours of sleep",
            [("faq/a", 0.3), ("faq/b", 0.2), ("faq/c", 0.2), ("faq/lack_of_sleep", 0.1)],
            [],
        ),
        # no cause mentioned: the check alone
        ("my left calf has twitched for a few days", [("faq/lack_of_sleep", 0.4)], []),
        # red flags: the check decides, no unasked explanation first, even a sure one
        ("my arm is weak and twitching since i started running", [("faq/overexertion", 0.9)], []),
        # ... unless the user asks about the cause: its article, then the check
        (
            "started a new prescription last month and now i twitch, could the pills be doing this",
            [("faq/when_to_see_doctor", 0.3), ("faq/medications_supplements", 0.25)],
            ["faq/medications_supplements"],
        ),
        (
            "my arm is weak and twitching, could it be from running?",
            [("faq/a", 0.3), ("faq/b", 0.2), ("faq/c", 0.2), ("faq/overexertion", 0.1)],
            [],
        ),
    ],
)
def test_the_article_on_a_mentioned_cause_comes_before_the_check(text, ranked, expected_topics):
    message = with_ranking(classified(text, "describe_symptoms"), ranked)
    apply_rules(message, extract_text(text))
    assert message.get(INTENT)["name"] == "describe_symptoms"
    assert topics(message) == expected_topics


@pytest.mark.parametrize(
    "text, ranked, expected_intent, expected_answer",
    [
        # unsure selector, but the follow-up names a cause with a topic near the top
        (
            "what about magnesium",
            [("faq/doctor_questions", 0.22), ("faq/nutrient_deficiency", 0.2)],
            "faq",
            "faq/nutrient_deficiency",
        ),
        ("and coffee", [("faq/caffeine", 0.3), ("faq/dehydration", 0.2)], "faq", "faq/caffeine"),
        # no cause named, unsure: still unclear
        ("what about that", [("faq/caffeine", 0.3)], "nlu_fallback", "faq/caffeine"),
        # a named cause whose topic is nowhere near the top: still unclear
        (
            "what about magnesium",
            [("faq/a", 0.3), ("faq/b", 0.2), ("faq/c", 0.2), ("faq/nutrient_deficiency", 0.1)],
            "nlu_fallback",
            "faq/a",
        ),
    ],
)
def test_a_follow_up_naming_a_cause_gets_that_causes_answer(text, ranked, expected_intent, expected_answer):
    message = with_ranking(classified(text, "nlu_fallback"), ranked)
    apply_rules(message, extract_text(text))
    assert message.get(INTENT)["name"] == expected_intent
    prediction = message.get("response_selector")["faq"]["response"]
    assert prediction["intent_response_key"] == expected_answer
    if expected_intent == "faq":
        assert prediction["utter_action"] == f"utter_{expected_answer}"


@pytest.mark.parametrize(
    "text, intent, expected_intent, expected_answer",
    [
        # about the user's own twitching: the cause's article, then the check
        (
            "could the pills my doctor gave me be making my muscles twitch",
            "faq",
            "describe_symptoms",
            "faq/medications_supplements",
        ),
        ("could pills a doctor prescribes make muscles twitch", "faq", "faq", "faq/medications_supplements"),
        ("what causes twitching, is it coffee or stress", "faq", "faq", "faq/causes_overview"),
    ],
)
def test_a_question_naming_one_cause_gets_its_article_not_the_overview(text, intent, expected_intent, expected_answer):
    ranked = [
        ("faq/causes_overview", 0.4),
        ("faq/medications_supplements", 0.2),
        ("faq/caffeine", 0.15),
        ("faq/stress_anxiety", 0.1),
    ]
    message = with_ranking(classified(text, intent), ranked)
    apply_rules(message, extract_text(text))
    assert message.get(INTENT)["name"] == expected_intent
    prediction = message.get("response_selector")["faq"]["response"]
    assert (prediction["intent_response_key"], prediction["utter_action"]) == (
        expected_answer,
        f"utter_{expected_answer}",
    )


@pytest.mark.parametrize(
    "text, intent, worried",
    [
        ("im terrified its ALS", "faq", True),
        ("I'm not worried, just curious: what causes twitching?", "faq", False),
        # the check is offered to a question only; a description gets the check itself
        ("im scared, my left calf has twitched for three weeks", "describe_symptoms", False),
    ],
)
def test_a_question_asked_in_fear_is_marked_for_the_offer_of_the_check(text, intent, worried):
    message = with_ranking(classified(text, intent), [("faq/als", 0.6), ("faq/is_it_serious", 0.2)])
    apply_rules(message, extract_text(text))
    assert message.get(INTENT)["name"] == intent
    assert ("worry" in [e["entity"] for e in message.get("entities") or []]) is worried


def timing_entities(message: Message) -> list:
    return [(e["entity"], e["value"]) for e in message.get("entities") or [] if e["entity"].startswith("safety_net")]


@pytest.mark.parametrize(
    "text, timing",
    [
        # a sign that comes and goes may be happening as they write: the bot asks
        ("sometimes I can't breathe properly and my eyelid twitches", "comes_and_goes"),
        ("every now and then my chest hurts really bad, and my calf twitches", "comes_and_goes"),
        ("my arm goes numb and I can't move it from time to time", "comes_and_goes"),
        # dated to the past or asked about: the safety-net sentence alone
        ("I had chest pain last year", "past"),
        ("what would a seizure look like?", "past"),
        ("back in 2019 I sometimes couldn't breathe", "past"),
    ],
)
def test_a_sign_that_comes_and_goes_is_asked_about_and_a_past_one_is_not(text, timing):
    message = classified(text, "describe_symptoms")
    override_intent(message, extract_text(text))
    entities = dict(timing_entities(message))
    assert message.get(INTENT)["name"] != "emergency"
    assert entities["safety_net_timing"] == timing and entities["safety_net"]


def test_the_sign_words_are_safe_inside_a_button_payload():
    text = 'sometimes my chest "hurts {badly}" and my calf twitches'
    message = classified(text, "describe_symptoms")
    override_intent(message, extract_text(text))
    words = dict(timing_entities(message))["safety_net"]
    assert not set('"{}\\') & set(words)


@pytest.mark.parametrize("text", ["my eyelid twitches right now", "yes it's happening right now"])
def test_typed_text_never_gets_the_happening_now_button_intent(text):
    message = classified(text, "sign_happening_now")
    override_intent(message, extract_text(text))
    assert message.get(INTENT)["name"] != "sign_happening_now"
    assert "sign_happening_now" not in [r["name"] for r in message.get(INTENT_RANKING_KEY)]


@pytest.mark.parametrize(
    "text",
    [
        "Two years ago I had numbness in my leg after a fall, it's gone now. My eyelid has twitched for 3 days.",
        "my left calf has twitched for a week, the other leg is fine",
        "my eyelid has twitched for 3 days and my sleep is all over the place",
        "I had a tooth out 3 weeks ago and since yesterday my eyelid twitches",
        "I had chest pain last year, now my thumb twitches and feels weak",
    ],
)
def test_the_check_reads_the_same_findings_back_from_the_entities(text):
    """The form sees the message through Rasa entities: nothing set aside may come back."""
    direct = extract_text(text)
    entities = [mention_to_entity(m, text) for m in direct.mentions]
    back = findings_from_mentions([mention_from_entity(e, text) for e in entities])
    for field in (
        "symptoms",
        "absent_symptoms",
        "locations",
        "multiple_places",
        "duration_days",
        "onset",
        "emergency_signs",
    ):
        assert getattr(back, field) == getattr(direct, field), field


MARKS = ("worry", "medicine_question", "own_diagnosis", "fear_of_dying", "question_topic")
# The rules answer the entity; inside the check the form answers the topic first.
MEDICINE_MARKS = {"medicine_question": "medicine_question", "question_topic": "dont_stop_medicine"}


@pytest.mark.parametrize(
    "text, classifier, expected_intent, expected_marks",
    [
        # a question about stopping a medicine is answered as a question, whatever the classifier
        # took it for ("stop" is also the word for leaving the check)
        ("should I stop taking my sertraline?", "faq", "faq", MEDICINE_MARKS),
        ("should i stop my meds", "stop", "faq", MEDICINE_MARKS),
        ("can I come off my antidepressants", "deny", "faq", MEDICINE_MARKS),
        # described symptoms keep the check, the article's line first
        (
            "my legs have twitched for 2 weeks since I started sertraline, should I stop it?",
            "faq",
            "describe_symptoms",
            {"question_topic": "dont_stop_medicine"},
        ),
        # a question without a symptom is no description, whatever the classifier guessed
        ("should I stop my statins?", "describe_symptoms", "faq", MEDICINE_MARKS),
        # an overdose is an emergency, never a medicine question
        ("I took a handful of my propranolol, should I stop them?", "faq", "emergency", {}),
        ("I took too many of my sleeping pills, should I stop taking them?", "stop", "emergency", {}),
        # a diagnosis is for the user's own doctor; a question with it keeps its answer
        ("I was diagnosed with MS last year", "out_of_scope", "express_worry", {"own_diagnosis": "own_diagnosis"}),
        ("I was diagnosed with MS, can it cause muscle twitching?", "faq", "faq", {"own_diagnosis": "own_diagnosis"}),
        (
            "I have MS and my left calf has twitched for 3 weeks",
            "describe_symptoms",
            "describe_symptoms",
            {"question_topic": "own_doctor"},
        ),
        # "am I dying?" is worry, answered directly
        ("am I dying?", "nlu_fallback", "express_worry", {"fear_of_dying": "fear_of_dying"}),
        ("is this going to kill me", "faq", "express_worry", {"fear_of_dying": "fear_of_dying"}),
        # fear, or a condition asked about oneself: the reassurance comes first
        ("is it ALS?", "faq", "faq", {"worry": "worry"}),
        ("what is ALS?", "faq", "faq", {}),
        ("i'm so scared", "express_worry", "express_worry", {}),
        # commands stand
        ("forget me, am I dying?", "forget_me", "forget_me", {}),
        ("/deny", "deny", "deny", {}),
    ],
)
def test_a_concern_is_marked_for_its_reply(text, classifier, expected_intent, expected_marks):
    message = with_ranking(classified(text, classifier), [("faq/medications_supplements", 0.3), ("faq/als", 0.2)])
    apply_rules(message, extract_text(text))
    assert message.get(INTENT)["name"] == expected_intent
    marks = {e["entity"]: e["value"] for e in message.get("entities") or [] if e["entity"] in MARKS}
    assert marks == expected_marks
