"""Tests for the knowledge base: cleaned articles, FAQ answers, generated responses, NLU data.

These guard the project's core promise: every FAQ answer says only what the two
source articles say, and says where it came from.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # so plain `pytest` works as well as `python -m pytest`
    sys.path.insert(0, str(ROOT))

from actions.knowledge import build  # noqa: E402
from actions.knowledge.articles import (  # noqa: E402
    MAX_ANSWER_CHARS,
    ArticleFormatError,
    SourceRef,
    Topic,
    citation_line,
    load_articles,
    load_topics,
    parse_article,
    parse_topics,
    response_text,
    validate,
)
from tests.leaks import near_copies  # noqa: E402

KNOWLEDGE = ROOT / "data" / "knowledge"
ARTICLES_DIR = KNOWLEDGE / "articles"
ANSWERS = KNOWLEDGE / "answers.yml"
RESPONSES = ROOT / "data" / "responses" / "faq.yml"
NLU_FAQ = ROOT / "data" / "nlu" / "faq.yml"
NLU_OOS = ROOT / "data" / "nlu" / "out_of_scope.yml"
HELDOUT = ROOT / "tests" / "nlu" / "faq_heldout.yml"
NEWCOMER = ROOT / "tests" / "nlu_newcomer" / "faq_newcomer.yml"
NEWCOMER2 = ROOT / "tests" / "nlu_newcomer2" / "faq_newcomer2.yml"
# Written blind in the style of forum posts (long, typos, two questions), never trained on.
REAL_STYLE = ROOT / "tests" / "nlu_real"
REAL_PASSAGES = ROOT / "tests" / "questions_real" / "passages_real_style.yml"
REAL_MULTI = ROOT / "tests" / "questions_real" / "multi_questions.yml"
SEEDS = Path("/work/shared/seeds")

TITLE_1 = "Is Muscle Twitching Normal After Exercise?"
TITLE_2 = "Muscle Twitching: Causes, Treatment and Prevention"

EXPECTED_KEYS = [
    "definition", "twitch_vs_spasm", "how_twitching_happens", "causes_overview",
    "overexertion", "dehydration", "too_much_water", "electrolytes", "lack_of_sleep",
    "caffeine", "stress_anxiety", "nutrient_deficiency", "deficiency_reasons",
    "medications_supplements", "insufficient_stretching", "normal_after_exercise",
    "post_exercise_symptoms", "cramp_duration", "how_long_twitching_lasts", "risk_factors",
    "when_to_see_doctor", "doctor_questions", "doctor_tests", "treatment", "prevention",
    "taking_supplements", "serious_causes", "pinched_nerve", "multiple_sclerosis", "als",
    "isaac_syndrome", "is_it_serious",
]  # fmt: skip
REPLY_KEYS = ("reassure", "dont_stop_medicine", "own_doctor", "not_dying")


@pytest.fixture(scope="module")
def articles():
    return load_articles(ARTICLES_DIR)


@pytest.fixture(scope="module")
def topics():
    return load_topics(ANSWERS)


def _examples(path: Path) -> dict[str, list[str]]:
    """intent -> example lines of a Rasa 3.1 NLU file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["version"] == "3.1"
    result: dict[str, list[str]] = {}
    for block in data["nlu"]:
        lines = [line.strip() for line in block["examples"].splitlines() if line.strip()]
        assert all(line.startswith("- ") for line in lines), block["intent"]
        result.setdefault(block["intent"], []).extend(line[2:].strip() for line in lines)
    return result


# --------------------------------------------------------------------------- articles


@pytest.mark.parametrize(
    "article_id, title, seed, first_heading, last_heading, n_sections",
    [
        ("after_exercise", TITLE_1, "000_abfcb7b4bf4e0078.txt", "What is muscle twitching?", "References", 11),
        ("causes_and_treatment", TITLE_2, "004_c787960d44232b58.txt", "Introduction", "Outlook", 18),
    ],
)  # fmt: skip
def test_articles_parse_with_front_matter_and_sections(
    articles, article_id, title, seed, first_heading, last_heading, n_sections
):
    article = articles[article_id]
    assert (article.id, article.title, article.seed) == (article_id, title, seed)
    assert article.sections[0].heading == first_heading
    assert article.sections[-1].heading == last_heading
    assert len(article.sections) == n_sections
    assert all(section.text.strip() for section in article.sections)


