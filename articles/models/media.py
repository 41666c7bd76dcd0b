import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.i18n import content_language
from articles.media.uploads import ReencodedImageField, photo_upload_to
from articles.media.validators import validate_image_upload
from articles.models.languages import PerLanguage, Worded

# What agencies print before a credit, per content language («Фото: ТАСС»): the language of
# the piece, not of the desk's interface, so a table rather than a catalogue entry.
CREDIT_LABELS = {"ru": "Фото", "kk": "Сурет", "en": "Photo"}
# A photo label the credit already carries ("Фото: ТАСС"), which a page may replace by its own.
CREDIT_LABEL = re.compile(r"^\s*(фото|photo|сурет|foto)\s*:\s*", re.IGNORECASE)
# A credit that starts with a label of its own kind ("Фото пресс-службы", "Скриншот видео",
# "Photo by Reuters"): printed as written in its own language.
OWN_LABEL = re.compile(
    r"^\s*(фото|photo|сурет|foto|скриншот|screenshot|кадр|коллаж|collage|иллюстрация|"
    r"illustration|инфографика|infographic|бейнеден|видео|video)\b",
    re.IGNORECASE,
)


class Photo(PerLanguage):
    """An image in the media library, with its caption and credit kept apart, each written
    per language (articles/models/languages.py): an English page never passes a Russian
    caption off as its own."""

    LANGUAGE_FIELDS = ("caption", "credit", "alt_text")

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
    caption_ru = models.CharField(
        _("caption (Russian)"),
        max_length=300,
        blank=True,
        help_text=_("Who or what is in the picture, e.g. “Financier Rassul Rysmambetov”."),
    )
    caption_kk = models.CharField(_("caption (Kazakh)"), max_length=300, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    credit_ru = models.CharField(
        _("credit (Russian)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who made the photo or where it was taken from, e.g. “facebook.com/rassul.rysmambetov”."
            " Pages print it after “Photo:” in their language."
        ),
    )
    credit_kk = models.CharField(_("credit (Kazakh)"), max_length=200, blank=True)
    credit_en = models.CharField(_("credit (English)"), max_length=200, blank=True)
    alt_text_ru = models.CharField(
        _("alternative text (Russian)"),
        max_length=300,
        blank=True,
        help_text=_("Describes the picture for readers who cannot see it."),
    )
    alt_text_kk = models.CharField(_("alternative text (Kazakh)"), max_length=300, blank=True)
    alt_text_en = models.CharField(_("alternative text (English)"), max_length=300, blank=True)
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
    # Made with Pillow when the photo is saved (articles.media.images): WebP and JPEG, a few widths.
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
        label = (
            self.with_fallback("caption").text
            or self.with_fallback("alt_text").text
            or self.image.name
        )
        credit = self.with_fallback("credit").text
        return f"{label} — {credit}" if credit else label

    def caption_in(self, language: str) -> str:
        """The caption written for `language`'s readers; "" if none (never another's)."""
        return self.in_language("caption", language)

    def alt_in(self, language: str) -> Worded:
        """Alt text for `language`, else another language's (a picture must have one)."""
        return self.with_fallback("alt_text", language)

    def credit_in(self, language: str) -> Worded:
        """The credit for `language`, else another language's (a photo is never printed
        uncredited)."""
        return self.with_fallback("credit", language)

    def credit_parts(self, language: str) -> tuple[str, Worded]:
        """The label `language`'s page prints before the credit ("" when the credit carries
        a label of its own in that language), and the credit."""
        language = content_language(language)
        credit = self.credit_in(language)
        if not credit:
            return "", credit
        if credit.language == language and OWN_LABEL.match(credit.text):
            return "", credit  # "Фото: ТАСС", "Скриншот видео" on a Russian page: as written
        # A label in another language is replaced by this page's ("Фото: ТАСС" on /en/).
        name = Worded(CREDIT_LABEL.sub("", credit.text) or credit.text, credit.language)
        return f"{CREDIT_LABELS.get(language, CREDIT_LABELS['en'])}: ", name

    def credit_name(self, language: str) -> str:
        """Who made it, without any label: “ТАСС” for “Фото: ТАСС”."""
        credit = self.credit_in(language).text
        return CREDIT_LABEL.sub("", credit) or credit

    def credit_line(self, language: str) -> str:
        """The credit as printed, in plain text: “Photo: ТАСС” on an English page."""
        label, credit = self.credit_parts(language)
        return f"{label}{credit.text}"

    @property
    def largest_jpeg(self) -> dict | None:
        """The widest JPEG rendition (for feeds, cards and structured data), if made."""
        jpegs = [r for r in self.renditions if r["format"] == "jpeg"]
        return max(jpegs, key=lambda r: r["width"]) if jpegs else None
