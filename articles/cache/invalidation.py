"""Where the page cache learns what changed, and what a page shows: the one place.

Every write of something readers see is noticed here, whoever makes it: the admin, a
service, a shell, `loaddata` (raw saves included), `restore_newsroom`, a future API. Each
handler works out the surrogate keys the change touches from the stored row before it and
the row after it, and purges them (`page_cache.purge`: at once and after commit). Writes that
bypass model signals (`QuerySet.update()`, `bulk_create`) must say so: the domain sends
articles/signals.py's `rows_changed` or `site_changed` (heard here); the rooms above it may call
`page_cache.purge` or `page_cache.site_changed()` themselves.

The other half: while a public page renders, every row of these models that is loaded adds
its key to the page ("article:12", "photo:3"...), so a page's keys are what it read, not a
list written by hand per view.

Once a change to what readers see commits, the piece's page, its home and its section are
rendered again in the background, before readers ask (articles/cache/warming.py).
"""

from __future__ import annotations

from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)
from django.dispatch import receiver
from django.utils import timezone

from articles import signals
from articles.cache import page_cache, warming
from articles.models import (
    Article,
    Author,
    Byline,
    Correction,
    GalleryPhoto,
    LiveUpdate,
    Photo,
    Section,
    Story,
    Tag,
)
from articles.page_keys import list_key, page_keys, shows
from articles.workflow import Status

ROW_KEYS = {Article: "article", Photo: "photo", Author: "author", Section: "section",
            Tag: "tag", Story: "story"}  # fmt: skip
STORED_FIELDS = ("status", "language", "section_id", "story_id", "published_at")


# ---- what a page shows ------------------------------------------------------------------


def _shown(sender, instance, **kwargs) -> None:
    if instance.pk is not None and page_keys.get() is not None:
        shows(f"{ROW_KEYS[sender]}:{instance.pk}")


for model in ROW_KEYS:
    post_init.connect(_shown, sender=model, dispatch_uid=f"page-keys-{model.__name__}")


# ---- what a change touches --------------------------------------------------------------


def _stored(article: Article) -> Article | None:
    if article.pk is None:
        return None
    return Article.objects.filter(pk=article.pk).only(*STORED_FIELDS).first()


def _placed(article: Article) -> tuple:
    return article.language, article.section_id, article.story_id


def _place(article: Article) -> warming.Place:
    return article.language, article.section_id


def _public(article: Article | None) -> bool:
    """Released, now or at a time to come (a scheduled piece's changes move the next due time)."""
    return article is not None and article.status == Status.PUBLISHED


def _visible(article: Article | None) -> bool:
    """What readers see now."""
    return (
        _public(article)
        and article.published_at is not None
        and article.published_at <= timezone.now()
    )


@receiver(pre_save, sender=Article)
def _article_before_save(sender, instance, raw=False, **kwargs):
    instance._stored_for_cache = _stored(instance)


