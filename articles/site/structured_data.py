"""schema.org JSON-LD and OpenGraph/Twitter data for article, section and author pages."""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import default_storage
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import ngettext

from articles.i18n import content_language, hreflang, reader_language
from articles.models import Article, Byline
from articles.text.plain import plain_text_of_clean

# Where each byline role goes in schema.org's CreativeWork.
ROLE_PROPERTY = {
    Byline.Role.AUTHOR: "author",
    Byline.Role.CORRESPONDENT: "author",
    Byline.Role.PHOTOGRAPHER: "contributor",
    Byline.Role.TRANSLATOR: "translator",
    Byline.Role.EDITOR: "editor",
}
OG_LOCALES = {"ru": "ru_RU", "kk": "kk_KZ", "en": "en_US"}
LOGO = {"path": "newsroom/logo.png", "width": 600, "height": 60}


def og_locale(reader_language: str) -> str | None:
    """OpenGraph's locale of a page in `reader_language`: its own if it has one, else that
    of the language whose pieces it shows (the Latin edition shows the Kazakh ones)."""
    return OG_LOCALES.get(reader_language) or OG_LOCALES.get(content_language(reader_language))


def hero_image(article: Article, base: str) -> dict | None:
    """The largest JPEG rendition of the hero photo (or the original), absolute."""
    photo = article.hero_photo
    if photo is None or not photo.image:
        return None
    return photo_image(photo, language=article.language, caption=article.caption, base=base)


def photo_image(photo, *, language: str, caption: str, base: str) -> dict:
    """A photo as a piece in `language` shows it: its largest JPEG rendition (or the
    original), absolute, with the piece's `caption` for it, alt text and credit.

    The alt text is `language`'s only ("" if none): meta tags and JSON-LD cannot say that a
    text is in another language, as a page's lang="ru" does, so another language's alt
    text is left out rather than passed off as the page's (og:image:alt then says the
    caption, or is left out)."""
    best = photo.largest_jpeg
    if best:
        url, width, height = default_storage.url(best["name"]), best["width"], best["height"]
    else:
        url, width, height = photo.image.url, photo.width, photo.height
    return {
        "url": urljoin(base, url),
        "width": width,
        "height": height,
        "alt": photo.in_language("alt_text", language),
        "caption": caption,
        "credit": photo.credit_line(language),
        "creator": photo.credit_name(language),
    }


def image_object(image: dict) -> dict:
    """schema.org ImageObject of an image (`photo_image`), with the credit Google Images
    shows (creditText, creator, copyrightNotice)."""
    return {
        "@type": "ImageObject",
        "url": image["url"],
        "contentUrl": image["url"],
        "width": image["width"],
        "height": image["height"],
        "caption": image["caption"] or image["alt"],
        "creditText": image["credit"],
        "creator": {"@type": "Person", "name": image["creator"]},
        "copyrightNotice": image["credit"],
    }


def image_gallery(article: Article, gallery: list, url: str, base: str) -> dict:
    """schema.org ImageGallery of a piece's gallery (`Article.gallery_rows`), as a part of
    the piece: each photo an ImageObject, in the readers' order."""
    language = article.language
    media = []
    for number, row in enumerate(gallery, start=1):
        if not row.photo.image:
            continue
        image = photo_image(row.photo, language=language, caption=row.reader_caption, base=base)
        media.append({**image_object(image), "position": number})
    count = len(media)
    return {
        "@type": "ImageGallery",
        "@id": f"{url}#gallery",
        "url": f"{url}#gallery",
        "name": ngettext("Gallery (%(counter)s photo)", "Gallery (%(counter)s photos)", count)
        % {"counter": count},
        "inLanguage": _in_language(article),
        "associatedMedia": media,
    }


def publisher(base: str) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": urljoin(base, "/"),
        "logo": {
            "@type": "ImageObject",
            "url": urljoin(base, static(LOGO["path"])),
            "width": LOGO["width"],
            "height": LOGO["height"],
        },
    }


