"""The newsroom's domain: stories and their language versions, people, media, taxonomy."""

from articles.models import clean_text  # noqa: F401  (stores text without control characters)
from articles.models.article import Article, ArticleQuerySet, SlugRedirect, Story
from articles.models.deliveries import Delivery, DeliveryAttempt, PartnerSubscription
from articles.models.events import ArticleEvent, Correction
from articles.models.media import Photo
from articles.models.partners import PartnerKey
from articles.models.people import Author, Byline
from articles.models.taxonomy import Section, Tag

__all__ = [
    "Article",
    "ArticleEvent",
    "ArticleQuerySet",
    "Author",
    "Byline",
    "Correction",
    "Delivery",
    "DeliveryAttempt",
    "PartnerKey",
    "PartnerSubscription",
    "Photo",
    "Section",
    "SlugRedirect",
    "Story",
    "Tag",
]