@pytest.mark.parametrize(
    "article_id, heading, expected_line",
    [
        ("after_exercise", "Risk factors", "- An athlete returning to train after a period of inactivity"),
        ("after_exercise", "Diagnosing muscle twitching after exercise", "- Magnetic resonance imaging (MRI)"),
        ("after_exercise", "References", '- University of Florida Health: "Muscle Twitching."'),
        ("causes_and_treatment", "Multiple sclerosis", "- vision problems"),
        ("causes_and_treatment", "Amyotrophic lateral sclerosis", "- muscle atrophy"),
        ("causes_and_treatment", "Treatment", "- reducing caffeine intake"),
    ],
)  # fmt: skip
def test_lists_are_kept_as_markdown_lists(articles, article_id, heading, expected_line):
    assert expected_line in articles[article_id].section(heading).text.splitlines()


def test_causes_article_front_matter_explains_its_title():
    raw = (ARTICLES_DIR / "causes_and_treatment.md").read_text(encoding="utf-8")
    front_matter = raw.split("---")[1]
    assert re.search(r"^#.*no title line", front_matter, re.MULTILINE | re.IGNORECASE)


@pytest.mark.parametrize(
    "furniture",
    [
        "SLIDESHOW", "See Slideshow", "COMMENTSTAGLIST", "OTHERTAGLIST", "Health News",
        "Wegovy", "Related Articles", "horseradish", "methocarbamol", "DOMS", "Biceps",
    ],
)  # fmt: skip
@pytest.mark.parametrize("filename", ["after_exercise.md", "causes_and_treatment.md"])
def test_page_furniture_is_removed(filename, furniture):
    raw = (ARTICLES_DIR / filename).read_text(encoding="utf-8")
    assert furniture.lower() not in raw.lower()


def test_table_of_contents_lines_are_removed(articles):
    toc = {"- Definition", "- Symptoms", "- Causes", "- Diagnosis", "- Treatment", "Comments", "More"}
    lines = {line for s in articles["after_exercise"].sections for line in s.text.splitlines()}
    assert not toc & lines


@pytest.mark.parametrize(
    "article_id, heading, cut_text",
    [
        # The page had links here; whatever followed was lost and must not be invented.
        ("causes_and_treatment", "Isaac syndrome", "Isaac syndrome is a"),
        ("causes_and_treatment", "Medications and supplements", "For example, taking high amounts of vitamin B6"),
    ],
)  # fmt: skip
def test_truncated_sentences_stay_truncated(articles, article_id, heading, cut_text):
    paragraphs = articles[article_id].section(heading).text.split("\n\n")
    assert cut_text in paragraphs, "the cut sentence must be its own, unfinished paragraph"


def test_lone_cut_word_after_water_dilution_is_not_completed(articles):
    text = articles["causes_and_treatment"].section("Water intake").text
    after = text.split("dilute electrolytes in the body.", 1)[1]
    assert after.split("\n\n")[0].strip() == "", "nothing may follow the cut on the same paragraph"
    assert "\n\nA\n" not in text + "\n"


def test_b12_sentence_split_over_lines_is_joined_not_changed(articles):
    text = articles["causes_and_treatment"].section("Nutrient deficiency").text
    assert "A B12 deficiency can lead to cramps or spasms, tingling hands and feet, dizziness, and fatigue." in text


def test_empty_common_areas_list_is_not_filled_in(articles):
    section = articles["after_exercise"].section("Signs and symptoms of muscle twitching after exercise")
    assert "Common areas include" not in section.text
    assert "- " not in section.text


