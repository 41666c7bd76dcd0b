"""The newsroom's domain: stories and their language versions, people, media, taxonomy."""

from articles.models import clean_text  # noqa: F401  (stores text without control characters)
from articles.models.article import Article, ArticleQuerySet, SlugRedirect, Story
from articles.models.deliveries import Delivery, DeliveryAttempt, PartnerSubscription
from articles.models.events import ArticleEvent, Correction
from articles.models.gallery import GalleryPhoto
from articles.models.live import LiveUpdate
from articles.models.media import Photo
from articles.models.partners import PartnerKey
from articles.models.people import Author, Byline
from articles.models.reading import ReadCount
from articles.models.taxonomy import Section, Tag
from articles.models.wire import WireItem, WireItemVersion, WireSource

__all__ = [
    "Article",
    "ArticleEvent",
    "ArticleQuerySet",
    "Author",
    "Byline",
    "Correction",
    "LiveUpdate",
    "GalleryPhoto",
    "Delivery",
    "DeliveryAttempt",
    "PartnerKey",
    "PartnerSubscription",
    "Photo",
    "ReadCount",
    "Section",
    "SlugRedirect",
    "Story",
    "Tag",
    "WireItem",
    "WireItemVersion",
    "WireSource",
]
