"""Response variations sent in turn (addons/rotating_responses.py), with the real domain."""

import asyncio

from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.rotating_responses import RotatingResponses


def send(nlg, tracker, name, channel="rest"):
    """Generate ``name`` as the bot would, and record it as sent."""
    message = asyncio.run(nlg.generate(name, tracker, channel))
    if message is not None:
        tracker.update(BotUttered(message.get("text"), metadata={"utter_action": name}))
    return message


def new_tracker(rasa_domain, *events):
    tracker = DialogueStateTracker("rotating", rasa_domain.slots)
    for event in (UserUttered("i'm scared"),) + events:
        tracker.update(event)
    return tracker


def test_repeated_worry_is_never_answered_word_for_word(rasa_domain):
    nlg = RotatingResponses(domain=rasa_domain)
    tracker = new_tracker(rasa_domain)
    variations = [v["text"] for v in rasa_domain.responses["utter_reassure"]]
    assert len(variations) >= 3
    sent = [send(nlg, tracker, "utter_reassure")["text"] for _ in range(len(variations) + 1)]
    assert sent[: len(variations)] == variations  # each in turn ...
    assert sent[-1] == variations[0]  # ... then from the start
    assert all(a != b for a, b in zip(sent, sent[1:]))


def test_other_responses_do_not_count(rasa_domain):
    nlg = RotatingResponses(domain=rasa_domain)
    tracker = new_tracker(rasa_domain)
    send(nlg, tracker, "utter_reassure")
    send(nlg, tracker, "utter_offer_check")
    send(nlg, tracker, "utter_offer_check")
    assert send(nlg, tracker, "utter_reassure")["text"] == rasa_domain.responses["utter_reassure"][1]["text"]


def test_conditions_choose_the_variations_first(rasa_domain):
    nlg = RotatingResponses(domain=rasa_domain)
    tracker = new_tracker(rasa_domain, SlotSet("check_tier", "URGENT"))
    for _ in range(2):
        assert send(nlg, tracker, "utter_own_tier")["text"].startswith(
            "When we went through your symptoms, the check suggested URGENT"
        )
    crisis = new_tracker(rasa_domain, SlotSet("self_harm", True), SlotSet("emergency_sign", "end it all"))
    assert "crisis line" in send(nlg, crisis, "utter_emergency")["text"]
    assert '"end it all"' in send(nlg, crisis, "utter_emergency")["text"]  # slots filled in as Rasa does


def test_a_response_with_no_eligible_variation_sends_nothing(rasa_domain):
    nlg = RotatingResponses(domain=rasa_domain)
    assert send(nlg, new_tracker(rasa_domain), "utter_own_tier") is None  # no check done
    assert send(nlg, new_tracker(rasa_domain), "utter_no_such_response") is None


def test_channel_variations_are_kept(rasa_domain):
    nlg = RotatingResponses(domain=rasa_domain)
    tracker = new_tracker(rasa_domain)
    assert send(nlg, tracker, "utter_forgotten", channel="socketio")["custom"] == {"data": {"forgotten": True}}
    assert send(nlg, tracker, "utter_forgotten", channel="rest").get("custom") is None
