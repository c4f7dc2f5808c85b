"""The symptom check's pure state machine: one turn in, slot updates out."""

import pytest

from actions.check_state import (
    AFTER_MISSES,
    ASSESSED_SLOT,
    CHECK_SLOTS,
    CORRECTION,
    FORM_SLOTS,
    MISSES_SLOT,
    NOTE_DETAIL_NOTED,
    WHICH_SYMPTOMS,
    Turn,
    advice_change,
    mention_from_entity,
    triage_input,
    update_check,
)
from actions.symptoms.extract import extract_text
from actions.triage.assess import assess
from actions.triage.rules import LONG_DURATION_DAYS, Tier


def turn(text: str, intent: str = "inform", requested: str = None, **kwargs) -> Turn:
    return Turn(text, intent, extract_text(text).mentions, requested, **kwargs)


def run_check(first: str, *answers):
    """Slots after a first message and (requested_slot, text, intent) answers."""
    slots = dict(update_check({}, turn(first, "describe_symptoms")).slots)
    for requested, text, intent in answers:
        slots.update(update_check({**slots, "requested_slot": requested}, turn(text, intent, requested)).slots)
    return slots


class Check:
    """The check as the form runs it: the next question is the follow-up the core asks for, or
    the first form slot still empty; a declined message leaves the question as it was."""

    def __init__(self, first: str, intent: str = "describe_symptoms", slots=None):
        self.slots = dict(slots or {})
        self.asked = None
        self.last = self._apply(update_check(self.slots, turn(first, intent)))

    def say(self, text: str, intent: str = "inform"):
        self.last = self._apply(
            update_check({**self.slots, "requested_slot": self.asked}, turn(text, intent, self.asked))
        )
        return self.last

    def _apply(self, update):
        if update.declined:
            return update
        self.slots.update(update.slots)
        self.asked = update.ask or next((s for s in FORM_SLOTS if self.slots.get(s) is None), None)
        return update

    def finish(self):
        """What action_assess_symptoms keeps: the tier given, for later revisions."""
        tier = assess(triage_input(self.slots)).tier
        self.slots.update({ASSESSED_SLOT: tier.label, MISSES_SLOT: None})
        self.asked = None
        return tier


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
        ("other_symptoms", "/deny", "deny", "no"),
        ("other_symptoms", "/not_sure", "not_sure", "unsure"),
        ("other_symptoms", "no weakness or numbness", "deny", "no"),
        ("other_symptoms", "yes, my grip is weak", "affirm", "yes"),
        ("other_symptoms", "yes some pain in it", "affirm", "yes"),
        ("onset", "it came on slowly", "inform", "gradual"),
        ("onset", "out of nowhere", "inform", "sudden"),
        ("onset", "/not_sure", "not_sure", "unsure"),
        ("duration_days", "about 5 days", "inform", 5),
        ("duration_days", "less than 2 weeks", "inform", 13),
        ("duration_days", "more than 2 weeks", "inform", 15),
        ("body_locations", "both calves", "inform", ["left_calf", "right_calf"]),
        ("body_locations", "not sure", "not_sure", ["unsure"]),
    ],
)
def test_answers_to_each_question(requested, text, intent, expected):
    update = update_check({"requested_slot": requested}, turn(text, intent, requested))
    assert update.understood and update.ask is None
    assert update.slots[requested] == expected
    assert update.slots[MISSES_SLOT] is None


def test_button_payload_entities_fill_onset():
    entity = {"entity": "onset", "value": "sudden"}  # from /inform{"onset": "sudden"}
    mention = mention_from_entity(entity, '/inform{"onset": "sudden"}')
    update = update_check({}, Turn('/inform{"onset": "sudden"}', "inform", (mention,), "onset"))
    assert update.slots["onset"] == "sudden"


# --- answers the check cannot read: a clarification, then "not sure" -----------------


