"""The symptom check's pure state machine: one turn in, slot updates out."""
import pytest

from actions.check_state import Turn, mention_from_entity, triage_input, update_check
from actions.symptoms.extract import extract_text
from actions.triage.assess import assess
from actions.triage.rules import Tier


def turn(text: str, intent: str = "inform", requested: str = None) -> Turn:
    return Turn(text, intent, extract_text(text).mentions, requested)


def run_check(first: str, *answers):
    """Slots after a first message and (requested_slot, text, intent) answers."""
    slots = dict(update_check({}, turn(first, "describe_symptoms")).slots)
    for requested, text, intent in answers:
        slots.update(update_check({**slots, "requested_slot": requested}, turn(text, intent, requested)).slots)
    return slots


def test_first_message_fills_what_it_says():
    slots = run_check("my left calf has twitched for three weeks but I'm not weak")
    assert slots["duration_days"] == 21
    assert slots["body_locations"] == ["left_calf"]
    assert "other_symptoms" not in slots  # "not weak" does not rule out numbness: still asked
    assert "weakness" in slots["symptom_findings"]["absent_symptoms"]
    assert slots["symptom_findings"]["words"]["duration"] == "for three weeks"


def test_weakness_answers_the_other_symptoms_question():
    slots = run_check("my arm twitches and feels weak")
    assert slots["other_symptoms"] == "yes"


@pytest.mark.parametrize(
    "requested, text, intent, expected",
    [
        ("other_symptoms", "/affirm", "affirm", "yes"),
        ("other_symptoms", "/deny", "deny", "no"),
        ("other_symptoms", "/not_sure", "not_sure", "unsure"),
        ("other_symptoms", "no weakness or numbness", "deny", "no"),
        ("onset", "it came on slowly", "inform", "gradual"),
        ("onset", "out of nowhere", "inform", "sudden"),
        ("onset", "/not_sure", "not_sure", "unsure"),
        ("duration_days", "about 5 days", "inform", 5),
        ("duration_days", "no idea", "not_sure", "unsure"),
        ("body_locations", "both calves", "inform", ["left_calf", "right_calf"]),
        ("body_locations", "not sure", "not_sure", ["unsure"]),
    ],
)
def test_answers_to_each_question(requested, text, intent, expected):
    update = update_check({"requested_slot": requested}, turn(text, intent, requested))
    assert update.understood
    assert update.slots[requested] == expected


def test_button_payload_entities_fill_onset():
    entity = {"entity": "onset", "value": "sudden"}  # from /inform{"onset": "sudden"}
    mention = mention_from_entity(entity, '/inform{"onset": "sudden"}')
    update = update_check({}, Turn('/inform{"onset": "sudden"}', "inform", (mention,), "onset"))
    assert update.slots["onset"] == "sudden"


def test_gibberish_is_not_understood():
    update = update_check({}, turn("banana", "inform", "duration_days"))
    assert not update.understood
    assert "duration_days" not in update.slots


def test_confirmation_yes_and_no():
    yes = update_check({}, Turn("/affirm", "affirm", (), "details_confirmed"))
    assert yes.slots["details_confirmed"] is True
    no = update_check({"duration_days": 3}, Turn("/deny", "deny", (), "details_confirmed"))
    assert no.correction_requested
    assert no.slots["duration_days"] is None and no.slots["details_confirmed"] is None


def test_correction_at_read_back_updates_and_reads_back_again():
    slots = run_check("my calf twitches since yesterday", ("body_locations", "my calf", "inform"))
    update = update_check({**slots, "requested_slot": "details_confirmed"}, turn("actually it's been 2 months", "inform", "details_confirmed"))
    assert update.slots["duration_days"] == 60
    assert update.slots["details_confirmed"] is None


@pytest.mark.parametrize(
    "first, answers, tier",
    [
        ("my calf twitched after my run yesterday", [("body_locations", "my calf", "inform"), ("other_symptoms", "/deny", "deny"), ("onset", "gradually", "inform")], Tier.SELF_CARE),
        ("my calf has twitched for three weeks but I'm not weak", [("other_symptoms", "/deny", "deny"), ("onset", "gradually", "inform")], Tier.SEE_A_DOCTOR),
        ("my arm suddenly started twitching and now it's numb", [("duration_days", "since this morning", "inform")], Tier.URGENT),
        ("my eyelid twitches", [("duration_days", "2 days", "inform"), ("body_locations", "my eyelid", "inform"), ("other_symptoms", "/not_sure", "not_sure"), ("onset", "gradually", "inform")], Tier.SEE_A_DOCTOR),
    ],
)
def test_whole_check_to_tier(first, answers, tier):
    assert assess(triage_input(run_check(first, *answers))).tier == tier
