"""The reading queries: which pieces readers' pages, feeds, sitemaps and the partner API show.

Each function names one list (the home page's, a section's, a feed's, a sitemap's...) and
says what its users need read with it: joined (`select_related`), prefetched, or left unread
(`only`, `defer`). Every one starts from `Article.objects.published()`, the one visibility
rule, and never filters on status by hand; the only exception is `withdrawn_pieces`, the
kill notices partners are owed, which starts from `Article.objects.withdrawn()`.

They take keyword arguments only and mostly return querysets that have not run: the caller
slices, pages or counts them, so a selector costs no query of its own (`home_pieces`,
`related_pieces`, `earlier_piece` and `moved_piece` read, and say so). What a page depends
on is noted by the caller (`page_keys.shows`), except where only the query knows it
(`related_pieces`).

The domain room: this module may import the models, i18n, page_keys and text, and never the
site, the desk, distribution or the caches, which call it.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)

from articles.models import (
    Article,
    ArticleQuerySet,
    Author,
    Byline,
    GalleryPhoto,
    LiveUpdate,
    Section,
    SlugRedirect,
    Tag,
)
from articles.models.article import UPDATE_THRESHOLD
from articles.page_keys import list_key, most_read_key, shows
from articles.reading import ranking

# What a feed reads of every piece it lists: which pieces, a kept item's key and the feed's
# dates (the pieces whose items are not kept are read in full: `syndicated_pieces`).
FEED_FIELDS = ("language", "published_at", "updated_at", "section_id", "hero_photo_id")
# What a sitemap entry names, and what its language alternates name.
SITEMAP_FIELDS = ("id", "slug", "language", "story_id", "published_at", "updated_at")
ALTERNATE_FIELDS = ("id", "slug", "language", "story_id", "published_at")
NEWS_SITEMAP_FIELDS = ("id", "slug", "language", "headline", "published_at")
# What a kill notice says: no headline, lead or body is read, so none can be sent.
KILL_NOTICE_FIELDS = ("id", "language", "slug", "status", "published_at", "updated_at")
# What the "Most read" block links: a headline and the piece's address.
MOST_READ_FIELDS = ("id", "language", "slug", "headline")
# Pieces sharing a tag that `related_pieces` picks from: the newest, in any language and
# state. Enough to leave several of each language to choose four from, few enough that
# checking each against published() stays cheap (figures: docs/benchmarks.md).
# The price: where a tag is used mostly in one language, a page in another finds fewer
# pieces by tag and fills up from its section sooner.
RELATED_CANDIDATES = 80


def published_in(*, language: str) -> ArticleQuerySet:
    """Published pieces in `language` (a content language), newest first."""
    return Article.objects.published().in_language(language)


# ---- the reader's list pages: cards, newest first ------------------------------------------


def _cards(*, language: str) -> ArticleQuerySet:
    return published_in(language=language).for_cards()


def home_pieces(
    *, language: str, latest: int, breaking: int
) -> tuple[list[Article], Article | None, list[Article]]:
    """The home page's newest `latest` + 1 pieces, its newest featured one and its newest
    `breaking` breaking ones, as cards, in one query: the rows of the three short lists, in
    the lists' order. The first featured and the first breaking rows among them are the
    newest of their kind (every row ranked above them is in the result), as the first rows
    are the newest of all."""
    published = _cards(language=language)
    lists = Q(pk__in=published.values("pk")[: latest + 1])
    lists |= Q(pk__in=published.filter(is_featured=True).values("pk")[:1])
    lists |= Q(pk__in=published.filter(is_breaking=True).values("pk")[:breaking])
    found = list(published.filter(lists))
    featured = next((article for article in found if article.is_featured), None)
    newest_breaking = [article for article in found if article.is_breaking][:breaking]
    return found[: latest + 1], featured, newest_breaking


def section_pieces(*, section: Section, language: str) -> ArticleQuerySet:
    """A section's pieces as cards: its page, and its block on the home page."""
    return _cards(language=language).filter(section=section)


def tag_pieces(*, tag: Tag, language: str) -> ArticleQuerySet:
    return _cards(language=language).filter(tags=tag)


def _by_author(pieces: ArticleQuerySet, author: Author) -> ArticleQuerySet:
    """`pieces` with a byline of `author`: a subquery of the bylines, not a join, so a piece
    is listed once whatever its bylines."""
    return pieces.filter(pk__in=Byline.objects.filter(author=author).values("article_id"))


def author_pieces(*, author: Author, language: str) -> ArticleQuerySet:
    return _by_author(_cards(language=language), author)


