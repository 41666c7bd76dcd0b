import contextvars
import uuid
from contextlib import contextmanager
from datetime import timedelta

import reversion
from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from articles.i18n import reader_language
from articles.models.events import ArticleEvent
from articles.models.gallery import GalleryPhoto
from articles.models.media import Photo
from articles.models.ordering import in_meta_order
from articles.models.people import Byline
from articles.models.taxonomy import Section, Tag
from articles.text import notes
from articles.text.links import slug_url
from articles.text.plain import plain_text
from articles.text.sanitize import sanitize_body
from articles.text.slugs import unique_slug

LANGUAGE_MARKERS = {"ru": "РУ", "kk": "ҚАЗ", "en": "EN"}
UPDATE_THRESHOLD = timedelta(minutes=1)
# What includes/article_card.html shows with `compact` (the photo's size is read with its
# file, by ImageField, so it must come along).
COMPACT_CARD_FIELDS = (
    "language", "slug", "headline", "published_at", "is_breaking", "section", "hero_photo",
    "section__slug", "section__name_ru", "section__name_kk", "section__name_en",
    "hero_photo__image", "hero_photo__width", "hero_photo__height",
    "hero_photo__alt_text_ru", "hero_photo__alt_text_kk", "hero_photo__alt_text_en",
    "hero_photo__card_renditions",
)  # fmt: skip
# Typical silent-reading speed of adults, words per minute (Russian and Kazakh words are longer).
READING_WORDS_PER_MINUTE = {"ru": 180, "kk": 170, "en": 230}


