from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadCount(models.Model):
    """How many readers read a piece in one clock hour (UTC): the "Most read" block's counts
    where there is no Redis (articles/reading.py). No reader, address or hash is stored: a
    reader counts once per piece per hour, and that is decided in the cache, which forgets.
    Rows older than KEEP_HOURS are pruned as counts are ranked."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="read_counts"
    )
    language = models.CharField(_("language"), max_length=10)  # the piece's, for the ranking
    hour = models.DateTimeField(_("hour"))
    count = models.PositiveIntegerField(_("reads"), default=0)

    class Meta:
        ordering = ["-hour", "-count"]
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="read_count_per_hour")
        ]
        indexes = [models.Index(fields=["language", "hour"], name="read_count_language_hour")]
        verbose_name = _("read count")
        verbose_name_plural = _("read counts")

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}:00 — {self.count}"