def archive_pieces(*, language: str) -> ArticleQuerySet:
    """The date archive's pieces as cards (its views pick the dates, by `published_at`)."""
    return _cards(language=language)


def search_pieces(*, language: str) -> ArticleQuerySet:
    """What the site's search ranks (articles/search/): the published pieces of `language`,
    read as cards."""
    return _cards(language=language)


def _with_languages(owners: QuerySet, pieces: QuerySet) -> QuerySet:
    """`owners` (tags, authors) each read with whether its list has published pieces in
    each content language: `pieces` are the published pieces of the owner `OuterRef("pk")`
    names. An EXISTS per language, each stopping at its first piece, in the owner's own
    query: the page needs no query of its own to know the languages its list exists in
    (`lists_<code>`, read by articles/site/list_heads.py)."""
    codes = [code for code, _name in settings.NEWSROOM_CONTENT_LANGUAGES]
    return owners.annotate(
        **{f"lists_{code}": Exists(pieces.filter(language=code)) for code in codes}
    )


def tags_with_languages() -> QuerySet:
    """Tags, each with the content languages its list has published pieces in."""
    return _with_languages(Tag.objects, Article.objects.published().filter(tags=OuterRef("pk")))


def authors_with_languages() -> QuerySet:
    """Authors, each with the content languages their list has published pieces in."""
    pieces = Article.objects.published().filter(bylines__author=OuterRef("pk"))
    return _with_languages(Author.objects, pieces)


# ---- the article page ------------------------------------------------------------------------


def article_pieces() -> ArticleQuerySet:
    """Published pieces in any language, as the article page reads them: a page shows one and
    names its translations. Their bylines, tags, corrections and gallery are read for the
    piece shown only (`Article.page_parts`), not for every translation named; whether it
    has a gallery (`has_gallery`: the page then loads the gallery's script) comes with the
    row, so a page whose parts are all kept as fragments needs no query to know."""
    has_gallery = Exists(GalleryPhoto.objects.filter(article=OuterRef("pk")))
    return Article.objects.published().for_listing().annotate(has_gallery=has_gallery)


def article_versions(*, language: str, slug: str) -> ArticleQuerySet:
    """Every published version of the story of the piece with `slug` in `language`: the
    piece and its translations, in one query. The story is found by a scalar subquery,
    which PostgreSQL plans faster than a join through the story (docs/benchmarks.md). In no
    order: one per language at most."""
    story = Article.objects.filter(language=language, slug=slug).values("story_id")
    # At most one row: a slug is unique in its language (article_slug_per_language).
    return article_pieces().filter(story_id=Subquery(story)).order_by()


def moved_piece(*, language: str, slug: str) -> Article | None:
    """The published piece that `slug` in `language` used to name, if any (reads)."""
    moved = SlugRedirect.objects.filter(language=language, slug=slug).first()
    return moved and article_pieces().filter(pk=moved.article_id).first()


def earlier_piece(*, article: Article) -> Article | None:
    """The earlier piece on the story, if readers may see it (a withdrawn or embargoed one is
    not named): only what its link shows, not its body (reads, if there is one)."""
    if not article.earlier_id:
        return None
    earlier = Article.objects.published().filter(pk=article.earlier_id)
    return next(iter(earlier.only("language", "slug", "headline")), None)


def newest_sharing_a_tag(tag_ids: list[int]) -> QuerySet:
    """Ids of the newest RELATED_CANDIDATES pieces with any of `tag_ids`, in any language: a
    subquery for `related_pieces`. Plenty to pick four from, and a popular tag never sorts
    thousands of rows (the `(tag_id, article_id)` index of the tag table serves it)."""
    return (
        Article.tags.through.objects.filter(tag_id__in=tag_ids)
        .order_by("-article_id")
        .values("article_id")[:RELATED_CANDIDATES]
    )


def related_pieces(*, article: Article, tags: list | None = None, limit: int = 4) -> list[Article]:
    """The newest published pieces in `article`'s language sharing a tag with it, then from
    its section: at most two queries, each served by an index whatever the archive's size.
    They are shown as compact cards (what `for_compact_cards` reads). `tags`: the piece's
    tags, if the caller has read them already. The page then depends on the lists read."""
    candidates = published_in(language=article.language).exclude(pk=article.pk)
    candidates = candidates.for_compact_cards()
    tag_ids = [tag.pk for tag in (article.tags.all() if tags is None else tags)]
    found = []
    if tag_ids:
        found = list(candidates.filter(pk__in=newest_sharing_a_tag(tag_ids))[:limit])
        # A piece published or withdrawn with one of these tags changes the block.
        shows(*(list_key("tag", article.language, tag_id) for tag_id in tag_ids))
    if len(found) < limit and article.section_id:
        found += candidates.filter(section_id=article.section_id).exclude(
            pk__in=[piece.pk for piece in found]
        )[: limit - len(found)]
        shows(list_key("section", article.language, article.section_id))
    return found


