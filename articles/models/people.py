import reversion
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.media.uploads import ReencodedImageField, portrait_upload_to
from articles.media.validators import validate_image_upload
from articles.models.languages import PerLanguage
from articles.text.links import slug_url
from articles.text.slugs import free_slug, latin_slug


class Author(PerLanguage):
    """A person who appears in bylines: staff reporter, correspondent, photographer...

    Position and biography are written per language; a page in a language without them
    shows neither (articles/models/languages.py).
    """

    LANGUAGE_FIELDS = ("title", "bio")

    name = models.CharField(_("name"), max_length=150, help_text=_("As printed in the byline."))
    name_latin = models.CharField(
        _("name in Latin script"),
        max_length=150,
        blank=True,
        help_text=_("Used on the English site, e.g. “Danira Iskakova”."),
    )
    slug = models.SlugField(
        _("slug"),
        unique=True,
        max_length=160,
        blank=True,
        help_text=_("Part of the author page's URL. Leave empty to make it from the name."),
    )
    title_ru = models.CharField(
        _("position (Russian)"),
        max_length=150,
        blank=True,
        help_text=_("Job title shown on the author page, e.g. “Correspondent in Astana”."),
    )
    title_kk = models.CharField(_("position (Kazakh)"), max_length=150, blank=True)
    title_en = models.CharField(_("position (English)"), max_length=150, blank=True)
    bio_ru = models.TextField(_("biography (Russian)"), blank=True)
    bio_kk = models.TextField(_("biography (Kazakh)"), blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    portrait = ReencodedImageField(
        _("portrait"),
        upload_to=portrait_upload_to,
        blank=True,
        validators=[validate_image_upload],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text=_("Link a byline to the account of the person who writes under it."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = latin_slug(self.name_latin or self.name) or "author"
            self.slug = free_slug(base, Author.objects.exclude(pk=self.pk))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("articles:author", self.slug)

    @property
    def title(self) -> str:
        """The position, for readers of the page's language ("" if not written in it)."""
        return self.in_language("title")

    @property
    def bio(self) -> str:
        """The biography, for readers of the page's language ("" if not written in it)."""
        return self.in_language("bio")

    def display_name(self, language: str) -> str:
        if language == "en" and self.name_latin:
            return self.name_latin
        return self.name


@reversion.register()
class Byline(models.Model):
    """One author credited on one article, in a role, in order."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        CORRESPONDENT = "correspondent", _("Correspondent")
        PHOTOGRAPHER = "photographer", _("Photographer")
        TRANSLATOR = "translator", _("Translator")
        EDITOR = "editor", _("Editor")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author", "role"], name="byline_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} ({self.get_role_display()})"

    @property
    def reader_name(self) -> str:
        """The author's name as readers of this article's language see it."""
        return self.author.display_name(self.article.language)