@pytest.mark.parametrize(
    "question, first_miss, second_miss, note",
    [
        ("onset", ("no", "deny"), ("yes", "affirm"), "taken_unsure"),
        ("onset", ("it twitches a lot", "inform"), ("hmm well", "nlu_fallback"), "taken_unsure"),
        ("other_symptoms", ("banana", "nlu_fallback"), ("what do you mean", "inform"), "taken_unsure"),
        ("body_locations", ("yes", "affirm"), ("it's hard to point at", "inform"), "taken_unsure"),
        ("duration_days", ("since my son was born", "out_of_scope"), ("/not_sure", "not_sure"), "duration_unknown"),
        ("duration_days", ("not sure", "not_sure"), ("no idea at all", "not_sure"), "duration_unknown"),
        ("duration_days", ("purple", "inform"), ("for a while", "inform"), "duration_unknown"),
    ],
)
def test_an_unreadable_answer_is_clarified_once_then_taken_as_not_sure(question, first_miss, second_miss, note):
    slots = {"requested_slot": question}
    first = update_check(slots, turn(*first_miss, question))
    assert not first.understood and not first.declined
    assert first.slots[MISSES_SLOT] == {question: 1}  # the domain's clarifying variant is chosen on this
    assert first.slots.get(question) is None  # so the form asks the question again
    second = update_check({**slots, **first.slots}, turn(*second_miss, question))
    assert second.slots[question] == AFTER_MISSES[question]
    assert second.slots[MISSES_SLOT] is None and second.note == note


def test_a_miss_counts_only_for_the_question_it_was_for():
    check = Check("my calf twitches")
    check.say("purple")
    assert check.slots[MISSES_SLOT] == {"duration_days": 1}
    check.say("about 3 weeks")
    assert check.slots[MISSES_SLOT] is None and check.asked == "other_symptoms"
    check.say("banana", "nlu_fallback")
    assert check.slots[MISSES_SLOT] == {"other_symptoms": 1}  # a first miss of this question, not a second


def test_misses_of_another_question_do_not_count():
    update = update_check({"requested_slot": "onset", MISSES_SLOT: {"duration_days": 1}}, turn("no", "deny", "onset"))
    assert update.slots[MISSES_SLOT] == {"onset": 1} and update.slots.get("onset") is None


def test_never_asks_a_question_a_third_time():
    check = Check("my eyelid twitches")
    asked = []
    while check.asked is not None and len(asked) < 20:
        asked.append(check.asked)
        check.say("purple")
    assert check.asked is None  # every question ended, each after two misses (the read-back too)
    assert all(asked.count(q) <= 2 for q in set(asked))
    assert assess(triage_input(check.slots)).tier >= Tier.SEE_A_DOCTOR  # "not sure" everywhere is cautious


@pytest.mark.parametrize(
    "text, intent",
    [("since my son was born", "out_of_scope"), ("hmm", "nlu_fallback")],
)
def test_a_statement_taken_for_out_of_scope_is_an_attempted_answer(text, intent):
    update = update_check({"requested_slot": "duration_days"}, turn(text, intent, "duration_days"))
    assert not update.declined and update.slots[MISSES_SLOT] == {"duration_days": 1}


@pytest.mark.parametrize(
    "text, intent",
    [
        ("can you book me a table for two?", "out_of_scope"),
        ("what causes twitching?", "faq"),
        ("hello", "greet"),
        ("i'm freaking out honestly", "express_worry"),
        ("thanks", "thank"),
    ],
)
def test_digressions_are_declined_so_their_rule_answers(text, intent):
    update = update_check({"requested_slot": "onset"}, turn(text, intent, "onset"))
    assert update.declined


# --- the length: rough buttons, and "not sure" counts as possibly over 2 weeks ---------


def test_not_sure_how_long_is_asked_again_once():
    update = update_check({"requested_slot": "duration_days"}, turn("/not_sure", "not_sure", "duration_days"))
    assert update.slots.get("duration_days") is None and update.slots[MISSES_SLOT] == {"duration_days": 1}


