"""Article passages and the answer choice (actions/knowledge/passages.py, answer_choice.py):
unit tables with the real articles and a stub ranking, no trained model."""

import re

import pytest

from actions.knowledge.answer_choice import AnswerSettings, choose_answers, passage_or_topic
from actions.knowledge.articles import project_articles
from actions.knowledge.passages import MAX_PASSAGE_CHARS, PassageIndex, article_passages, split_section


@pytest.fixture(scope="module")
def passages():
    return article_passages(project_articles())


@pytest.fixture(scope="module")
def index(passages):
    return PassageIndex(passages)


def test_every_passage_is_the_articles_own_text_in_whole_sentences(passages):
    articles = project_articles()
    assert len(passages) > 30
    for passage in passages:
        section = articles[passage.article].section(passage.heading).text
        flat = " ".join(section.split())
        for piece in passage.text.split("\n"):
            assert " ".join(piece.split()) in flat, passage.key  # quoted, never reworded
        last = passage.text.split("\n")[-1]
        assert last.startswith("- ") or re.search(r"[.!?\"”')]$", last), passage.key  # a sentence or list ends there
        assert len(passage.text) <= MAX_PASSAGE_CHARS or "\n- " in passage.text, passage.key


def test_no_passage_from_the_reading_list_or_a_cut_sentence(passages):
    assert not any(p.heading == "References" for p in passages)
    assert not any("vitamin B6" in p.text and not p.text.rstrip().endswith((".", ":")) for p in passages)


def test_split_section_keeps_a_list_with_its_lead_in_and_joins_short_paragraphs():
    text = "Treatment options include:\n\n- rest\n- water\n\nShort.\n\n" + "A long sentence here. " * 30
    pieces = split_section(text)
    assert pieces[0].startswith("Treatment options include:\n- rest\n- water")
    assert all(len(piece) <= MAX_PASSAGE_CHARS for piece in pieces)
    assert "".join(pieces).count("A long sentence here.") == 30  # nothing dropped, nothing cut


@pytest.mark.parametrize(
    "question, heading",
    [
        ("how do kidneys affect twitching", "Nutrient deficiency"),
        ("do muscles run out of oxygen when you overdo it", "Muscle fatigue"),
        ("what else happens in isaac syndrome", "Isaac syndrome"),
    ],
)
def test_index_finds_the_section(index, question, heading):
    assert index.ranked(question, limit=1)[0].passage.heading == heading


def test_index_scores_an_unrelated_question_low(index):
    assert index.ranked("cheapest flights to lisbon in may", limit=1)[0].score < AnswerSettings().min_passage


def ranking(table):
    """A stub FAQ ranking: the first table entry whose words are all in the text."""

    def rank(text):
        for words, ranked in table:
            if all(word in text.lower() for word in words):
                return ranked
        return [("faq/causes_overview", 0.2), ("faq/definition", 0.1)]

    return rank


def test_one_question_gets_the_best_topic():
    rank = ranking([(["caffeine"], [("faq/caffeine", 0.8), ("faq/causes_overview", 0.1)])])
    assert choose_answers("does caffeine cause twitching?", rank, {}) == ("faq/caffeine",)


def test_two_questions_get_one_answer_each_in_order():
    rank = ranking(
        [
            (["caffeine", "doctor"], [("faq/caffeine", 0.5), ("faq/when_to_see_doctor", 0.4)]),
            (["caffeine"], [("faq/caffeine", 0.9)]),
            (["doctor"], [("faq/when_to_see_doctor", 0.9)]),
        ]
    )
    text = "Can caffeine cause it? When should I see a doctor?"
    assert choose_answers(text, rank, {}) == ("faq/caffeine", "faq/when_to_see_doctor")


def test_the_same_answer_is_never_sent_twice():
    rank = ranking([(["twitch"], [("faq/caffeine", 0.9)])])
    assert choose_answers("Why do I twitch? What makes me twitch?", rank, {}) == ("faq/caffeine",)


def test_an_unsure_topic_gives_way_to_a_passage_that_fits_better(index):
    ranked = [("faq/causes_overview", 0.15), ("faq/nutrient_deficiency", 0.1)]
    answers = {"faq/causes_overview": "Common causes are stress, caffeine and a lack of sleep."}
    answer = passage_or_topic("how do the kidneys affect twitching", ranked, answers, index, AnswerSettings())
    assert answer.startswith("passage/causes_and_treatment_")


def test_a_sure_topic_is_kept_over_a_passage(index):
    ranked = [("faq/caffeine", 0.9)]
    assert (
        passage_or_topic("how do the kidneys affect twitching", ranked, {}, index, AnswerSettings()) == "faq/caffeine"
    )


def test_no_passage_for_an_unrelated_question(index):
    ranked = [("faq/causes_overview", 0.1)]
    assert passage_or_topic("cheapest flights to lisbon", ranked, {}, index, AnswerSettings()) == "faq/causes_overview"


def test_a_detail_the_answer_leaves_out_gets_the_passage_after_it(index):
    rank = ranking([(["spine"], [("faq/overexertion", 0.9)])])
    answers = {"faq/overexertion": "After hard or long exercise, muscles may twitch or shake."}
    chosen = choose_answers("is it the spine that makes tired overused muscles contract", rank, answers, index)
    assert chosen[0] == "faq/overexertion" and chosen[1].startswith("passage/after_exercise_")


def test_an_answer_that_covers_the_question_gets_no_passage(index):
    rank = ranking([(["caffeine"], [("faq/caffeine", 0.9)])])
    answers = {
        "faq/caffeine": "Drinking too much coffee, tea or energy drinks with caffeine may cause muscle twitching."
    }
    assert choose_answers("can too much caffeine cause muscle twitching?", rank, answers, index) == ("faq/caffeine",)


def test_a_plain_question_gets_the_curated_answer_alone(index):
    rank = ranking([(["causes"], [("faq/causes_overview", 0.6), ("faq/definition", 0.1)])])
    answers = {"faq/causes_overview": "Muscle twitches have many possible causes, most of them everyday ones."}
    assert choose_answers("what causes muscle twitching?", rank, answers, index) == ("faq/causes_overview",)
