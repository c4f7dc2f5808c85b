"""Questions the articles do not cover (actions/knowledge/outside_articles.py): unit table."""

import pytest

from actions.knowledge.outside_articles import outside_articles_kind


@pytest.mark.parametrize(
    "text, kind",
    [
        ("my toddler's eyelid keeps twitching, is that normal?", "child"),
        ("If a child has facial twitching and blinking, what could be the cause?", "child"),
        ("my 6 month old jerks in her sleep", "child"),
        ("my 7 year old has tics, should I worry", "child"),
        ("should I get a tetanus shot after stepping on a nail?", "tetanus"),
        ("do I have tetanus now? I don't have lockjaw", "tetanus"),
        ("I'm 20 weeks pregnant and get leg cramps at night, normal?", "pregnancy"),
        ("why do I jerk awake just as I fall asleep", "sleep_start"),
        ("what are hypnic jerks", "sleep_start"),
        ("what dose of magnesium glycinate is safe", "medicine_dose"),
        ("can I take 400mg magnesium with my blood pressure pills", "medicine_dose"),
        ("my dog's back leg twitches when he sleeps", "animal"),
        # close in words, covered by the articles
        ("what is a charley horse?", None),
        ("how do kidneys affect twitching", None),
        ("my 35 year old son has twitching in his calf", None),
        ("can too much water cause twitching", None),
        ("should I take magnesium for twitching?", None),
        ("does caffeine cause twitching?", None),
    ],
)
def test_outside_articles_kind(text, kind):
    assert outside_articles_kind(text) == kind


@pytest.mark.parametrize(
    "text, kind",
    [
        ("is ALS genetic? my grandad had it", "condition_details"),
        ("is there a cure for multiple sclerosis", "condition_details"),
        ("what drugs are there for MND", "condition_details"),
        ("how is isaac syndrome treated", "condition_details"),
        ("what treatments are there for ALS", "condition_details"),
        ("is this restless legs or twitching", "other_condition"),
        ("early signs of parkinson's?", "other_condition"),
        ("does creatine give you cramps", "other_condition"),
        ("7 yr old son has a throat clearing tic, how do i help him", "child"),
        ("my son is 4 and his eye keeps blinking hard", "child"),
        # context, not the subject
        ("Up all night with our new baby. My eyelid twitches, is it the lack of sleep?", None),
        ("new baby, no sleep, and now my eyelid flutters, could that be why", None),
        ("since the baby came i twitch all day", None),
        ("I walk the dog and that's about it. Both calves twitch, should I get it looked at?", None),
        ("my cat's tail keeps twitching, why", "animal"),
        ("is twitching a sign of ALS?", None),
        ("what are the symptoms of MS", None),
        ("can twitching be treated", None),
    ],
)
def test_outside_articles_kind_more(text, kind):
    assert outside_articles_kind(text) == kind