class Story(models.Model):
    """One news event. Its language versions are the Articles that point to it."""

    working_title = models.CharField(
        _("working title"),
        max_length=200,
        help_text=_("For the newsroom only; readers see each version's own headline."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.working_title


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """What readers may see: released, and released no later than now.

        The one visibility rule of the site. Pages, feeds, sitemaps, search and any API
        start from here; nothing filters on status by hand.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def withdrawn(self) -> "ArticleQuerySet":
        """Pieces readers saw and may see no longer: withdrawn, or being reworked after a
        withdrawal and not released again yet. Never for readers: partners who received a
        piece are told it was withdrawn, and nothing more (a kill notice:
        articles/distribution/api/)."""
        once_withdrawn = ArticleEvent.objects.filter(
            article=models.OuterRef("pk"), to_status=Article.Status.WITHDRAWN
        )
        return (
            self.filter(published_at__isnull=False)
            .filter(models.Q(status=Article.Status.WITHDRAWN) | models.Exists(once_withdrawn))
            .exclude(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())
        )

    def scheduled(self) -> "ArticleQuerySet":
        """Released with a time still to come: invisible to readers until then."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def in_language(self, language: str) -> "ArticleQuerySet":
        return self.filter(language=language)

    def for_listing(self) -> "ArticleQuerySet":
        """What a card needs (section, photo), joined in: one query for any number of cards."""
        return self.select_related("section", "hero_photo")

    def for_cards(self) -> "ArticleQuerySet":
        """`for_listing` without the body: cards show headline and lead, and a list of 20
        bodies is most of the bytes a list query would read."""
        return self.for_listing().defer("body")

    def for_compact_cards(self) -> "ArticleQuerySet":
        """Only what a compact card shows (no lead, no body): headline, time, section and the
        photo's card crops. The related pieces under an article are such cards; reading a
        third of the columns saves compiling, reading and building the rest."""
        return self.for_listing().only(*COMPACT_CARD_FIELDS)

    def with_bylines(self) -> "ArticleQuerySet":
        """Bylines and their authors, in one more query for the whole list."""
        return self.prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )


@reversion.register(follow=["bylines", "corrections", "gallery"])
class Article(models.Model):
    """One language version of a Story, as readers get it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    story = models.ForeignKey(
        Story,
        verbose_name=_("story"),
        on_delete=models.PROTECT,
        related_name="articles",
        blank=True,
        help_text=_(
            "The versions of one story in other languages share it. "
            "Leave empty to start a new story."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.NEWSROOM_CONTENT_LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    headline = models.CharField(
        _("headline"),
        max_length=200,
        help_text=_("Say what happened in 60–90 characters; readers see it first."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        blank=True,
        help_text=_("Part of the URL. Leave empty to make it from the headline."),
    )
    lead = models.TextField(
        _("lead"),
        max_length=600,
        help_text=_("One paragraph: what happened, who did it, when. 150–300 characters."),
    )
    body = RichTextUploadingField(
        _("body"),
        blank=True,
        help_text=_("Quotes, context and background. Scripts and inline styles are removed."),
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=100,
        blank=True,
        help_text=_("Where the story was reported from, e.g. “Astana”."),
    )
    source = models.CharField(
        _("source line"),
        max_length=300,
        blank=True,
        help_text=_(
            "Who it came from and how, e.g. “Jibek Joly TV channel, "
            "via the agency's correspondent”."
        ),
    )
    hero_photo = models.ForeignKey(
        Photo,
        verbose_name=_("hero photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hero_of",
    )
    hero_caption = models.CharField(
        _("caption for this story"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to use the photo's own caption."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    earlier = models.ForeignKey(
        "self",
        verbose_name=_("earlier on this story"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
        help_text=_("The earlier piece readers should be pointed to (“Recall that earlier…”)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("Readers see the piece from this moment. A future time schedules it."),
    )
    wire_item = models.ForeignKey(
        "articles.WireItem",
        verbose_name=_("taken from the wire"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="taken_as",
    )
    send_early_to_partners = models.BooleanField(
        _("send to partners now, under embargo"),
        default=False,
        help_text=_(
            "For a scheduled piece: partners who take embargoed pieces get it at once, "
            "marked with its release time. Readers still see it only at that time."
        ),
    )
    is_breaking = models.BooleanField(_("breaking"), default=False)
    is_live_page = models.BooleanField(
        _("live page"),
        default=False,
        help_text=_(
            "A running story of timestamped updates, newest first. Coverage starts at the "
            "publication time."
        ),
    )
    live_closed_at = models.DateTimeField(
        _("coverage ended"),
        null=True,
        blank=True,
        help_text=_("Set it to close the live page: readers see “Coverage ended”, no new updates."),
    )
    live_contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporters who may post updates"),
        blank=True,
        related_name="live_pages",
        help_text=_("Editors always may; reporters only if named here."),
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    seo_title = models.CharField(
        _("title for search engines"),
        max_length=70,
        blank=True,
        help_text=_("Leave empty to use the headline."),
    )
    seo_description = models.CharField(
        _("description for search engines"),
        max_length=160,
        blank=True,
        help_text=_("Leave empty to use the lead."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    word_count = models.PositiveIntegerField(_("words"), default=0, editable=False)
    # A new value on every save: a form posted with an older one is a stale copy.
    edit_token = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # Serves every public list: one language, published, newest first.
            models.Index(
                fields=["language", "status", "-published_at", "-id"], name="article_public_list"
            ),
            models.Index(fields=["status", "-published_at"], name="article_status_time"),
            # Section pages and the home page's section blocks.
            models.Index(
                fields=["section", "language", "status", "-published_at", "-id"],
                name="article_section_list",
            ),
            # The desk's list, newest first.
            models.Index(fields=["-published_at", "-id"], name="article_newest"),
            # What published() checks, by id: SQLite's search reads it for its candidates
            # (articles/search/, migration 0012).
            models.Index(
                fields=["id", "language", "status", "published_at"], name="article_visibility"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="article_slug_per_language"),
            models.UniqueConstraint(fields=["story", "language"], name="article_one_per_language"),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish, schedule and withdraw articles"))]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        # Invariants of the row itself: a clean body, a slug, a story to belong to.
        self.body = sanitize_body(self.body)
        self.word_count = len(plain_text(f"{self.lead}\n{self.body}").split())
        if not self.slug:
            self.slug = unique_slug(self)
        if not self.story_id:
            self.story = Story.objects.create(working_title=self.headline[:200])
        self.edit_token = uuid.uuid4()
        super().save(*args, **kwargs)
        # The search index, part of the row's data, follows in a post_save receiver run after
        # the others (articles/search/sqlite.py; PostgreSQL indexes the columns itself).

    def get_absolute_url(self) -> str:
        return self.url_in(reader_language(self.language))

    def url_in(self, reader_language: str) -> str:
        """This piece's address in a reader language that shows it (e.g. kk or kk-latn)."""
        return slug_url("articles:detail", self.slug, reader_language)

    def translations(self) -> "ArticleQuerySet":
        """The other language versions of this story that readers may see."""
        return Article.objects.published().filter(story_id=self.story_id).exclude(pk=self.pk)

    @property
    def reading_minutes(self) -> int:
        """Minutes a reader needs, at a usual silent-reading pace for the language."""
        pace = READING_WORDS_PER_MINUTE.get(self.language, 200)
        return max(1, round(self.word_count / pace))

    def page_parts(self) -> dict:
        """Bylines (with authors), tags, corrections and gallery photos (with their photos)
        of this piece, one list each.

        The article page names each several times (page, meta tags, JSON-LD, related
        pieces): read once here, one query each for this piece alone, instead of a
        prefetch over all its language versions and a related manager per use.
        """
        return {
            "bylines": in_meta_order(list(self.bylines.select_related("author").order_by())),
            "tags": list(self.tags.all()),  # ordered by slug: text, left to the database
            "corrections": in_meta_order(list(self.corrections.order_by())),
            # Read with the piece (selectors.article_pieces): a piece without one needs none.
            "gallery": self.gallery_rows() if getattr(self, "has_gallery", True) else [],
        }

    def gallery_rows(self) -> list[GalleryPhoto]:
        """The gallery in its order, each row with its photo: one query for any number."""
        return in_meta_order(list(self.gallery.select_related("photo").order_by()))

    @property
    def language_marker(self) -> str:
        return LANGUAGE_MARKERS.get(self.language, self.language.upper())

    @property
    def caption(self) -> str:
        """This piece's own caption, else its photo's caption in the piece's language; never
        another language's (an English piece shows none rather than a Russian one)."""
        if self.hero_caption:
            return self.hero_caption
        return self.hero_photo.caption_in(self.language) if self.hero_photo else ""

    @property
    def is_live(self) -> bool:
        """True when readers can see it now (the same rule as `published()`)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def last_modified(self):
        """When readers last saw a change: publication, or a later edit or correction.

        The save that publishes a piece lands a few milliseconds after its publication
        time; only saves more than a minute later count as updates.
        """
        if (
            self.published_at
            and self.updated_at
            and self.updated_at - self.published_at > UPDATE_THRESHOLD
        ):
            return self.updated_at
        return self.published_at

    @property
    def live_is_open(self) -> bool:
        """A live page whose coverage has not ended: it takes new updates."""
        return self.is_live_page and self.live_closed_at is None

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


class SlugRedirect(models.Model):
    """An address a published piece used to have; readers asking for it get a 301 onward."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    language = models.CharField(max_length=5)
    slug = models.SlugField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="old_slug_per_language")
        ]
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self) -> str:
        return f"/{self.language}/…/{self.slug}/ → {self.article_id}"


