from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles.text.links import slug_url


class NamedInEveryLanguage(models.Model):
    """A name per site language; `name` picks the reader's language, falling back to Russian."""

    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "ru").split("-")[0]
        return getattr(self, f"name_{language}", "") or self.name_ru


class Section(NamedInEveryLanguage):
    """A rubric of the site: Economy, Politics, Society..."""

    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Latin letters, digits and hyphens; part of the URL.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in this order, smallest first.")
    )

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_absolute_url(self) -> str:
        return slug_url("articles:section", self.slug)


class Tag(NamedInEveryLanguage):
    """A topic that runs across sections: a country, an organisation, an event."""

    slug = models.SlugField(_("slug"), unique=True, max_length=100)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def get_absolute_url(self) -> str:
        return slug_url("articles:tag", self.slug)
