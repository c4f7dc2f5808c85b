"""Typos read as meant, and nothing else changed (actions/symptoms/spelling.py)."""

import pytest

from actions.symptoms.pipeline import spelling_corrector
from actions.symptoms.spelling import build_corrector, nlu_text


@pytest.fixture(scope="module")
def corrector():
    return spelling_corrector()


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("I cant brethe", "I cant breathe"),  # a dropped letter
        ("troble swalowing", "trouble swallowing"),  # two words
        ("his speach is slured", "his speech is slurred"),
        ("a bottle of pils", "a bottle of pills"),  # four letters: a dropped letter only
        ("my left tumb", "my left thumb"),
        ("musels", "muscles"),  # two edits in a longer word
        ("siezzure", "seizure"),  # a swap and a doubled letter
        ("magnisium", "magnesium"),
        ("he is unresponsve", "he is unresponsive"),
        ("I CANT BRETHE", "I CANT breathe"),  # whatever the case
    ],
)
def test_a_typo_is_read_as_the_word_meant(corrector, typed, meant):
    assert corrector.correct(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "my calve hurts",  # an English word, though not the one meant
        "charlie horse at nite",  # "nite": nine or note? a guess is left alone
        "I have copd",  # a four-letter word is not changed letter for letter
        "I took calpol",  # two edits never shorten a word
        "watching the footy",  # a short word keeps its last letter
        "Sandra thinks so",  # a name far from every domain word
        "dont isnt wont",  # contractions typed without the apostrophe
        "12mg ibuprofen",  # numbers and known words
    ],
)
def test_words_that_are_not_typos_stay_as_typed(corrector, text):
    assert corrector.correct(text) == text


def test_only_words_of_the_domain_are_targets():
    corrector = build_corrector(["twitching"], english=frozenset({"the"}))
    assert corrector.correct("the twiching") == "the twitching"
    assert corrector.correct("the brething") == "the brething"


def test_equally_close_words_are_told_apart_by_use_in_the_domain():
    corrector = build_corrector(["drooping drooping", "dropping"], english=frozenset())
    assert corrector.correct_word("droopping") == "drooping"


def test_the_nlu_text_is_canonical_first():
    corrector = build_corrector(["breathing"], english=frozenset({"trouble"}))
    assert nlu_text("trouble\u00a0\nbrething\u200b", corrector) == "trouble breathing"
