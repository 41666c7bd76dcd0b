"""The reader's site. Every view reads its pieces through articles/selectors.py, which start
from `Article.objects.published()`."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import IntegerField, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView, TemplateView, View
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from articles import search, selectors
from articles.cache import fragments
from articles.http.site_address import absolute
from articles.i18n import (
    LATIN_EDITIONS,
    content_language,
    editions,
    home_url,
    hreflang,
    language_links,
)
from articles.models import Article, Section
from articles.models.ordering import in_meta_order
from articles.page_keys import list_key, shows
from articles.site import structured_data
from articles.site.list_heads import ListHeadMixin, languages_listing

LIST_SIZE = 20
MAX_PAGES = 50
HOME_LATEST = 12
HOME_BREAKING = 3
SECTION_BLOCK = 4


def shows_list(kind: str, owner_id: int | None = None) -> None:
    """This page is a list of the page's language: a piece entering or leaving it purges it."""
    shows(list_key(kind, content_language(), owner_id))


class CountOf(Subquery):
    """How many rows a subquery gives (a scalar subquery PostgreSQL and SQLite run once)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


class NewsPaginator(Paginator):
    """Counts at most MAX_PAGES pages: an exact COUNT(*) over a big archive would cost more
    than the page itself. Older pieces are reached through the date archive.

    A page of a list is read with that count in the same query (each row carries it): a
    list page needs no query of its own to say how many pages there are. Only a page with
    no rows (past the end, or an empty list) counts them apart."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return self.object_list[: MAX_PAGES * self.per_page].count()
        return min(len(self.object_list), MAX_PAGES * self.per_page)  # search results

    def page(self, number):
        rows = self._rows_counted(number)
        if not rows:
            return super().page(number)
        self.count = rows[0].listed_count  # what `count` would have read
        return self._get_page(rows, self.validate_number(number), self)

    def _rows_counted(self, number) -> list:
        """The rows of page `number`, each with the list's count, when one query can give
        both (a queryset, no orphans, a page number within MAX_PAGES); else nothing."""
        if not isinstance(self.object_list, QuerySet) or self.orphans or "count" in vars(self):
            return []
        try:
            number = int(number)
        except (TypeError, ValueError):
            return []
        if not 1 <= number <= MAX_PAGES:  # past the last page there can be: never read rows
            return []
        bottom = (number - 1) * self.per_page
        capped = self.object_list.order_by()[: MAX_PAGES * self.per_page].values("pk")
        counted = self.object_list.annotate(listed_count=CountOf(capped))
        return list(counted[bottom : bottom + self.per_page])


class PublishedInLanguageMixin:
    """A list of cards of the page's language (the URL's language prefix), paginated."""

    paginate_by = LIST_SIZE
    paginator_class = NewsPaginator
    context_object_name = "articles"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fragments.expect("card", context["object_list"])
        return context


class HomeView(ListHeadMixin, TemplateView):
    """Lead story, breaking strip, the latest pieces, then a block per section."""

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        shows_list("home")
        language = content_language()
        latest, featured, breaking = selectors.home_pieces(
            language=language, latest=HOME_LATEST, breaking=HOME_BREAKING
        )
        lead = featured or (latest[0] if latest else None)
        latest = [article for article in latest if article != lead][:HOME_LATEST]
        fragments.expect("card", [lead, *latest] if lead else latest)
        # A block per section (a handful, fixed), each a fragment kept by its section's list:
        # its one short index-served query runs only when that list changed.
        sections = list(Section.objects.all())
        fragments.expect("section-block", sections)
        return super().get_context_data(
            lead=lead,
            breaking=breaking,
            most_read=fragments.once(lambda: selectors.most_read_pieces(language=language)),
            latest=latest,
            section_blocks=[(section, section_block(section, language)) for section in sections],
            **kwargs,
        )


def section_block(section: Section, language: str):
    """The newest pieces of `section` on the home page, read only if its block is rendered
    (an empty block shows nothing)."""

    def pieces() -> list[Article]:
        found = list(selectors.section_pieces(section=section, language=language)[:SECTION_BLOCK])
        fragments.expect("card", found)
        return found

    return fragments.once(pieces)


class SectionView(ListHeadMixin, PublishedInLanguageMixin, ListView):
    template_name = "articles/section.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        shows_list("section", self.section.pk)
        return selectors.section_pieces(section=self.section, language=content_language())

    def get_context_data(self, **kwargs):
        trail = [structured_data.home_crumb(), (self.section.name, self.section.get_absolute_url())]
        return super().get_context_data(
            section=self.section,
            breadcrumbs=trail,
            breadcrumbs_ld=structured_data.breadcrumbs(absolute("/"), trail),
            feed_scope="section",
            feed_slug=self.section.slug,
            **kwargs,
        )