def most_read_pieces(*, language: str) -> list[Article]:
    """The "Most read" block of `language`: its NEWSROOM_MOST_READ_SIZE published pieces most
    read in the last 24 hours, best first, as last ranked (articles/reading.py). Reads only if
    there is a ranking (one query: headlines and addresses); the page then shows the list."""
    shows(most_read_key(language))
    ids = ranking(language=language)
    if not ids:
        return []
    found = published_in(language=language).filter(pk__in=ids).only(*MOST_READ_FIELDS)
    order = {pk: place for place, pk in enumerate(ids)}
    pieces = sorted(found, key=lambda piece: order[piece.pk])
    return pieces[: settings.NEWSROOM_MOST_READ_SIZE]


# ---- feeds, sitemaps and the partner API -------------------------------------------------------


def feed_pieces(
    *,
    language: str,
    section: Section | None = None,
    tag: Tag | None = None,
    author: Author | None = None,
) -> ArticleQuerySet:
    """A feed's pieces (a language's, or of one section, tag or author in it), newest first,
    read only as far as a feed needs to tell which they are (FEED_FIELDS)."""
    pieces = published_in(language=language)
    if section is not None:
        pieces = pieces.filter(section=section)
    elif tag is not None:
        pieces = pieces.filter(tags=tag)
    elif author is not None:
        pieces = _by_author(pieces, author)
    return pieces.only(*FEED_FIELDS)


def syndicated_pieces() -> ArticleQuerySet:
    """Published pieces in full, with everything a feed item or a ninjs item names joined or
    prefetched: section, photo, bylines with their authors, tags, and the gallery with its
    photos (one query each for any number of pieces)."""
    gallery = Prefetch("gallery", queryset=GalleryPhoto.objects.select_related("photo"))
    return (
        Article.objects.published().for_listing().with_bylines().prefetch_related("tags", gallery)
    )


def partner_pieces(
    *,
    language: str | None = None,
    section: Section | None = None,
    changed_since=None,
) -> ArticleQuerySet:
    """What partners may receive (`syndicated_pieces`), of one content language or section
    if given; with `changed_since`, only those published or corrected since then."""
    pieces = syndicated_pieces()
    if language:
        pieces = pieces.in_language(language)
    if section is not None:
        pieces = pieces.filter(section=section)
    if changed_since is not None:
        # The rule of Article.last_modified: publication, or a save more than a minute later.
        pieces = pieces.filter(
            Q(published_at__gte=changed_since)
            | Q(
                updated_at__gte=changed_since,
                updated_at__gt=F("published_at") + UPDATE_THRESHOLD,
            )
        )
    return pieces


def delivery_piece(pk: int) -> Article | None:
    """A piece in any state, with what a ninjs item names, for a delivery to partners, which
    decides what of it they may have (articles/distribution/deliveries/payload.py): the item
    once it is live or released to partners early, a kill notice once withdrawn. Never for
    readers."""
    return (
        Article.objects.for_listing()
        .with_bylines()
        .prefetch_related("tags", "corrections")
        .filter(pk=pk)
        .first()
    )


def withdrawn_pieces(
    *,
    language: str | None = None,
    section: Section | None = None,
    since=None,
) -> ArticleQuerySet:
    """Pieces partners may have received and must no longer use (`Article.withdrawn`), read
    for a kill notice only (KILL_NOTICE_FIELDS); of one language or section if given, and
    with `since`, those withdrawn since then (the withdrawal saved them)."""
    pieces = Article.objects.withdrawn().only(*KILL_NOTICE_FIELDS)
    if since is not None:
        pieces = pieces.filter(updated_at__gte=since)
    if language:
        pieces = pieces.in_language(language)
    if section is not None:
        pieces = pieces.filter(section=section)
    return pieces


def sitemap_pieces(*, language: str) -> ArticleQuerySet:
    """A language's sitemap: every published piece, newest first, with what an entry names."""
    return published_in(language=language).only(*SITEMAP_FIELDS).order_by("-published_at", "-id")


