"""The newsroom's domain: stories and their language versions, people, media, taxonomy."""

from .article import Article, ArticleQuerySet, Story
from .media import Photo
from .people import Author, Byline
from .taxonomy import Section, Tag

__all__ = ["Article", "ArticleQuerySet", "Author", "Byline", "Photo", "Section", "Story", "Tag"]
