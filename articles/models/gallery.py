import reversion
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models.media import Photo


@reversion.register()
class GalleryPhoto(models.Model):
    """One library photo in a piece's gallery, in order, with an optional caption written for
    this piece. Part of the piece: saved, versioned (django-reversion follows it from the
    Article), restored and recovered with it; whoever may edit the piece may edit its gallery.

    A photo in a gallery cannot be deleted (PROTECT), as a hero photo cannot: the desk is told
    which pieces show it."""

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="gallery",
    )  # fmt: skip
    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="in_galleries"
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Readers see the photos from the lowest number up.")
    )
    caption = models.CharField(
        _("caption for this story"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to use the photo's own caption."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("gallery photo")
        verbose_name_plural = _("gallery photos")
        constraints = [
            # Its index (article first) serves reading a piece's gallery too.
            models.UniqueConstraint(fields=["article", "photo"], name="gallery_photo_once")
        ]

    def __str__(self) -> str:
        return gettext("%(photo)s, in the gallery of “%(headline)s”") % {
            "photo": self.photo,
            "headline": self.article.headline,
        }

    @property
    def reader_caption(self) -> str:
        """This piece's caption for the photo, else the photo's caption in the piece's
        language; never another language's (as for the hero photo: `Article.caption`)."""
        if self.caption:
            return self.caption
        return self.photo.caption_in(self.article.language)