@pytest.mark.parametrize(
    "answers, long, unsure",
    [
        ([("less than 2 weeks", "inform")], False, False),
        ([("more than 2 weeks", "inform")], True, False),
        ([("/not_sure", "not_sure"), ("more than 2 weeks", "inform")], True, False),
        ([("/not_sure", "not_sure"), ("/not_sure", "not_sure")], None, True),
        ([("since my son was born", "inform"), ("no idea", "not_sure")], None, True),
    ],
)
def test_rough_lengths_and_unknown_lengths(answers, long, unsure):
    check = Check(
        "my eyelid twitches", slots={"body_locations": ["eyelid"], "other_symptoms": "no", "onset": "gradual"}
    )
    for text, intent in answers:
        check.say(text, intent)
    inp = triage_input(check.slots)
    assert inp.duration_unsure is unsure
    if long is not None:
        assert (inp.duration_days > LONG_DURATION_DAYS) is long
    fired = assess(inp).rule_ids
    assert ("SD-LONG-DURATION" in fired) is bool(long)
    assert ("SD-UNKNOWN-DURATION" in fired) is unsure
    assert assess(inp).tier == (Tier.SEE_A_DOCTOR if long or unsure else Tier.SELF_CARE)


# --- "yes" to other symptoms asks which ---------------------------------------------------


@pytest.mark.parametrize(
    "text, intent", [("/affirm", "affirm"), ("yes", "affirm"), ("yeah I do", "affirm"), ("i think so", "inform")]
)
def test_a_bare_yes_asks_which_symptoms(text, intent):
    update = update_check({"requested_slot": "other_symptoms"}, turn(text, intent, "other_symptoms"))
    assert update.ask == WHICH_SYMPTOMS
    assert update.slots.get("other_symptoms") is None


@pytest.mark.parametrize(
    "text, intent, symptoms",
    [
        ("I have weakness", "describe_symptoms", ["weakness"]),
        ("I have numbness or tingling", "describe_symptoms", ["numbness", "tingling"]),
        ("a muscle is getting smaller", "inform", ["muscle_loss"]),
        ("my hand feels weak and my foot tingles", "inform", ["tingling", "weakness"]),
        ("none of these", "deny", []),
        ("/deny", "deny", []),
        ("not sure", "not_sure", []),
    ],
)
def test_which_symptoms_answers(text, intent, symptoms):
    update = update_check({"requested_slot": WHICH_SYMPTOMS}, turn(text, intent, WHICH_SYMPTOMS))
    assert update.slots["other_symptoms"] == "yes"  # the yes stands, named or not
    assert update.slots[WHICH_SYMPTOMS] == symptoms
    assert set(symptoms) <= set(update.slots["symptom_findings"]["symptoms"])
    assert update.ask is None


def test_which_symptoms_unreadable_is_asked_again_then_the_yes_stands():
    first = update_check({"requested_slot": WHICH_SYMPTOMS}, turn("yes", "affirm", WHICH_SYMPTOMS))
    assert first.ask == WHICH_SYMPTOMS and first.slots[MISSES_SLOT] == {WHICH_SYMPTOMS: 1}
    second = update_check({"requested_slot": WHICH_SYMPTOMS, **first.slots}, turn("purple", "inform", WHICH_SYMPTOMS))
    assert second.ask is None and second.slots["other_symptoms"] == "yes" and second.note == "other_symptoms_kept"


def test_another_answer_at_which_symptoms_is_noted_and_which_asked_again():
    update = update_check({"requested_slot": WHICH_SYMPTOMS}, turn("about 3 weeks", "inform", WHICH_SYMPTOMS))
    assert update.slots["duration_days"] == 21
    assert update.ask == WHICH_SYMPTOMS and update.note == NOTE_DETAIL_NOTED


def test_after_a_digression_a_follow_up_question_is_asked_again():
    update = update_check(
        {"requested_slot": WHICH_SYMPTOMS}, turn("what causes twitching?", "faq", WHICH_SYMPTOMS, resumed=True)
    )
    assert update.ask == WHICH_SYMPTOMS and update.slots == {}


# --- leaving and forgetting at every question --------------------------------------------


@pytest.mark.parametrize("question", FORM_SLOTS + (WHICH_SYMPTOMS, CORRECTION))
@pytest.mark.parametrize("intent", ["stop", "forget_me", "restart"])
def test_leaving_and_forgetting_are_never_answers(question, intent):
    update = update_check({"requested_slot": question, "duration_days": 3}, turn("my calf, stop", intent, question))
    assert update.declined and update.slots == {}


# --- the read-back: corrections in free text, "no" asks what to change --------------------


