"""Knowledge base for the FAQ: cleaned source articles, curated answers, and checks.

Pure Python (stdlib + PyYAML); nothing here imports Rasa, so the build script
and tests run without it. See ``articles`` for the file formats and the
citation-line format, and ``build`` for how ``data/responses/faq.yml`` is made.
"""

from .articles import (
    Article,
    ArticleFormatError,
    Section,
    SourceRef,
    Topic,
    citation_line,
    load_articles,
    load_topics,
    response_text,
    validate,
)

__all__ = [
    "Article",
    "ArticleFormatError",
    "Section",
    "SourceRef",
    "Topic",
    "citation_line",
    "load_articles",
    "load_topics",
    "response_text",
    "validate",
]