def _normalise(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"')
    return " ".join(text.split())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed captures are not available here")
@pytest.mark.parametrize("article_id", ["after_exercise", "causes_and_treatment"])
def test_every_body_line_comes_from_the_seed(articles, article_id):
    """Cleaning may drop or join text, never add it."""
    article = articles[article_id]
    seed = _normalise((SEEDS / article.seed).read_text(encoding="utf-8"))
    for section in article.sections:
        for line in section.text.splitlines():
            line = line.strip()
            if line.startswith("- "):
                line = line[2:]
            if line:
                assert _normalise(line) in seed, f"{article_id}/{section.heading}: {line!r}"


@pytest.mark.parametrize(
    "text, message",
    [
        ("id: x\n", "front matter"),
        ("---\nid: x\ntitle: T\n---\n## A\ntext\n", "seed"),
        ("---\nid: x\ntitle: T\nseed: s\n---\nstray text\n## A\ntext\n", "outside"),
        ("---\nid: x\ntitle: T\nseed: s\n---\n## A\none\n## A\ntwo\n", "duplicate"),
        ("---\nid: x\ntitle: T\nseed: s\n---\n# Other title\n## A\ntext\n", "title"),
        ("---\nid: x\ntitle: T\nseed: s\n---\n", "no '## ' sections"),
    ],
)
def test_malformed_articles_are_rejected(text, message):
    with pytest.raises(ArticleFormatError, match=message):
        parse_article(text)


# --------------------------------------------------------------------------- answers


def test_topics_are_exactly_the_agreed_keys_in_order(topics):
    assert [topic.key for topic in topics] == EXPECTED_KEYS


def test_every_topic_validates(articles, topics):
    assert validate(articles, topics) == []


@pytest.mark.parametrize("key", EXPECTED_KEYS)
def test_answer_shape(topics, key):
    topic = next(t for t in topics if t.key == key)
    assert topic.title and len(topic.title) <= 45, "titles become button labels"
    assert len(topic.answer) <= 550
    sentences = re.findall(r"[.!?](?=\s|$)", topic.answer)
    assert 2 <= len(sentences) <= 5


@pytest.mark.parametrize(
    "key, must_contain, must_not_contain",
    [
        ("als", ["Lou Gehrig", "not serious"], ["motor neuron", "you have ALS", "you don't have ALS"]),
        ("medications_supplements", ["vitamin B6", "doctor"], ["mg", "nerve damage", "neuropathy"]),
        ("cramp_duration", ["15 minutes"], []),
        ("how_long_twitching_lasts", ["2 weeks"], []),
        ("isaac_syndrome", ["cut off"], ["neuromyotonia", "autoimmune"]),
        ("doctor_tests", ["CT", "MRI", "electromyography", "blood tests", "nerve conduction"], []),
        ("when_to_see_doctor", ["2 weeks", "numbness", "weakness"], []),
        ("lack_of_sleep", ["eyelid"], []),
        ("caffeine", ["coffee", "tea", "energy drinks"], []),
    ],
)  # fmt: skip
def test_answer_content_spot_checks(topics, key, must_contain, must_not_contain):
    answer = next(t for t in topics if t.key == key).answer
    for phrase in must_contain:
        assert phrase in answer
    for phrase in must_not_contain:
        assert phrase.lower() not in answer.lower()


def test_when_to_see_doctor_draws_on_both_articles(topics):
    topic = next(t for t in topics if t.key == "when_to_see_doctor")
    assert {ref.article for ref in topic.sources} == {"after_exercise", "causes_and_treatment"}


# --------------------------------------------------------------------------- validate()


GOOD = Topic(
    key="cramps",
    title="Cramps",
    answer="If a muscle cannot relax, the spasm becomes a cramp. Cramps can last from a few seconds to 15 minutes.",
    sources=(SourceRef("after_exercise", "Signs and symptoms of muscle twitching after exercise"),),
)


@pytest.mark.parametrize(
    "bad, expected",
    [
        (replace(GOOD, sources=(SourceRef("after_exercise", "Cramps"),)), "has no section 'Cramps'"),
        (replace(GOOD, sources=(SourceRef("nowhere", "Introduction"),)), "unknown article 'nowhere'"),
        (replace(GOOD, sources=()), "no sources"),
        (replace(GOOD, answer=GOOD.answer.replace("15", "30")), "number '30'"),
        (replace(GOOD, answer=GOOD.answer + " Take 400 a day."), "number '400'"),
        (replace(GOOD, answer=GOOD.answer + " An MRI can confirm it."), "term 'MRI'"),
        (replace(GOOD, answer=GOOD.answer + " It may mean ALS."), "term 'ALS'"),
        (replace(GOOD, answer=GOOD.answer + " Low B6 is a cause."), "term 'B6'"),
        (replace(GOOD, answer=GOOD.answer + " Doctors call it Smith disease."), "term 'Smith'"),
        (replace(GOOD, answer=""), "empty answer"),
        (replace(GOOD, answer="Cramps hurt. " * 60), "max 600"),
        (replace(GOOD, key="Bad Key"), "lower_snake_case"),
        (replace(GOOD, answer=GOOD.answer + " Source: me"), "own source line"),
    ],
)  # fmt: skip
def test_validate_catches_planted_problems(articles, bad, expected):
    assert validate(articles, [GOOD]) == []
    problems = validate(articles, [bad])
    assert any(expected in problem for problem in problems), problems


def test_validate_catches_duplicate_keys(articles):
    problems = validate(articles, [GOOD, GOOD])
    assert any("duplicate key" in problem for problem in problems)


def test_number_check_reads_only_the_cited_sections(articles):
    # "2 weeks" is in the causes article, but not in the section this topic cites.
    topic = replace(GOOD, answer=GOOD.answer + " See a doctor after 2 weeks.")
    assert any("number '2'" in problem for problem in validate(articles, [topic]))


def test_answer_too_long_limit_is_600():
    assert MAX_ANSWER_CHARS == 600


def test_parse_topics_keeps_duplicates_for_validate():
    text = "version: 1\ntopics:\n  - {key: a, title: A, answer: x, sources: []}\n  - {key: a, title: A, answer: y, sources: []}\n"
    assert [t.key for t in parse_topics(text)] == ["a", "a"]


# --------------------------------------------------------------------------- citation + build


@pytest.mark.parametrize(
    "sources, expected",
    [
        ([("after_exercise", "Risk factors")], f"Source: {TITLE_1}"),
        ([("causes_and_treatment", "Caffeine"), ("causes_and_treatment", "Treatment")], f"Source: {TITLE_2}"),
        ([("after_exercise", "Risk factors"), ("causes_and_treatment", "Outlook")], f"Sources: {TITLE_1}; {TITLE_2}"),
        ([("causes_and_treatment", "Outlook"), ("after_exercise", "Risk factors")], f"Sources: {TITLE_2}; {TITLE_1}"),
    ],
)  # fmt: skip
def test_citation_line_format(articles, sources, expected):
    topic = replace(GOOD, sources=tuple(SourceRef(a, s) for a, s in sources))
    assert citation_line(topic, articles) == expected


def test_build_is_deterministic():
    assert build.generate(KNOWLEDGE) == build.generate(KNOWLEDGE)


def test_committed_responses_are_up_to_date():
    assert RESPONSES.read_text(encoding="utf-8") == build.generate(KNOWLEDGE), "run `python -m actions.knowledge.build`"


def test_generated_file_has_header_and_rasa_layout():
    text = build.generate(KNOWLEDGE)
    assert text.startswith("# Generated by `make knowledge` from data/knowledge/")
    data = yaml.safe_load(text)
    assert data["version"] == "3.1"
    assert list(data["responses"]) == [f"utter_faq/{key}" for key in EXPECTED_KEYS] + [
        f"utter_{key}" for key in REPLY_KEYS
    ]
    replies = {r.key: r for r in load_topics(ANSWERS, section="replies")}
    for name, variants in data["responses"].items():
        key = name.split("/", 1)[1] if name.startswith("utter_faq/") else name[len("utter_") :]
        assert len(variants) == (len(replies[key].wordings) if key in replies else 1)


def test_replies_are_checked_and_cited_like_topics(articles):
    replies = load_topics(ANSWERS, section="replies")
    assert [r.key for r in replies] == list(REPLY_KEYS)
    assert validate(articles, replies) == []
    responses = yaml.safe_load(build.generate(KNOWLEDGE))["responses"]
    both = "\nSources: Is Muscle Twitching Normal After Exercise?; Muscle Twitching: Causes, Treatment and Prevention"
    assert all(variant["text"].endswith(both) for variant in responses["utter_reassure"])
    assert responses["utter_dont_stop_medicine"][0]["text"].endswith(
        "\nSource: Muscle Twitching: Causes, Treatment and Prevention"
    )


def test_the_medicine_reply_carries_the_articles_line(articles):
    line = "not to stop or alter the dosage without talking with a doctor first"
    assert line in articles["causes_and_treatment"].section("Medications and supplements").text
    reply = {r.key: r for r in load_topics(ANSWERS, section="replies")}["dont_stop_medicine"]
    assert line in reply.answer


def test_variations_are_checked_like_the_answer(articles):
    bad = parse_topics(
        "topics: []\nreplies:\n  - key: reassure\n    title: t\n"
        "    sources: [{article: causes_and_treatment, section: Outlook}]\n"
        "    answer: Muscle twitching has many everyday causes.\n"
        "    variations:\n      - Twitching stops within 48 hours.\n      - Muscle twitching has many everyday causes.\n",
        section="replies",
    )
    problems = validate(articles, bad)
    assert any("48" in problem for problem in problems)
    assert any("repeats" in problem for problem in problems)


def test_each_variation_is_sent_with_the_citation(articles):
    topic = parse_topics(
        "topics: []\nreplies:\n  - key: reassure\n    title: t\n"
        "    sources: [{article: causes_and_treatment, section: Outlook}]\n"
        "    answer: Muscle twitching has many everyday causes.\n"
        "    variations: [Most causes are not serious.]\n",
        section="replies",
    )
    rendered = yaml.safe_load(build.render_responses(articles, (), topic))["responses"]["utter_reassure"]
    assert [v["text"] for v in rendered] == [
        "Muscle twitching has many everyday causes.\nSource: Muscle Twitching: Causes, Treatment and Prevention",
        "Most causes are not serious.\nSource: Muscle Twitching: Causes, Treatment and Prevention",
    ]


def test_a_reply_with_an_unchecked_fact_fails_the_build(articles):
    bad = parse_topics(
        "topics: []\nreplies:\n  - key: reassure\n    title: t\n"
        "    sources: [{article: causes_and_treatment, section: Outlook}]\n"
        "    answer: Twitching stops within 48 hours for 9 in 10 people.\n",
        section="replies",
    )
    assert any("48" in problem for problem in validate(articles, bad))


def test_every_response_ends_with_its_citation_line(articles, topics):
    responses = yaml.safe_load(build.generate(KNOWLEDGE))["responses"]
    for topic in topics:
        text = responses[f"utter_faq/{topic.key}"][0]["text"]
        assert text == response_text(topic, articles)
        body, _, last_line = text.rpartition("\n")
        assert body == topic.answer
        assert "\n\n" not in text  # a blank line would split the source into its own bubble
        assert last_line == citation_line(topic, articles)
        assert re.fullmatch(r"Sources?: .+", last_line)


def _copy_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


def test_check_mode_passes_on_fresh_output_and_fails_on_stale(tmp_path):
    arguments = ["--knowledge-dir", str(KNOWLEDGE), "--output-dir", str(tmp_path)]
    assert build.main(arguments) == 0
    assert build.main(["--check"] + arguments) == 0
    for name in ("faq.yml", "passages.yml"):
        output = tmp_path / name
        original = output.read_text(encoding="utf-8")
        output.write_text(original + "# hand edit\n", encoding="utf-8")
        assert build.main(["--check"] + arguments) == 1
        output.unlink()
        assert build.main(["--check"] + arguments) == 1
        output.write_text(original, encoding="utf-8")
    assert build.main(["--check"] + arguments) == 0


def test_build_refuses_invalid_knowledge(tmp_path, capsys):
    knowledge = _copy_knowledge(tmp_path)
    answers = knowledge / "answers.yml"
    answers.write_text(
        answers.read_text(encoding="utf-8").replace("a few seconds to 15 minutes", "a few seconds to 45 minutes"),
        encoding="utf-8",
    )
    assert build.main(["--knowledge-dir", str(knowledge), "--output-dir", str(tmp_path)]) == 1
    assert "number '45'" in capsys.readouterr().err
    assert not (tmp_path / "faq.yml").exists() and not (tmp_path / "passages.yml").exists()


# --------------------------------------------------------------------------- NLU data


def test_training_intents_match_topics():
    assert list(_examples(NLU_FAQ)) == [f"faq/{key}" for key in EXPECTED_KEYS]


@pytest.mark.parametrize("key", EXPECTED_KEYS)
def test_each_topic_has_18_to_40_unique_training_examples(key):
    # A floor so no topic is starved; a ceiling so no topic dominates the classifiers.
    examples = _examples(NLU_FAQ)[f"faq/{key}"]
    assert 18 <= len(examples) <= 40
    assert len(set(map(str.lower, examples))) == len(examples)


def test_no_training_example_is_shared_between_intents():
    owner: dict[str, str] = {}
    for path in (NLU_FAQ, NLU_OOS):
        for intent, examples in _examples(path).items():
            for example in examples:
                key = _normalise(example.lower())
                assert owner.setdefault(key, intent) == intent, f"{example!r} in {owner[key]} and {intent}"


def test_out_of_scope_training_examples():
    examples = _examples(NLU_OOS)
    assert list(examples) == ["out_of_scope"]
    assert len(examples["out_of_scope"]) >= 60


def test_heldout_set_shape():
    heldout = _examples(HELDOUT)
    assert list(heldout) == [f"faq/{key}" for key in EXPECTED_KEYS] + ["out_of_scope"]
    for key in EXPECTED_KEYS:
        assert len(heldout[f"faq/{key}"]) == 4, key
    assert len(heldout["out_of_scope"]) >= 25


@pytest.mark.parametrize("path", [NEWCOMER, NEWCOMER2], ids=lambda path: path.parent.name)
def test_newcomer_set_shape(path):
    newcomer = _examples(path)
    assert set(newcomer) == {f"faq/{key}" for key in EXPECTED_KEYS} | {"out_of_scope"}
    assert sum(len(newcomer[f"faq/{key}"]) for key in EXPECTED_KEYS) == 100
    assert min(len(newcomer[f"faq/{key}"]) for key in EXPECTED_KEYS) == 3
    assert len(newcomer["out_of_scope"]) >= 25


def test_real_style_sets_shape():
    faq = _examples(REAL_STYLE / "faq_real_style.yml")
    assert set(faq) == {f"faq/{key}" for key in EXPECTED_KEYS}
    assert sum(len(examples) for examples in faq.values()) >= 150 and min(len(e) for e in faq.values()) >= 4
    assert len(_examples(REAL_STYLE / "out_of_scope_real_style.yml")["out_of_scope"]) >= 40
    passages = yaml.safe_load(REAL_PASSAGES.read_text(encoding="utf-8"))["passages"]
    assert len(passages) >= 60
    articles = load_articles(KNOWLEDGE / "articles")
    for case in passages:  # each expected word is in the section that answers the question
        section = articles[case["article"]].section(case["section"]).text.lower()
        assert all(any(word.lower() in section for word in group) for group in case["keywords"]), case["question"]
    multi = yaml.safe_load(REAL_MULTI.read_text(encoding="utf-8"))["multi"]
    assert len(multi) >= 20 and all(len(case["topics"]) >= 2 for case in multi)


def _real_style_texts() -> list[str]:
    texts = [ex for path in sorted(REAL_STYLE.glob("*.yml")) for exs in _examples(path).values() for ex in exs]
    texts += [case["question"] for case in yaml.safe_load(REAL_PASSAGES.read_text(encoding="utf-8"))["passages"]]
    return texts + [case["text"] for case in yaml.safe_load(REAL_MULTI.read_text(encoding="utf-8"))["multi"]]


@pytest.mark.parametrize(
    "heldout",
    [HELDOUT, NEWCOMER, NEWCOMER2, REAL_STYLE],
    ids=lambda path: path.parent.name if path.suffix else path.name,
)
def test_heldout_examples_are_not_copied_from_training(heldout):
    training = [ex for path in (NLU_FAQ, NLU_OOS) for exs in _examples(path).values() for ex in exs]
    held = _real_style_texts() if heldout == REAL_STYLE else [ex for exs in _examples(heldout).values() for ex in exs]
    assert len(training) > 500 and len(held) > 100  # both sets were found and read
    assert near_copies(held, training) == []


@pytest.mark.parametrize("path", [NLU_FAQ, NLU_OOS, HELDOUT, NEWCOMER, NEWCOMER2, RESPONSES, ANSWERS])
def test_yaml_files_parse(path):
    assert yaml.safe_load(path.read_text(encoding="utf-8"))
