"""Cleaned articles, FAQ topics, and the checks that keep answers tied to them.

The assistant may only say what the two source articles say. This module reads
the cleaned article copies (``data/knowledge/articles/*.md``) and the hand-written
answers (``data/knowledge/answers.yml``), and ``validate`` reports every answer
that cannot be traced back to the sections it cites.

Article file format: YAML front matter (``id``, ``title``, ``seed``, optional
``note``) between ``---`` lines, an optional ``# <title>`` line, then sections
that each start with a ``## <heading>`` line. Nothing else may sit outside a
section, so no text can slip in unattributed.

Citation line format (every generated response ends with it, on its own line)::

    Source: <article title>                      # one article cited
    Sources: <article title 1>; <article title 2>  # two or more articles cited

Titles are listed in the order the topic first cites each article, each title
once, joined by ``"; "``.

Pure Python on purpose (stdlib + PyYAML only): the build script, the tests and
the action server all use it, and none of them should need Rasa to load it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import yaml

# Answers are read aloud in a chat bubble; the brief asks for ~550, and 600 is
# the hard stop that fails the build.
MAX_ANSWER_CHARS = 600
ARTICLES_DIR = Path(__file__).resolve().parents[2] / "data" / "knowledge" / "articles"

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_DIGITS_RE = re.compile(r"\d+")
# A capitalised word: "MRI", "B12", "Lou", "Gehrig". Apostrophe suffixes ("Gehrig's")
# are cut off by the character class, which is what we want for matching.
_CAPITALISED_RE = re.compile(r"\b[A-Z][A-Za-z0-9]*\b")
# Sentence starts are capitalised for grammar, not because they name something.
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?]\s+)[\"'“(]*$")


class ArticleFormatError(ValueError):
    """An article or answers file does not follow the documented format."""


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    seed: str
    sections: tuple[Section, ...]
    note: str = ""

    def section(self, heading: str) -> Section | None:
        for section in self.sections:
            if section.heading == heading:
                return section
        return None


@dataclass(frozen=True)
class SourceRef:
    article: str
    section: str


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    answer: str
    sources: tuple[SourceRef, ...]
    # Other wordings of the answer, checked like it: a reply said again is not said word for
    # word (addons/rotating_responses.py sends the variations in turn).
    variations: tuple[str, ...] = ()

    @property
    def wordings(self) -> tuple[str, ...]:
        """The answer, then its variations."""
        return (self.answer,) + self.variations


# --------------------------------------------------------------------------- articles


def parse_article(text: str, origin: str = "<string>") -> Article:
    """Parse one cleaned article file; raise ArticleFormatError if malformed."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ArticleFormatError(f"{origin}: must start with a '---' front matter line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ArticleFormatError(f"{origin}: front matter is not closed with '---'") from None

    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    if not isinstance(meta, dict):
        raise ArticleFormatError(f"{origin}: front matter must be a mapping")
    for field in ("id", "title", "seed"):
        if not isinstance(meta.get(field), str) or not meta[field].strip():
            raise ArticleFormatError(f"{origin}: front matter needs a non-empty '{field}'")

    sections: list[Section] = []
    heading: str | None = None
    body: list[str] = []

    def close_section() -> None:
        if heading is not None:
            sections.append(Section(heading, _join_paragraphs(body)))

    for number, line in enumerate(lines[end + 1 :], start=end + 2):
        if line.startswith("## "):
            close_section()
            heading, body = line[3:].strip(), []
            if not heading:
                raise ArticleFormatError(f"{origin}:{number}: empty section heading")
        elif line.startswith("# ") and heading is None and not sections:
            if line[2:].strip() != meta["title"]:
                raise ArticleFormatError(f"{origin}:{number}: '# ' title differs from front matter")
        elif heading is None:
            if line.strip():
                raise ArticleFormatError(f"{origin}:{number}: text outside any '## ' section")
        else:
            body.append(line)
    close_section()

    if not sections:
        raise ArticleFormatError(f"{origin}: no '## ' sections")
    seen: set[str] = set()
    for section in sections:
        if section.heading in seen:
            raise ArticleFormatError(f"{origin}: duplicate section heading {section.heading!r}")
        seen.add(section.heading)

    return Article(
        id=meta["id"],
        title=meta["title"],
        seed=meta["seed"],
        sections=tuple(sections),
        note=str(meta.get("note") or "").strip(),
    )


