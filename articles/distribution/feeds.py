"""RSS 2.0 and Atom feeds per language, section, tag and author (Django's syndication).

Items carry the headline, the lead as summary, the full sanitized body, every author, the
publication and update times, section and tags as categories, the hero photo as an
enclosure, and every photo (the hero photo, then the gallery's in order) as a Media RSS
element with its alt text as title, its caption and its credit.
"""

import io
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SimplerXMLGenerator, rfc3339_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles import selectors
from articles.cache import fragments
from articles.http.site_address import absolute
from articles.i18n import LATIN_EDITIONS, content_language, hreflang
from articles.models import Author, Section, Tag
from articles.page_keys import list_key, shows
from articles.text import embeds
from articles.text.clean import cleaned
from articles.text.kazakh_latin import to_latin, to_latin_html

FEED_SIZE = 50
MEDIA_RSS = "http://search.yahoo.com/mrss/"


def _media_element(handler, image: dict) -> None:
    handler.startElement(
        "media:content",
        {"url": image["url"], "type": image["type"], "medium": "image",
         "width": str(image["width"]), "height": str(image["height"])},
    )  # fmt: skip
    if image["title"]:
        handler.addQuickElement("media:title", image["title"], {"type": "plain"})
    if image["caption"]:
        handler.addQuickElement("media:description", image["caption"], {"type": "plain"})
    handler.addQuickElement("media:credit", image["credit"], {"role": "photographer"})
    handler.endElement("media:content")


class WholeDocumentMixin:
    """Writes the document to the response at once: the XML writer's thousands of small
    writes (one per tag and text) each went through the response's own write."""

    def write(self, outfile, encoding):
        document = io.StringIO()
        super().write(document, encoding)
        outfile.write(document.getvalue())


class KeptItemsMixin:
    """Each item is a fragment (articles/cache/fragments.py): one kept is written as it was, one
    rendered is kept. `NewsFeed` passes kept ones as {"kept": xml} and the others with their
    piece (the feed's other pieces of a page are not read for them)."""

    fragment_kind = ""

    def write_items(self, handler):
        items = self.items
        try:
            for item in items:
                xml = item.get("kept")
                if xml is None:
                    xml = fragments.cached(
                        self.fragment_kind, item["article"], lambda item=item: self._one(item)
                    )
                handler.ignorableWhitespace(xml)  # written as it is, markup and all
        finally:
            self.items = items

    def _one(self, item) -> str:
        """The markup the feed type writes for `item`."""
        document = io.StringIO()
        self.items = [item]
        super().write_items(SimplerXMLGenerator(document, "utf-8", short_empty_elements=True))
        return document.getvalue()


class NewsRssFeed(KeptItemsMixin, WholeDocumentMixin, Rss201rev2Feed):
    """RSS 2.0 with the full text (content:encoded), every author (dc:creator) and Media RSS."""

    fragment_kind = "rss-item"

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:media": MEDIA_RSS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item["updateddate"]:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        handler.addQuickElement("content:encoded", item["content"])
        for image in item["images"]:
            _media_element(handler, image)


class NewsAtomFeed(KeptItemsMixin, WholeDocumentMixin, Atom1Feed):
    """Atom with the full text as content, one <author> per byline and Media RSS."""

    fragment_kind = "atom-item"

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["author_links"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})
        for image in item["images"]:
            _media_element(handler, image)


def _feed_image(photo, *, language: str, caption: str, base: str) -> dict | None:
    """A photo's widest JPEG, as the enclosure and Media RSS show it in a piece in `language`
    (worked out once per item: the feed asks for its address, its length and its details
    apart)."""
    rendition = photo.largest_jpeg if photo else None
    if not rendition:
        return None
    return {
        "url": urljoin(base, default_storage.url(rendition["name"])),
        "bytes": rendition.get("bytes", 0),
        "type": "image/jpeg",
        "width": rendition["width"],
        "height": rendition["height"],
        # media:title cannot say its language: `language`'s alt text only, never another's.
        "title": photo.in_language("alt_text", language),
        "caption": caption,
        "credit": photo.credit_line(language),
    }


def _feed_images(article, base: str) -> tuple[dict | None, list[dict]]:
    """The hero photo's image (the enclosure), and every photo's: the hero photo, then the
    gallery's in its order (gallery prefetched by `selectors.syndicated_pieces`)."""
    language = article.language
    hero = _feed_image(article.hero_photo, language=language, caption=article.caption, base=base)
    gallery = [
        _feed_image(row.photo, language=language, caption=row.reader_caption, base=base)
        for row in article.gallery.all()
    ]
    return hero, [image for image in [hero, *gallery] if image]


# What a feed or an item says in words (addresses, dates and ids are kept as they are).
_FEED_TEXT = frozenset({"title", "description", "subtitle", "author_name", "categories",
                        "authors", "feed_copyright", "item_copyright"})  # fmt: skip


def _latin_text(value):
    if isinstance(value, str):
        return to_latin(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_latin_text(item) for item in value)
    return value


def in_latin(fields: dict) -> dict:
    """A feed's or an item's fields with their text in the Latin alphabet: the Latin
    edition's feeds are written in it (not transliterated afterwards, as its pages are:
    their bodies are escaped HTML, whose links must stay as they are)."""
    latin = {}
    for key, value in fields.items():
        if key == "content":
            value = to_latin_html(value)
        elif key == "author_links":
            value = [(to_latin(name), url) for name, url in value]
        elif key == "images":
            words = ("title", "caption", "credit")
            value = [{**one, **{name: to_latin(one[name]) for name in words}} for one in value]
        elif key in _FEED_TEXT:
            value = _latin_text(value)
        latin[key] = value
    return latin