def story_versions(*, stories: QuerySet) -> ArticleQuerySet:
    """The published versions of `stories` (a subquery of story ids), in no order: a sitemap
    entry's language alternates."""
    versions = Article.objects.published().filter(story_id__in=stories)
    return versions.only(*ALTERNATE_FIELDS).order_by()


def news_pieces(*, since) -> ArticleQuerySet:
    """Google News: the pieces published since `since`, in any language, newest first."""
    return (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only(*NEWS_SITEMAP_FIELDS)
        .order_by("-published_at")
    )


# ---- live pages ------------------------------------------------------------------------------

# What a live page shows of its updates: the newest LIVE_PAGE_SIZE on a page (older ones on
# ?page=2...), after at most LIVE_PINNED key points; the poll endpoint and the feeds the same.
LIVE_PAGE_SIZE = 20
LIVE_PINNED = 5
# A save this long after an update was posted is an edit (the posting save sets `created_at`
# and `updated_at` a few microseconds apart).
EDITED = timedelta(seconds=1)
# What the poll endpoint and the feeds read of the piece: whether and where it is live.
LIVE_PIECE_FIELDS = ("id", "language", "slug", "headline", "lead", "story_id", "status",
                     "published_at", "updated_at", "is_live_page", "live_closed_at")  # fmt: skip


def live_piece(*, language: str, slug: str) -> Article | None:
    """The published live page at `slug` in `language`, read only as far as its poll
    endpoint and feeds need (reads)."""
    pieces = published_in(language=language).filter(slug=slug, is_live_page=True)
    return pieces.only(*LIVE_PIECE_FIELDS).first()


def _updates_of(article: Article):
    """The updates of a piece readers may see (`article` comes from `published()`)."""
    return LiveUpdate.objects.filter(article_id=article.pk).select_related("photo")


def _with_authors(updates: list[LiveUpdate], article: Article) -> list[LiveUpdate]:
    """`updates` with their authors, in one query for all of them; each knows its piece
    (no query to ask its language)."""
    prefetch_related_objects(updates, Prefetch("authors", queryset=Author.objects.order_by()))
    for update in updates:
        update.article = article
        update.author_list = list(update.authors.all())  # one manager per update, not per use
    return updates


def live_page_updates(*, article: Article, page: int = 1) -> dict:
    """A live page's `page` of updates: its key points (pinned, on the first page only) and
    the other updates, newest first, LIVE_PAGE_SIZE a page; whether older ones follow.
    Three queries (key points, updates, their authors), whatever the page's size."""
    updates = _updates_of(article).order_by("-posted_at", "-id")
    pinned = list(updates.filter(is_pinned=True)[:LIVE_PINNED]) if page == 1 else []
    start = (page - 1) * LIVE_PAGE_SIZE
    stream = list(updates.filter(is_pinned=False)[start : start + LIVE_PAGE_SIZE + 1])
    more = len(stream) > LIVE_PAGE_SIZE
    stream = stream[:LIVE_PAGE_SIZE]
    _with_authors(pinned + stream, article)
    return {"pinned": pinned, "updates": stream, "more": more, "page": page}


def live_updates_since(*, article: Article, after: int) -> list[LiveUpdate]:
    """The updates a reader who has every update up to id `after` does not have yet: the
    newer ones, and those edited since update `after` was posted (a correction, a pin),
    newest first, LIVE_PAGE_SIZE at most. Two queries."""
    posted = LiveUpdate.objects.filter(pk=after, article_id=article.pk).values("created_at")
    edited = Q(updated_at__gt=Subquery(posted[:1])) & Q(updated_at__gt=F("created_at") + EDITED)
    changed = Q(pk__gt=after) | edited
    found = _updates_of(article).filter(changed).order_by("-posted_at", "-id")
    return _with_authors(list(found[:LIVE_PAGE_SIZE]), article)


def live_newest_ids(*, article: Article) -> list[int]:
    """The ids of the updates the first page shows (key points and the newest): what a
    reader's page keeps; one it holds that is not here any more was deleted."""
    updates = _updates_of(article).order_by("-posted_at", "-id").values_list("pk", flat=True)
    return list(updates[: LIVE_PAGE_SIZE + LIVE_PINNED])


def live_feed_updates(*, article: Article) -> list[LiveUpdate]:
    """A live page's feed: its newest LIVE_PAGE_SIZE updates, pinned or not."""
    updates = _updates_of(article).order_by("-posted_at", "-id")[:LIVE_PAGE_SIZE]
    return _with_authors(list(updates), article)
