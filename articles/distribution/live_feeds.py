"""RSS 2.0 and Atom feeds of a live page's updates (the newest first), one per piece.

Linked from the page (`<link rel="alternate">`). Each item is an update: its title (or its
first words), its sanitized body with its embed link, its time, its authors, and its address
on the page (`#update-<id>`). The Latin edition's feeds are written in Latin letters.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles import selectors
from articles.http.site_address import absolute
from articles.i18n import LATIN_EDITIONS, content_language, hreflang
from articles.text.clean import clean_text
from articles.text.kazakh_latin import to_latin, to_latin_html
from articles.text.plain import plain_text


def _words(text: str) -> str:
    """Text as the feed writes it: clean, and in Latin letters in the Latin edition."""
    text = clean_text(text)
    return to_latin(text) if get_language() in LATIN_EDITIONS else text


def _html(html: str) -> str:
    html = clean_text(html)
    return to_latin_html(html) if get_language() in LATIN_EDITIONS else html


class LiveFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, slug: str):
        article = selectors.live_piece(language=content_language(), slug=slug)
        if article is None:
            raise Http404("No live page at this address.")
        article.feed_path = request.path
        article.page_url = absolute(article.get_absolute_url())
        return article

    def items(self, article):
        return selectors.live_feed_updates(article=article)

    def title(self, article):
        return _words(_("Live: %(headline)s") % {"headline": article.headline})

    def link(self, article):
        return article.page_url

    def feed_url(self, article):
        return absolute(article.feed_path)

    def description(self, article):
        return _words(article.lead)

    @property
    def language(self):
        return hreflang(get_language())

    def item_title(self, update):
        return _words(update.title or plain_text(update.body)[:110] or str(update.pk))

    def item_description(self, update):
        body = update.body + update.embed_html
        if update.correction:
            body += format_html(
                "<p><strong>{}</strong> {}</p>", _("Correction:"), update.correction
            )
        return _html(body)

    def item_link(self, update):
        return f"{update.article.page_url}#{update.anchor}"

    def item_guid(self, update):
        return self.item_link(update)

    def item_pubdate(self, update):
        return update.posted_at

    def item_updateddate(self, update):
        return update.updated_at

    def item_author_name(self, update):
        names = [a.display_name(update.article.language) for a in update.authors.all()]
        return _words(", ".join(names)) or None


class LiveAtom(LiveFeed):
    feed_type = Atom1Feed
    subtitle = LiveFeed.description
