"""The newsroom's domain: stories and their language versions, people, media, taxonomy."""

from . import clean_text  # noqa: F401  (stores text without control characters)
from .article import Article, ArticleQuerySet, SlugRedirect, Story
from .media import Photo
from .partners import PartnerKey
from .people import Author, Byline
from .taxonomy import Section, Tag
from .workflow import ArticleEvent, Correction

__all__ = [
    "Article",
    "ArticleEvent",
    "ArticleQuerySet",
    "Author",
    "Byline",
    "Correction",
    "PartnerKey",
    "Photo",
    "Section",
    "SlugRedirect",
    "Story",
    "Tag",
]