def _join_paragraphs(lines: Sequence[str]) -> str:
    """Trim blank lines at the ends; keep inner line breaks (lists stay lists)."""
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


def load_articles(directory: str | Path) -> dict[str, Article]:
    """Load every ``*.md`` article in ``directory``, keyed by article id."""
    articles: dict[str, Article] = {}
    for path in sorted(Path(directory).glob("*.md")):
        article = parse_article(path.read_text(encoding="utf-8"), origin=str(path))
        if article.id in articles:
            raise ArticleFormatError(f"{path}: duplicate article id {article.id!r}")
        articles[article.id] = article
    return articles


# --------------------------------------------------------------------------- topics


def parse_topics(text: str, origin: str = "<string>", section: str = "topics") -> tuple[Topic, ...]:
    """Parse answers.yml content: the FAQ ``topics`` list, or with ``section="replies"`` the
    article-backed replies that are not FAQ topics (an optional list). Duplicate keys are kept
    so validate() can report them."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise ArticleFormatError(f"{origin}: expected a mapping with a 'topics' list")
    if not isinstance(data.get(section) or [], list):
        raise ArticleFormatError(f"{origin}: '{section}' must be a list")

    topics = []
    for index, raw in enumerate(data.get(section) or []):
        if not isinstance(raw, dict):
            raise ArticleFormatError(f"{origin}: topic #{index} is not a mapping")
        sources = []
        for ref in raw.get("sources") or []:
            if not isinstance(ref, dict):
                raise ArticleFormatError(f"{origin}: topic #{index} has a malformed source")
            sources.append(SourceRef(str(ref.get("article", "")), str(ref.get("section", ""))))
        variations = raw.get("variations") or []
        if not isinstance(variations, list):
            raise ArticleFormatError(f"{origin}: topic #{index} 'variations' must be a list")
        topics.append(
            Topic(
                key=str(raw.get("key", "")),
                title=str(raw.get("title", "")).strip(),
                answer=" ".join(str(raw.get("answer") or "").split()),
                sources=tuple(sources),
                variations=tuple(" ".join(str(v or "").split()) for v in variations),
            )
        )
    return tuple(topics)


def load_topics(path: str | Path, section: str = "topics") -> tuple[Topic, ...]:
    path = Path(path)
    return parse_topics(path.read_text(encoding="utf-8"), origin=str(path), section=section)


# --------------------------------------------------------------------------- checks


def validate(articles: Mapping[str, Article], topics: Iterable[Topic]) -> list[str]:
    """Return human-readable problems; an empty list means every topic is usable."""
    problems: list[str] = []
    seen_keys: set[str] = set()

    for topic in topics:
        label = f"topic {topic.key or '<no key>'!r}"
        if not _KEY_RE.match(topic.key):
            problems.append(f"{label}: key must be lower_snake_case")
        if topic.key in seen_keys:
            problems.append(f"{label}: duplicate key")
        seen_keys.add(topic.key)
        if not topic.title:
            problems.append(f"{label}: empty title")
        if not topic.answer:
            problems.append(f"{label}: empty answer")
        if len(set(topic.wordings)) < len(topic.wordings):
            problems.append(f"{label}: a variation repeats another wording")
        for number, wording in enumerate(topic.wordings):
            name = "answer" if number == 0 else f"variation {number}"
            if not wording:
                problems.append(f"{label}: empty {name}")
            if len(wording) > MAX_ANSWER_CHARS:
                problems.append(f"{label}: {name} is {len(wording)} chars (max {MAX_ANSWER_CHARS})")
            if re.search(r"\bSources?:", wording):
                problems.append(f"{label}: {name} must not carry its own source line")
        if not topic.sources:
            problems.append(f"{label}: no sources")

        cited: list[str] = []
        for ref in topic.sources:
            article = articles.get(ref.article)
            if article is None:
                problems.append(f"{label}: unknown article {ref.article!r}")
                continue
            section = article.section(ref.section)
            if section is None:
                problems.append(f"{label}: article {ref.article!r} has no section {ref.section!r}")
                continue
            cited.append(section.text)

        for wording in topic.wordings:
            if cited and wording:
                problems.extend(f"{label}: {p}" for p in _unsupported_terms(wording, cited))
    return problems


def _unsupported_terms(answer: str, cited_texts: Sequence[str]) -> list[str]:
    """Numbers and capitalised terms in the answer that no cited section contains.

    A cheap guard against the two most dangerous kinds of invention: figures
    (durations, doses) and named conditions or tests. It cannot catch invented
    lower-case prose, which is what review is for.
    """
    cited = "\n".join(cited_texts)
    cited_digits = set(_DIGITS_RE.findall(cited))
    cited_words = set(re.findall(r"\w+", cited))
    cited_lower = {word.lower() for word in cited_words}
    problems = []

    for number in dict.fromkeys(_DIGITS_RE.findall(answer)):
        if number not in cited_digits:
            problems.append(f"number {number!r} is not in any cited section")

    for match in _CAPITALISED_RE.finditer(answer):
        word = match.group()
        is_acronym = len(word) > 1 and (word.isupper() or any(c.isdigit() for c in word))
        at_sentence_start = bool(_SENTENCE_START_RE.search(answer[: match.start()]))
        if word == "I" or (at_sentence_start and not is_acronym):
            continue
        # Acronyms must match exactly (MS is not "ms"); ordinary words may differ in case.
        found = word in cited_words if is_acronym else word.lower() in cited_lower
        if not found:
            problems.append(f"term {word!r} is not in any cited section")
    return list(dict.fromkeys(problems))


# --------------------------------------------------------------------------- citation


def cited_titles(topic: Topic, articles: Mapping[str, Article]) -> list[str]:
    """Titles of the cited articles, in first-cited order, without repeats."""
    ids = dict.fromkeys(ref.article for ref in topic.sources)
    return [articles[article_id].title for article_id in ids if article_id in articles]


def citation_line(topic: Topic, articles: Mapping[str, Article]) -> str:
    titles = cited_titles(topic, articles)
    if not titles:
        raise ValueError(f"topic {topic.key!r} cites no known article")
    return citation_for_titles(titles)


def citation_for_titles(titles: Sequence[str]) -> str:
    """The citation line for these titles (see the module docstring for the format)."""
    prefix = "Source" if len(titles) == 1 else "Sources"
    return f"{prefix}: {'; '.join(titles)}"


@functools.cache
def project_articles() -> Mapping[str, Article]:
    """The project's cleaned articles, read once on first use (the action server's copy)."""
    return load_articles(ARTICLES_DIR)


def citation_for_articles(article_ids: Iterable[str]) -> str:
    """The citation line for article ids in first-cited order; unknown ids (such as
    ``general_advice``) are not articles and are left out."""
    articles = project_articles()
    ids = [a for a in dict.fromkeys(article_ids) if a in articles]
    return citation_for_titles([articles[a].title for a in ids]) if ids else ""


def response_text(topic: Topic, articles: Mapping[str, Article], wording: str | None = None) -> str:
    """The text the bot sends: the answer (or one of its variations), then the citation line
    on its own line.

    One newline, not a blank line: Rasa's output channels split a text at blank lines into
    separate messages, and the source must stay in the same bubble as the answer.
    """
    return f"{topic.answer if wording is None else wording}\n{citation_line(topic, articles)}"