class TagView(ListHeadMixin, PublishedInLanguageMixin, ListView):
    template_name = "articles/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(selectors.tags_with_languages(), slug=self.kwargs["slug"])
        shows_list("tag", self.tag.pk)
        return selectors.tag_pieces(tag=self.tag, language=content_language())

    def head_languages(self) -> list[str]:
        return languages_listing("tag", self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tag=self.tag, feed_scope="tag", feed_slug=self.tag.slug, **kwargs
        )


class AuthorView(ListHeadMixin, PublishedInLanguageMixin, ListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        authors = selectors.authors_with_languages()
        self.author = get_object_or_404(authors, slug=self.kwargs["slug"])
        shows_list("author", self.author.pk)
        return selectors.author_pieces(author=self.author, language=content_language())

    def head_languages(self) -> list[str]:
        return languages_listing("author", self.author)

    def get_context_data(self, **kwargs):
        name = self.author.display_name(content_language())
        trail = [structured_data.home_crumb(), (name, self.author.get_absolute_url())]
        return super().get_context_data(
            author=self.author,
            author_name=name,
            breadcrumbs=trail,
            breadcrumbs_ld=structured_data.breadcrumbs(absolute("/"), trail),
            feed_scope="author",
            feed_slug=self.author.slug,
            **kwargs,
        )


# Years the archive can have; outside them a date page is a 404 (and "next day" arithmetic
# near year 9999 cannot overflow).
ARCHIVE_YEARS = range(1900, 2201)


class ArchiveMixin(PublishedInLanguageMixin):
    """Year, month and day pages of the archive (times in the newsroom's time zone)."""

    def dispatch(self, request, *args, **kwargs):
        if kwargs["year"] not in ARCHIVE_YEARS:
            raise Http404
        shows_list("archive")  # its links to the next and previous dates depend on them all
        return super().dispatch(request, *args, **kwargs)

    date_field = "published_at"
    allow_future = False
    allow_empty = True
    month_format = "%m"
    day_format = "%d"
    template_name = "articles/archive.html"

    def get_queryset(self):
        return selectors.archive_pieces(language=content_language())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["archive_date"] = context.get("day") or context.get("month") or context["year"]
        return context


class YearArchive(ArchiveMixin, YearArchiveView):
    make_object_list = True
    extra_context = {"level": "year"}


class MonthArchive(ArchiveMixin, MonthArchiveView):
    extra_context = {"level": "month"}


class DayArchive(ArchiveMixin, DayArchiveView):
    extra_context = {"level": "day"}


class SearchView(ListView):
    """Ranked full-text search with highlighted matches; any query gives a normal page."""

    paginator_class = NewsPaginator
    template_name = "articles/search.html"
    context_object_name = "results"
    paginate_by = LIST_SIZE

    def get_queryset(self):
        self.query = search.clean_query(self.request.GET.get("q"))
        shows_list("search")
        # The Latin edition searches in its own letters (a Latin or a Cyrillic query alike).
        language = get_language() if get_language() in LATIN_EDITIONS else content_language()
        pieces = selectors.search_pieces(language=content_language())
        return search.search(pieces, self.query, language)

    def get_context_data(self, **kwargs):
        more = getattr(self.object_list, "more", False)  # only the newest matches are ranked
        return super().get_context_data(query=self.query, more_matches=more, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return selectors.article_pieces()

    def get_object(self, queryset=None):
        """The piece and its published translations in one query (`article_versions`)."""
        language, slug = content_language(), self.kwargs["slug"]
        found = selectors.article_versions(language=language, slug=slug)
        versions = in_meta_order(list(found))  # one per language at most
        article = next((v for v in versions if (v.language, v.slug) == (language, slug)), None)
        if article is None:
            raise Http404("No published piece at this address.")
        self.versions = {language: article}  # this piece first, then one per other language
        for version in versions:
            self.versions.setdefault(version.language, version)
        return article

    def get(self, request, *args, **kwargs):
        self.live_page_number = page_number(request.GET.get("page"))
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An old slug of a published piece: send readers (and search engines) on, for good.
            article = selectors.moved_piece(language=content_language(), slug=self.kwargs["slug"])
            if not article:
                raise
            return redirect(article, permanent=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        versions = self.versions
        original = versions.get(settings.LANGUAGE_CODE, article)
        # Its translations (the story) and the earlier piece it links to (the related block
        # names its lists itself: selectors.related_pieces).
        shows(f"story:{article.story_id}")
        if article.earlier_id:
            shows(f"article:{article.earlier_id}")
        # What only its fragments show is worked out only if one of them is rendered: kept
        # ones need no query. The related block needs the piece's tags, as its body does.
        fragments.expect("meta", [article])
        fragments.expect("body", [article])
        fragments.expect("related", [article])
        parts = fragments.once(article.page_parts)
        image = fragments.once(lambda: structured_data.hero_image(article, absolute("/")))

        def related():
            pieces = selectors.related_pieces(article=article, tags=parts()["tags"])
            fragments.expect("card", pieces)
            return pieces

        def url_for(code: str) -> str:
            version = versions.get(content_language(code))
            return version.url_in(code) if version else home_url(code)

        context.update(
            alternates=fragments.once(
                lambda: [
                    {"hreflang": hreflang(code), "url": absolute(version.url_in(code))}
                    for version in versions.values()
                    for code in editions(version.language)
                ]
            ),
            x_default=fragments.once(lambda: absolute(original.get_absolute_url())),
            language_links=language_links(url_for),
            related=fragments.once(related),
            earlier=fragments.once(lambda: selectors.earlier_piece(article=article)),
            share_url=absolute(article.get_absolute_url()),
            json_ld=fragments.once(
                lambda: structured_data.news_article(
                    article,
                    list(versions.values()),
                    absolute("/"),
                    tags=parts()["tags"],
                    bylines=parts()["bylines"],
                    image=image(),
                    gallery=parts()["gallery"],
                )
            ),
            image=image,
            og_locale=structured_data.OG_LOCALES.get(article.language),
            og_alternates=[
                structured_data.OG_LOCALES[code] for code in versions if code != article.language
            ],
            preview=False,  # the desk's preview shares the template
            most_read=fragments.once(lambda: selectors.most_read_pieces(language=article.language)),
            bylines=lambda: parts()["bylines"],
            tags=lambda: parts()["tags"],
            corrections=lambda: parts()["corrections"],
            gallery=lambda: parts()["gallery"],
            has_gallery=article.has_gallery,  # its script: the rows are read only if rendered
        )
        if article.is_live_page:
            context.update(live_context(article, self.live_page_number, context))
        elif self.live_page_number != 1:
            raise Http404("Only a live page has pages.")
        return context


# Updates named in a live page's JSON-LD besides its key points: the newest, which search
# engines show; all of them would repeat the page's text in its head.
LIVE_LD_UPDATES = 10
# A page number of a live page's updates: digits, and no more than any page can have.
MAX_LIVE_PAGES = 1000


def page_number(raw: str | None) -> int:
    """`?page=` of a live page: absent is 1; junk, 0 or an absurd number is a 404."""
    if raw is None:
        return 1
    if not raw.isascii() or not raw.isdigit() or len(raw) > 4:
        raise Http404("No such page.")
    number = int(raw)
    if not 1 <= number <= MAX_LIVE_PAGES:
        raise Http404("No such page.")
    return number


def live_context(article: Article, page: int, context: dict) -> dict:
    """What a live page shows besides the piece: its key points and updates (a page of
    them), where its script asks for newer ones, and its LiveBlogPosting JSON-LD."""
    live = selectors.live_page_updates(article=article, page=page)
    if page > 1 and not live["updates"]:
        raise Http404("No such page of updates.")
    shown = live["pinned"] + live["updates"]
    slug = article.slug
    news = context["json_ld"]  # the NewsArticle data, worked out if the meta block renders

    def first_page() -> list:
        """The key points and the newest LIVE_LD_UPDATES updates of the first page."""
        if page == 1:
            return live["pinned"] + live["updates"][:LIVE_LD_UPDATES]
        first = selectors.live_page_updates(article=article, page=1)
        return first["pinned"] + first["updates"][:LIVE_LD_UPDATES]

    return {
        "live": live,
        "live_newest": max((update.pk for update in shown), default=0),
        "live_poll_url": reverse("articles:live_updates", kwargs={"slug": slug}),
        "live_poll_seconds": settings.NEWSROOM_LIVE_POLL_SECONDS,
        "live_feeds": {
            "rss": reverse("articles:live_feed_rss", kwargs={"slug": slug}),
            "atom": reverse("articles:live_feed_atom", kwargs={"slug": slug}),
        },
        # The same on every page of updates (the meta block is kept once for all of them):
        # the piece with the updates of its first page, whose addresses are the piece's.
        "json_ld": fragments.once(
            lambda: structured_data.live_blog_posting(
                news(), article, first_page(), absolute(article.get_absolute_url())
            )
        ),
    }


class LiveUpdatesView(View):
    """What a live page's script asks every few seconds: the updates newer than (or edited
    since) the one it has (`?after=<id>`), as the page's own markup, and whether coverage
    goes on. Served from the page cache, a 304 while nothing changed."""

    http_method_names = ["get", "head"]

    def get(self, request, slug):
        after = request.GET.get("after", "0")
        if not after.isascii() or not after.isdigit() or len(after) > 18:
            raise Http404("No such update.")
        article = selectors.live_piece(language=content_language(), slug=slug)
        if article is None:
            raise Http404("No live page at this address.")
        updates = selectors.live_updates_since(article=article, after=int(after))
        kept = selectors.live_newest_ids(article=article)
        context = {
            "article": article,
            "updates": updates,
            "newest": max([int(after), *(update.pk for update in updates)]),
            "kept": kept,
        }
        return render(request, "articles/live_updates_poll.html", context)
