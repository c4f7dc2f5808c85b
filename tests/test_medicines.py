"""Medicines in the user's words: names, classes and cues are a trigger, an overdose stays one.

Read as the Rasa server reads a message (extract_message: canonical form, typos corrected,
lower case, the project pipeline).
"""

import pytest

from actions.symptoms import patterns
from actions.symptoms.extract import extract_message
from actions.symptoms.pipeline import spelling_corrector


@pytest.mark.parametrize(
    "text, triggers",
    [
        # generic words and cues
        ("I take a tablet every morning", ("medication",)),
        ("I'm on a new medicine", ("medication",)),
        ("started taking something new last month", ("medication",)),
        ("the doctor put me on something for my nerves", ("medication",)),
        ("my gp prescribed me something", ("medication",)),
        ("they upped my dose last week", ("medication",)),
        ("I use an inhaler", ("medication",)),
        # classes
        ("I'm on blood pressure tablets", ("medication",)),
        ("I take statins", ("medication",)),
        ("been on antidepressants for a year", ("medication",)),
        ("I take an SSRI", ("medication",)),
        ("a short course of steroids", ("medication",)),
        ("I use my blue inhaler for asthma", ("medication",)),
        ("on water tablets for my ankles", ("medication",)),
        ("I take diuretics", ("medication",)),
        ("antihistamines for hay fever", ("medication",)),
        ("my ADHD meds", ("medication",)),
        ("I'm on stimulants for adhd", ("medication",)),
        ("finished a course of antibiotics", ("medication",)),
        ("beta blockers for my heart", ("medication",)),
        # names, typed right and wrong
        ("I take sertraline", ("medication",)),
        ("started on propranolol", ("medication",)),
        ("salbutamol makes me shaky", ("medication",)),
        ("on atorvastatin", ("medication",)),
        ("I take co-codamol for my back", ("medication",)),
        ("I take sertaline", ("medication",)),
        ("my prednisolne", ("medication",)),
        # a cue about something else taken is that thing
        ("the doctor put me on magnesium", ("supplement",)),
        ("I started taking vitamin D tablets", ("supplement",)),
        ("a higher dose of magnesium", ("supplement",)),
        ("started taking pre workout", ("caffeine",)),
        ("I started taking the stairs at work", ()),
        ("I took a break from the gym", ("exercise",)),
        # a stimulant that is not a medicine
        ("caffeine is a stimulant", ("caffeine",)),
    ],
)
def test_medicines_are_a_trigger(text, triggers):
    findings = extract_message(text)
    assert findings.triggers == triggers
    assert findings.emergency_signs == ()


@pytest.mark.parametrize("text", ["I'm not on any medication", "I don't take any tablets", "no meds at all"])
def test_no_medicine_is_a_denied_one(text):
    findings = extract_message(text)
    assert findings.triggers == ()
    assert any(m.value == "medication" and m.negated for m in findings.mentions)


@pytest.mark.parametrize(
    "text, overdose",
    [
        # tablets taken in a large amount, by name as by kind
        ("I took a handful of propranolol", True),
        ("I swallowed a whole packet of amitriptyline", True),
        ("took 20 of my sertraline", True),
        ("my son ate some of my pills", True),
        ("the dog got into my statins", True),
        # eating and taking tablets are two things done
        ("I ate breakfast and took my pills", False),
        ("I ate then took my tablets", False),
        ("I took my sertraline with food", False),
    ],
)
def test_an_overdose_of_a_named_medicine_is_an_emergency(text, overdose):
    assert ("overdose" in extract_message(text).emergency_signs) is overdose


def test_medicine_words_join_the_spelling_vocabulary():
    corrector = spelling_corrector()
    names = [name for name in patterns.MEDICINE_NAMES.split("|") if "-" not in name]
    assert [name for name in names if name not in corrector.targets] == []
    assert corrector.correct("fluoxitine and amlodipene") == "fluoxetine and amlodipine"