# Who is deleting pieces in this request or task (see `deleting_as`); None when unknown.
_deleting_user = contextvars.ContextVar("articles_deleting_user", default=None)


@contextmanager
def deleting_as(user):
    """Name `user` in the "Deleted" revision of every piece deleted inside this block."""
    token = _deleting_user.set(user)
    try:
        yield
    finally:
        _deleting_user.reset(token)


@receiver(pre_delete, sender=Article, dispatch_uid="articles.keep_deleted_article")
def _keep_deleted_article(sender, instance, using, **kwargs):
    """A revision of the piece as it is, saved before it goes (however it is deleted), so
    "Recover deleted" always offers it: even a piece never saved through the desk (demo
    content, an imported archive) that has no version yet.

    Saved at once, in a context of its own: inside the admin's bulk action reversion already
    has a revision open, saved only when the action returns, when the rows are gone and
    reversion drops every version of an object that no longer exists.
    """
    user = _deleting_user.get()
    comment = notes.said(gettext_noop("Deleted"))  # worded for each reader when shown
    contextvars.Context().run(_save_deleted_revision, instance, user, comment)


def _save_deleted_revision(article, user, comment) -> None:
    with reversion.create_revision():  # a fresh context: no outer revision to join
        reversion.add_to_revision(article)  # and its bylines and corrections (followed)
        reversion.set_user(user)
        reversion.set_comment(comment)
