"""Pure intake: article text, HTML or feed in; claim drafts out. No database here.

    article = read_article(data, source="post.md")
    claims = extract_claims(article.text, article.published or date.today())
"""

from .model import (
    ArticleDraft,
    ArticleUnreadable,
    ClaimDraft,
    ExtractionOptions,
    IntakeError,
)
from .reading import read_article
from .extract import extract_claims
from .feeds import parse_feed

__all__ = [
    "ArticleDraft",
    "ArticleUnreadable",
    "ClaimDraft",
    "ExtractionOptions",
    "IntakeError",
    "extract_claims",
    "parse_feed",
    "read_article",
]