def kept_item(article, xml: str) -> dict:
    """An item kept as a fragment, with what the feed's own dates are worked out from."""
    return {"kept": xml, "pubdate": article.published_at, "updateddate": article.last_modified}


class NewsFeed(Feed):
    """Latest published pieces of a language, or of one section, tag or author in it."""

    feed_type = NewsRssFeed
    scopes = {"section": Section, "tag": Tag, "author": Author}

    def get_feed(self, obj, request):
        # Text is stored clean (articles/models/clean_text.py), but one control character
        # that got in another way (raw SQL, `QuerySet.update`) would make Django's XML writer
        # raise for the whole feed: every string is cleaned once more on its way out.
        feed = super().get_feed(obj, request)  # the items not kept (`items`)
        feed.feed = cleaned(feed.feed)
        rendered = {item["article"].pk: cleaned(item) for item in feed.items}
        if get_language() in LATIN_EDITIONS:  # kept items were kept in Latin (keyed by it)
            feed.feed = in_latin(feed.feed)
            rendered = {pk: in_latin(item) for pk, item in rendered.items()}
        feed.items = [
            rendered[article.pk] if xml is None else kept_item(article, xml)
            for article, xml in obj["pieces"]
            if xml is not None or article.pk in rendered  # not withdrawn meanwhile
        ]
        return feed

    def get_object(self, request, kind: str = "site", slug: str | None = None):
        owner = get_object_or_404(self.scopes[kind], slug=slug) if kind != "site" else None
        return {
            "kind": kind,
            "owner": owner,
            "language": content_language(),
            "base": absolute("/"),
            "path": request.path,
        }

    def items(self, scope):
        owner = scope["owner"]
        kind = "home" if scope["kind"] == "site" else scope["kind"]
        shows(list_key(kind, scope["language"], owner and owner.pk))
        in_scope = {} if owner is None else {scope["kind"]: owner}  # section, tag or author
        # Which pieces, and what a kept item's key and the feed's dates need: nothing more.
        pieces = list(selectors.feed_pieces(language=scope["language"], **in_scope)[:FEED_SIZE])
        kind = self.feed_type.fragment_kind
        fragments.expect(kind, pieces)
        scope["pieces"] = [(article, fragments.kept(kind, article)) for article in pieces]
        # The others in full, with their section, photo, bylines and tags.
        missing = [article.pk for article, xml in scope["pieces"] if xml is None]
        if not missing:
            return []
        found = selectors.syndicated_pieces().filter(pk__in=missing)
        found = {article.pk: article for article in found}
        rendered = [found[pk] for pk in missing if pk in found]
        for article in rendered:  # this request's instances: safe to carry what it works out
            article.feed_base = scope["base"]
            article.feed_image, article.feed_images = _feed_images(article, scope["base"])
        return rendered

    @staticmethod
    def owner_name(scope) -> str:
        """The section's, tag's or author's name as the feed's readers see it, as on its page:
        an author's Latin name in English, a section's or tag's name in the feed's language
        (never `str(owner)`, which is the Cyrillic name of an author everywhere)."""
        owner = scope["owner"]
        if isinstance(owner, Author):
            return owner.display_name(scope["language"])
        return owner.name  # the active language's (Latin edition: Kazakh, then in Latin)

    def title(self, scope):
        if not scope["owner"]:
            return settings.NEWSROOM_SITE_NAME
        return f"{self.owner_name(scope)} — {settings.NEWSROOM_SITE_NAME}"

    # Every address is absolute already, from the configured site: Django's syndication would
    # otherwise complete a site path with the request's Host (see articles/http/site_address.py).
    def link(self, scope):
        owner = scope["owner"]
        return absolute(owner.get_absolute_url() if owner else reverse("articles:home"))

    def feed_url(self, scope):
        return absolute(scope["path"])

    def description(self, scope):
        if scope["owner"]:
            return _("The latest news: %(name)s.") % {"name": self.owner_name(scope)}
        return _("The latest news of the agency.")

    subtitle = description

    @property
    def language(self):
        return hreflang(get_language())  # the reader's: kk-Latn in the Latin edition

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.lead

    def item_link(self, article):
        return absolute(article.get_absolute_url())

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_modified

    def item_categories(self, article):
        section = [article.section.name] if article.section else []
        return section + [tag.name for tag in article.tags.all()]

    def item_enclosure_url(self, article):
        return article.feed_image["url"] if article.feed_image else None

    def item_enclosure_length(self, article):
        return article.feed_image["bytes"] if article.feed_image else 0

    item_enclosure_mime_type = "image/jpeg"

    def item_extra_kwargs(self, article):
        bylines = list(article.bylines.all())
        return {
            "authors": [byline.reader_name for byline in bylines],
            "author_links": [
                (
                    byline.reader_name,
                    urljoin(article.feed_base, byline.author.get_absolute_url()),
                )
                for byline in bylines
            ],
            "content": embeds.as_links(article.body),  # the link, not the player
            "images": article.feed_images,
            "article": article,  # the fragment it is kept as (KeptItemsMixin)
        }


class NewsAtom(NewsFeed):
    feed_type = NewsAtomFeed