def read_back(first="my left calf has twitched for 3 days", **answers):
    check = Check(first)
    for text, intent in answers.get("steps", [("/deny", "deny"), ("gradually", "inform")]):
        check.say(text, intent)
    assert check.asked == "details_confirmed"
    return check


@pytest.mark.parametrize(
    "text, intent, slot, expected",
    [
        ("it's in both legs", "inform", "body_locations", ["left_leg", "right_leg"]),
        ("no, just my right calf", "deny", "body_locations", ["right_calf"]),
        ("it's also in my arm", "inform", "body_locations", ["arm", "left_calf"]),
        ("actually it started 3 weeks ago", "inform", "duration_days", 21),
        ("no, it came on suddenly", "deny", "onset", "sudden"),
    ],
)
def test_a_correction_at_the_read_back_changes_it_and_reads_back_again(text, intent, slot, expected):
    check = read_back()
    update = check.say(text, intent)
    assert check.slots[slot] == expected
    assert update.slots["details_confirmed"] is None and check.asked == "details_confirmed"


def test_corrected_places_replace_the_old_ones_in_the_assessment():
    check = read_back("my calves have twitched for 3 days")
    assert assess(triage_input(check.slots)).tier == Tier.SEE_A_DOCTOR  # two places
    check.say("no, only my left calf", "deny")
    inp = triage_input(check.slots)
    assert inp.locations == ("left_calf",) and not inp.in_multiple_places
    assert assess(inp).tier == Tier.SELF_CARE


def test_taking_back_a_symptom_asks_about_other_symptoms_again():
    check = read_back("my left calf twitches for 3 days and my foot is numb", steps=[("gradually", "inform")])
    check.say("sorry, my foot isn't numb", "deny")
    assert check.asked == "other_symptoms"
    assert "numbness" in check.slots["symptom_findings"]["absent_symptoms"]


def test_no_at_the_read_back_asks_what_to_change():
    check = read_back()
    update = check.say("/deny", "deny")
    assert update.ask == CORRECTION and check.slots["duration_days"] == 3  # nothing is thrown away
    check.say("it's been 2 months")
    assert check.slots["duration_days"] == 60 and check.asked == "details_confirmed"


def test_no_to_what_to_change_keeps_what_the_check_has():
    """A second "no" names nothing to change: the outcome comes (never a loop of questions)."""
    check = read_back()
    before = {s: check.slots[s] for s in FORM_SLOTS if s != "details_confirmed"}
    check.say("/deny", "deny")
    update = check.say("/deny", "deny")
    assert update.note == "readback_kept" and check.asked is None
    assert check.slots["details_confirmed"] is True
    assert {s: check.slots[s] for s in before} == before


def test_yes_to_what_to_change_confirms():
    check = read_back()
    check.say("/deny", "deny")
    check.say("/affirm", "affirm")
    assert check.slots["details_confirmed"] is True and check.asked is None


@pytest.mark.parametrize(
    "question_steps, note, asked",
    [
        ([], "readback_kept", None),  # the check goes on with what it has
        ([("/deny", "deny")], "readback_kept", None),
    ],
)
def test_unreadable_at_the_read_back_twice_goes_on(question_steps, note, asked):
    check = read_back()
    for text, intent in question_steps:
        check.say(text, intent)
    first = check.say("purple")
    assert not first.understood and check.asked in ("details_confirmed", CORRECTION)
    second = check.say("banana")
    assert second.note == note and check.asked == asked


# --- after the outcome: new facts revise it, nothing new starts afresh ------------------------


def finished(
    first="my left calf twitched after my run yesterday",
    steps=(("/deny", "deny"), ("gradually", "inform"), ("/affirm", "affirm")),
):
    check = Check(first)
    for text, intent in steps:
        check.say(text, intent)
    assert check.asked is None
    return check, check.finish()


