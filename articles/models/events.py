import reversion
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleEvent(models.Model):
    """One step of a piece through the desk: who moved it, from where to where, and why.

    The desk's audit trail outlives the piece: deleting a piece leaves its steps, with the
    piece's id and headline, and no longer linked (`article` becomes NULL). A deleted piece
    can be recovered under its old id; `article_recover` links its steps to it again.
    PROTECT would make a piece that ever went through review undeletable, which the desk
    needs (and recovery undoes).
    """

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
    )
    # The piece's id and headline when the step was taken, kept after the piece is deleted.
    article_ref = models.PositiveBigIntegerField(_("piece id"), null=True, db_index=True)
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["article", "-created_at"], name="event_article_newest")]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.article_id is not None:
            self.article_ref = self.article_id
            if not self.headline:
                self.headline = self.article.headline
        super().save(*args, **kwargs)


@reversion.register()
class Correction(models.Model):
    """A dated note appended to a published piece, shown to readers under it."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"),
        help_text=_("What was wrong and what is right now, or what is new. Readers see it."),
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"
