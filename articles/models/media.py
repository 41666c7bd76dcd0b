from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..uploads import ReencodedImageField, photo_upload_to
from ..validators import validate_image_upload


class Photo(models.Model):
    """An image in the media library, with its caption and credit kept apart."""

    image = ReencodedImageField(
        _("image"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG, WebP or GIF, up to 15 MB and 40 megapixels."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Who or what is in the picture, e.g. “Financier Rassul Rysmambetov”."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        help_text=_(
            "Who made the photo or where it was taken from, "
            "e.g. “Photo: facebook.com/rassul.rysmambetov”."
        ),
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        help_text=_("Describes the picture for readers who cannot see it."),
    )
    focal_x = models.FloatField(
        _("focal point, across"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the left edge, 1 the right; crops for cards keep this point."),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    # Made with Pillow when the photo is saved (articles.images): WebP and JPEG, a few widths.
    renditions = models.JSONField(_("renditions"), default=list, blank=True, editable=False)
    card_renditions = models.JSONField(
        _("card renditions"), default=list, blank=True, editable=False
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["-uploaded_at", "-id"], name="photo_newest_first")]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        label = self.caption or self.alt_text or self.image.name
        return f"{label} — {self.credit}" if self.credit else label

    @property
    def largest_jpeg(self) -> dict | None:
        """The widest JPEG rendition (for feeds, cards and structured data), if made."""
        jpegs = [r for r in self.renditions if r["format"] == "jpeg"]
        return max(jpegs, key=lambda r: r["width"]) if jpegs else None