@receiver(post_save, sender=Article)
def _article_saved(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_stored_for_cache", None)
    if not (_public(before) or _public(instance)):
        return  # a draft's edit: readers see nothing of it
    keys = page_cache.article_keys(instance)
    if before is not None and _placed(before) != _placed(instance):
        keys |= page_cache.article_keys(before)  # the lists it was in
    page_cache.purge(keys, hard=_visible(before) and not _visible(instance))
    if not raw and (_visible(before) or _visible(instance)):
        was_in = [_place(before)] if _visible(before) else []
        warming.warm(instance.pk, was_in)  # once committed; withdrawn: its lists only
    if (before is None or before.status != instance.status
            or before.published_at != instance.published_at):  # fmt: skip
        page_cache.schedule_changed()


@receiver(pre_delete, sender=Article)
def _article_before_delete(sender, instance, **kwargs):
    # Its tags and bylines are gone by post_delete.
    instance._keys_for_cache = page_cache.article_keys(instance) if _public(instance) else set()


@receiver(post_delete, sender=Article)
def _article_deleted(sender, instance, **kwargs):
    page_cache.purge(getattr(instance, "_keys_for_cache", set()), hard=True)
    if _visible(instance):
        warming.warm(None, [_place(instance)])  # its lists, without it


@receiver(m2m_changed, sender=Article.tags.through)
def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # tag.articles.add(...): the pieces are in pk_set
        articles = Article.objects.filter(pk__in=pk_set or ()) if pk_set else instance.articles
        pairs = [(a, instance.pk) for a in articles.only(*STORED_FIELDS)]
    else:
        tags = pk_set if action != "pre_clear" else instance.tags.values_list("pk", flat=True)
        pairs = [(instance, tag) for tag in tags]
    keys = set()
    for article, tag in pairs:
        if _public(article):
            keys |= {f"article:{article.pk}", list_key("tag", article.language, tag)}
    page_cache.purge(keys)


@receiver(post_save, sender=Byline)
@receiver(post_delete, sender=Byline)
def _byline_changed(sender, instance, **kwargs):
    article = Article.objects.filter(pk=instance.article_id).only(*STORED_FIELDS).first()
    if _public(article):
        author_list = list_key("author", article.language, instance.author_id)
        page_cache.purge({f"article:{article.pk}", author_list})


@receiver(post_save, sender=Correction)
@receiver(post_delete, sender=Correction)
def _correction_changed(sender, instance, raw=False, **kwargs):
    page_cache.purge({f"article:{instance.article_id}"})
    if not raw:
        warming.warm(instance.article_id)  # if it is live once committed


@receiver(post_save, sender=LiveUpdate)
@receiver(post_delete, sender=LiveUpdate)
def _live_update_changed(sender, instance, raw=False, **kwargs):
    """A live page's update posted, edited, pinned, corrected or deleted: its page, its
    earlier-updates pages, its feeds and its poll endpoint all show `article:<id>`."""
    page_cache.purge({f"article:{instance.article_id}"})
    if not raw:
        warming.warm(instance.article_id)  # if it is live once committed


@receiver(m2m_changed, sender=LiveUpdate.authors.through)
def _live_update_authors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # author.live_updates.add(...): the updates are in pk_set
        pieces = LiveUpdate.objects.filter(pk__in=pk_set or ()).values_list("article_id", flat=True)
        page_cache.purge({f"article:{pk}" for pk in pieces})
    else:
        page_cache.purge({f"article:{instance.article_id}"})


@receiver(post_save, sender=GalleryPhoto)
@receiver(post_delete, sender=GalleryPhoto)
def _gallery_changed(sender, instance, raw=False, **kwargs):
    """A photo added to, moved in or taken out of a piece's gallery (its caption for the
    piece too): the piece's page, and its feed items (kept by the piece's key). A photo's
    own caption or file purges the pages that loaded it (`_row_changed`)."""
    article = Article.objects.filter(pk=instance.article_id).only(*STORED_FIELDS).first()
    if _public(article):
        page_cache.purge({f"article:{article.pk}"})
        if not raw:
            warming.warm(article.pk)  # if it is live once committed


def _row_changed(sender, instance, **kwargs):
    """A photo, author, section, tag or story: the pages that loaded it."""
    deleted = kwargs["signal"] is post_delete
    if sender is Section and kwargs.get("created"):
        page_cache.site_changed()  # every page's header lists the sections
        return
    page_cache.purge({f"{ROW_KEYS[sender]}:{instance.pk}"}, hard=deleted)


for model in (Photo, Author, Section, Tag, Story):
    post_save.connect(_row_changed, sender=model, dispatch_uid=f"page-purge-{model.__name__}")
    post_delete.connect(_row_changed, sender=model, dispatch_uid=f"page-del-{model.__name__}")


@receiver(signals.rows_changed)
def _rows_updated(sender, pks, **kwargs):
    """Rows written by `update()` (a photo's new renditions): the pages that loaded them."""
    page_cache.purge({f"{ROW_KEYS[sender]}:{pk}" for pk in pks})


@receiver(signals.site_changed)
def _site_changed(sender, **kwargs):
    """Bulk writes the domain cannot tell apart: every page."""
    page_cache.site_changed()