@pytest.mark.parametrize(
    "text, intent, tier",
    [
        ("I forgot to say my hand feels weak", "describe_symptoms", Tier.SEE_A_DOCTOR),
        ("it's in my other calf too", "inform", Tier.SEE_A_DOCTOR),
        ("actually it's been going on for a month", "inform", Tier.SEE_A_DOCTOR),
        ("oh and it started suddenly and my foot is numb", "describe_symptoms", Tier.URGENT),
    ],
)
def test_new_facts_after_the_outcome_revise_it(text, intent, tier):
    check, before = finished()
    assert before == Tier.SELF_CARE
    update = check.say(text, intent)
    assert update.revision and check.asked is None  # complete at once: assessed again
    after = assess(triage_input(check.slots)).tier
    assert after == tier
    assert advice_change(check.slots[ASSESSED_SLOT], after.label) == "changed"


def test_a_correction_after_the_outcome_replaces_the_places():
    check, before = finished("my calves twitched after my run yesterday")
    assert before == Tier.SEE_A_DOCTOR
    check.say("actually it's only my left calf")
    assert triage_input(check.slots).locations == ("left_calf",)
    assert assess(triage_input(check.slots)).tier == Tier.SELF_CARE


@pytest.mark.parametrize(
    "text, intent", [("/describe_symptoms", "describe_symptoms"), ("check my symptoms", "describe_symptoms")]
)
def test_nothing_new_after_the_outcome_starts_a_fresh_check(text, intent):
    check, _ = finished()
    update = check.say(text, intent)
    assert not update.revision
    assert all(check.slots.get(s) is None for s in CHECK_SLOTS if s != "symptom_findings")
    assert check.asked == "duration_days"


def test_the_same_facts_again_start_a_fresh_check_from_them():
    check, _ = finished()
    check.say("my left calf twitches", "describe_symptoms")
    assert check.slots["body_locations"] == ["left_calf"] and check.slots["duration_days"] is None
    assert check.slots[ASSESSED_SLOT] is None


@pytest.mark.parametrize(
    "previous, tier, expected",
    [
        (None, "SELF-CARE", None),
        ("", "URGENT", None),
        ("SELF-CARE", "SEE A DOCTOR", "changed"),
        ("URGENT", "URGENT", "unchanged"),
    ],
)
def test_advice_change(previous, tier, expected):
    assert advice_change(previous, tier) == expected


# --- whole checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first, answers, tier",
    [
        (
            "my calf twitched after my run yesterday",
            [
                ("body_locations", "my calf", "inform"),
                ("other_symptoms", "/deny", "deny"),
                ("onset", "gradually", "inform"),
            ],
            Tier.SELF_CARE,
        ),
        (
            "my calf has twitched for three weeks but I'm not weak",
            [("other_symptoms", "/deny", "deny"), ("onset", "gradually", "inform")],
            Tier.SEE_A_DOCTOR,
        ),
        (
            "my arm suddenly started twitching and now it's numb",
            [("duration_days", "since this morning", "inform")],
            Tier.URGENT,
        ),
        (
            "my eyelid twitches",
            [
                ("duration_days", "2 days", "inform"),
                ("body_locations", "my eyelid", "inform"),
                ("other_symptoms", "/not_sure", "not_sure"),
                ("onset", "gradually", "inform"),
            ],
            Tier.SEE_A_DOCTOR,
        ),
        (
            "my eyelid twitches",
            [
                ("duration_days", "2 days", "inform"),
                ("body_locations", "my eyelid", "inform"),
                ("other_symptoms", "/affirm", "affirm"),
                (WHICH_SYMPTOMS, "I have weakness", "inform"),
                ("onset", "/not_sure", "not_sure"),
            ],
            Tier.URGENT,
        ),
    ],
)
def test_whole_check_to_tier(first, answers, tier):
    assert assess(triage_input(run_check(first, *answers))).tier == tier


def test_misses_do_not_carry_over_when_the_check_starts_again():
    slots = {"requested_slot": None, MISSES_SLOT: {"onset": 1}, "duration_days": 21}
    update = update_check(slots, turn("my calf is twitching again", "describe_symptoms"))
    assert update.slots[MISSES_SLOT] is None


def test_repeating_a_known_detail_is_not_an_answer_to_another_question():
    check = Check("my eyelid keeps twitching")
    check.say("less than 2 weeks")
    assert check.asked == "other_symptoms"
    update = check.say("my eyelid")
    assert update.note is None and check.slots[MISSES_SLOT] == {"other_symptoms": 1}