def news_article(
    article: Article,
    versions: list[Article],
    base: str,
    *,
    tags: list | None = None,
    bylines: list | None = None,
    image: dict | None = None,
    gallery: list | None = None,
) -> dict:
    """schema.org NewsArticle for `article`; `versions` are its published language versions.

    `tags`, `bylines`, `image` (`hero_image`) and `gallery` (`Article.gallery_rows`): pass
    them if already read, to save reading them again. A gallery is the piece's part
    (`hasPart`), an ImageGallery; `image` stays the hero photo, the piece's representative
    image (what Google shows for the piece)."""
    url = urljoin(base, article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.headline,
        "description": article.seo_description or article.lead,
        "inLanguage": _in_language(article),
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.last_modified.isoformat(),
        "isAccessibleForFree": True,
        "publisher": publisher(base),
        "wordCount": article.word_count,
    }
    if article.section:
        data["articleSection"] = article.section.name
    keywords = [tag.name for tag in (article.tags.all() if tags is None else tags)]
    if keywords:
        data["keywords"] = keywords
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    for byline in article.bylines.all() if bylines is None else bylines:
        person = {
            "@type": "Person",
            "name": byline.reader_name,
            "url": urljoin(base, byline.author.get_absolute_url()),
            "jobTitle": str(byline.get_role_display()),
        }
        data.setdefault(ROLE_PROPERTY[byline.role], []).append(person)
    image = hero_image(article, base) if image is None else image
    if image:
        data["image"] = image_object(image)
    gallery = article.gallery_rows() if gallery is None else gallery
    if gallery:
        data["hasPart"] = image_gallery(article, gallery, url, base)
    original = next((v for v in versions if v.language == settings.LANGUAGE_CODE), None)
    others = [v for v in versions if v.pk != article.pk]
    if original is None or original.pk == article.pk:
        if others:
            data["workTranslation"] = [
                {"@type": "NewsArticle", "@id": urljoin(base, v.get_absolute_url()),
                 "inLanguage": _in_language(v)}
                for v in others
            ]  # fmt: skip
    else:
        data["translationOfWork"] = {
            "@type": "NewsArticle",
            "@id": urljoin(base, original.get_absolute_url()),
            "inLanguage": _in_language(original),
        }
    return data


def _in_language(article: Article) -> str:
    """The BCP 47 code of a piece as this page links it: kk-Latn in the Latin edition."""
    return hreflang(reader_language(article.language))


def breadcrumbs(base: str, trail: list[tuple[str, str]]) -> dict:
    """BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": urljoin(base, path)}
            for n, (name, path) in enumerate(trail, start=1)
        ],
    }


def home_crumb() -> tuple[str, str]:
    return settings.NEWSROOM_SITE_NAME, reverse("articles:home")


def live_blog_posting(news: dict, article: Article, updates: list, url: str) -> dict:
    """schema.org LiveBlogPosting for a live page: the piece's NewsArticle data (`news`)
    with the coverage's start and end and its `updates` (those its first page shows) as
    BlogPosting items, each at its anchor on the page."""
    data = {**news, "@type": "LiveBlogPosting"}
    data["coverageStartTime"] = article.published_at.isoformat()
    if article.live_closed_at:
        data["coverageEndTime"] = article.live_closed_at.isoformat()
    newest = max((update.updated_at for update in updates), default=None)
    if newest and newest > article.last_modified:
        data["dateModified"] = newest.isoformat()
    data["liveBlogUpdate"] = [_blog_posting(update, article, url) for update in updates]
    return data


def _blog_posting(update, article: Article, url: str) -> dict:
    text = plain_text_of_clean(update.body)  # sanitized on save
    item = {
        "@type": "BlogPosting",
        "@id": f"{url}#{update.anchor}",
        "url": f"{url}#{update.anchor}",
        "headline": update.title or text[:110] or article.headline,
        "articleBody": text,
        "datePublished": update.posted_at.isoformat(),
        "dateModified": update.updated_at.isoformat(),
    }
    authors = getattr(update, "author_list", None)
    if authors is None:
        authors = list(update.authors.all())
    if authors:
        language = article.language
        item["author"] = [{"@type": "Person", "name": a.display_name(language)} for a in authors]
    return item
