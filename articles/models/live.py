"""Live pages: a running story made of timestamped updates, newest first.

A piece becomes a live page with `Article.is_live_page`; its coverage starts at its
publication time and ends at `Article.live_closed_at`, which an editor sets to close it.
Each `LiveUpdate` has its own author(s), a sanitized body, an optional library photo or
embed link, and may be pinned among the key points. A correction is a note shown under
the update; every save keeps a django-reversion revision, as pieces do.
"""

import reversion
from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from articles.models.media import Photo
from articles.models.people import Author
from articles.text.plain import plain_text
from articles.text.sanitize import sanitize_body


class LiveUpdateQuerySet(models.QuerySet):
    def newest_first(self) -> "LiveUpdateQuerySet":
        return self.order_by("-posted_at", "-id")

    def for_page(self) -> "LiveUpdateQuerySet":
        """What an update shows: its photo joined, its authors in one more query."""
        return self.select_related("photo").prefetch_related("authors")


@reversion.register()
class LiveUpdate(models.Model):
    """One timestamped update of a live page."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("live page"),
        on_delete=models.CASCADE,
        related_name="live_updates",
    )
    posted_at = models.DateTimeField(
        _("time shown"), help_text=_("The time readers see next to the update.")
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), blank=True, related_name="live_updates"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("What happened. Scripts and inline styles are removed."),
    )
    photo = models.ForeignKey(
        Photo,
        verbose_name=_("photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_updates",
    )
    embed_url = models.URLField(
        _("embed link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("A link to a post or a video (YouTube, Telegram, X, Instagram, VK)."),
    )
    is_pinned = models.BooleanField(
        _("key point"), default=False, help_text=_("Pinned at the top of the page.")
    )
    correction = models.TextField(
        _("correction"),
        blank=True,
        help_text=_("What was wrong and what is right now. Readers see it under the update."),
    )
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        indexes = [
            # The page's list and the poll: one piece's updates, newest first.
            models.Index(fields=["article", "-posted_at", "-id"], name="live_update_newest"),
        ]
        verbose_name = _("live update")
        verbose_name_plural = _("live updates")

    def __str__(self) -> str:
        return self.title or plain_text(self.body)[:60] or f"#{self.pk}"

    def save(self, *args, **kwargs):
        self.body = sanitize_body(self.body)
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"

    @property
    def embed_html(self) -> str:
        """The embed link as the body's sanitizer makes it: a provider's block where it
        knows the provider, else a plain link."""
        if not self.embed_url:
            return ""
        return sanitize_body(f"<p>{escape(self.embed_url)}</p>")
