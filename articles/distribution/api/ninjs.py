"""Articles as IPTC ninjs 3.1 items (https://www.iptc.org/std/ninjs/), for partner newsrooms.

ninjs 3.x names properties in camelCase (`firstCreated`, `pubStatus`, `altIds`) and keeps
headlines, descriptions and bodies in arrays of `{role, contentType, value}` objects. Every
property below is one the 3.1 schema defines; the schema forbids any other.

A withdrawn piece stays reachable by its uri and id, and comes in a "changes since"
listing, as a kill notice (`kill_notice`: pubStatus canceled or withheld, no text), so a
partner polling the feed learns that it must take the piece down.

`article_item` reads only what `selectors.partner_pieces()` has loaded (section, photo,
bylines with their authors, tags, the gallery with its photos): no query per item;
`kill_notice` only what `selectors.withdrawn_pieces()` has (KILL_NOTICE_FIELDS).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from articles.i18n import LATIN_EDITIONS, hreflang
from articles.models import Article, Photo
from articles.text import embeds
from articles.text.kazakh_latin import to_latin, to_latin_html
from articles.text.plain import plain_text

NINJS_STANDARD = {
    "name": "ninjs",
    "version": "3.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
}
URN = "urn:newsroom"
CONTENT_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg"}

# Site-relative links and images in a body (/media/uploads/…), to be made absolute for
# partners. The sanitizer writes attributes double-quoted.
_RELATIVE_URL = re.compile(r'(?P<attr>\b(?:src|href))="(?P<path>/(?!/)[^"]*)"')

Absolute = Callable[[str], str]  # a site path → an absolute URL (site_address.absolute)


def article_item(article: Article, *, absolute: Absolute, edition: str = "") -> dict:
    """One published article as a ninjs 3.1 text item; in a Latin `edition` of its language
    (kk-latn), written in that alphabet, with that edition's language and address."""
    if edition:
        return _in_latin(article_item(article, absolute=absolute), article, edition, absolute)
    language = article.language
    gallery = list(article.gallery.all())
    item: dict = {
        "uri": f"{URN}:article:{article.pk}",
        "standard": NINJS_STANDARD,
        "type": "text",
        "representationType": "full",
        "profile": "text-photo" if article.hero_photo_id or gallery else "text-only",
        "firstCreated": _datetime(article.published_at),
        "version": _version(article.last_modified),
        "versionCreated": _datetime(article.last_modified),
        "pubStatus": "usable",
        "language": hreflang(language),
        "slugline": article.slug,
        "headlines": [{"role": "main", "contentType": "text/plain", "value": article.headline}],
        "descriptions": [{"role": "summary", "contentType": "text/plain", "value": article.lead}],
    }
    if article.body:
        text = plain_text(article.body)
        item["bodies"] = [
            {
                "role": "main",
                "contentType": "text/html",
                "charCount": len(text.replace("\n", "")),
                "wordCount": len(text.split()),
                # An embed as its link alone on its line: partners embed it their own way.
                "value": _absolute_links(embeds.as_links(article.body), absolute),
            }
        ]

    bylines = list(article.bylines.all())
    if bylines:
        names = [byline.author.display_name(language) for byline in bylines]
        item["by"] = ", ".join(dict.fromkeys(names))
        item["people"] = [
            {
                "name": name,
                "rel": byline.role,
                "uri": f"{URN}:author:{byline.author.slug}",
                "literal": byline.author.slug,
            }
            for byline, name in zip(bylines, names, strict=True)
        ]

    subjects = [("section", article.section)] if article.section else []
    subjects += [("tag", tag) for tag in article.tags.all()]
    if subjects:
        item["subjects"] = [
            {
                "name": _name_in(term, language),
                "rel": "about",
                "uri": f"{URN}:{kind}:{term.slug}",
                "literal": term.slug,
            }
            for kind, term in subjects
        ]
    if article.dateline:
        item["located"] = article.dateline
    if article.source:
        item["infoSources"] = [{"name": article.source, "role": "source"}]
    item["altIds"] = [{"role": "url", "value": absolute(article.url_in(language))}]
    associations = []
    if article.hero_photo:
        associations.append(
            _picture(
                article.hero_photo,
                language=article.language,
                caption=article.caption,
                absolute=absolute,
            )
        )
    for number, row in enumerate(gallery, start=1):  # the gallery, in the readers' order
        associations.append(
            _picture(
                row.photo,
                language=article.language,
                caption=row.reader_caption,
                absolute=absolute,
                name=f"gallery-{number}",
                rel="gallery",
            )
        )
    if associations:
        item["associations"] = associations
    return item


def kill_notice(article: Article, *, absolute: Absolute, edition: str = "") -> dict:
    """A withdrawn piece as ninjs says a partner must stop using it: `pubStatus` "canceled"
    (withdrawn), or "withheld" while it is reworked after a withdrawal (it may come back),
    with a newer `version` and `versionCreated` (the withdrawal) than any usable version.

    Only what identifies the item goes out: uri and language. Not its former address, whose
    slug spells the headline's words; no headline, lead, body or picture: readers may no
    longer see them, so nobody is sent them. A partner of the Latin edition (`edition`
    "kk-latn") is told in the language it was sent the piece in."""
    return {
        "uri": f"{URN}:article:{article.pk}",
        "standard": NINJS_STANDARD,
        "type": "text",
        "representationType": "partial",
        "version": _version(article.updated_at),
        "firstCreated": _datetime(article.published_at),
        "versionCreated": _datetime(article.updated_at),
        "pubStatus": "canceled" if article.status == Article.Status.WITHDRAWN else "withheld",
        "language": hreflang(edition or article.language),
    }


def _version(moment: datetime) -> str:
    """An item's version: the milliseconds of its versionCreated since 1970, so a later
    version (an edit, a withdrawal) always has a greater number."""
    return str(int(moment.timestamp() * 1000))


# Names and addresses, never words: kept as they are in a Latin edition.
_IDENTIFIERS = frozenset({"uri", "literal", "href", "slugline", "contentType", "role", "rel"})


def _in_latin(item, article: Article, edition: str, absolute: Absolute):
    """`item` (a ninjs item, or a part of it) with its text in `edition`'s alphabet: plain
    text transliterated, HTML bodies as the edition's pages are (links kept)."""
    if isinstance(item, list):
        return [_in_latin(part, article, edition, absolute) for part in item]
    if isinstance(item, str):
        return to_latin(item)
    if not isinstance(item, dict):
        return item
    latin = {}
    for key, value in item.items():
        if key in _IDENTIFIERS or key == "standard":
            latin[key] = value
        elif key == "value" and item.get("contentType") == "text/html":
            latin[key] = to_latin_html(value)
        else:
            latin[key] = _in_latin(value, article, edition, absolute)
    if "language" in latin:  # the item itself, not one of its parts
        latin["language"] = hreflang(edition)
        latin["altIds"] = [{"role": "url", "value": absolute(article.url_in(edition))}]
    return latin


def latin_edition(language: str) -> str:
    """`language` if it is a Latin edition (kk-latn), else ""."""
    return language if language in LATIN_EDITIONS else ""


def _picture(
    photo: Photo,
    *,
    language: str,
    caption: str,
    absolute: Absolute,
    name: str = "hero",
    rel: str = "hero",
) -> dict:
    """A photo as an associated picture item: caption, credit, its renditions. The hero
    photo is named and related as "hero"; a gallery's are "gallery-1", "gallery-2"... with
    rel "gallery".

    Texts are the piece's language's: the caption only if written in it; the alt text and
    credit, if not, another language's, said in the description's `lang`.

    Only the renditions are offered, never the uploaded original: they carry no camera
    metadata (GPS included). A photo saved before renditions existed has none to offer yet.
    """
    picture: dict = {
        "name": name,
        "rel": rel,
        "uri": f"{URN}:photo:{photo.pk}",
        "type": "picture",
    }
    alt = photo.alt_in(language)
    descriptions = [
        {"role": "caption", "contentType": "text/plain", "value": caption},
        {"role": "alt", "contentType": "text/plain", "value": alt.text},
    ]
    if alt.language and alt.language != language:
        descriptions[1]["lang"] = alt.language
    picture["descriptions"] = [d for d in descriptions if d["value"]]
    if photo.credit_in(language):
        picture["by"] = photo.credit_line(language)
    if photo.renditions:
        storage = photo.image.storage
        picture["renditions"] = [
            {
                "name": f"{rendition['format']}-{rendition['width']}w",
                "href": absolute(storage.url(rendition["name"])),
                "contentType": CONTENT_TYPES.get(rendition["format"], "application/octet-stream"),
                "width": rendition["width"],
                "height": rendition["height"],
            }
            for rendition in photo.renditions
        ]
    return picture


def _datetime(moment: datetime) -> str:
    """ISO 8601 with the offset, in the newsroom's time zone (Asia/Almaty: +05:00)."""
    return timezone.localtime(moment).isoformat()


def _name_in(term, language: str) -> str:
    """A section's or tag's name in `language`, falling back to Russian like the site does."""
    return getattr(term, f"name_{language}", "") or term.name_ru


def _absolute_links(html: str, absolute: Absolute) -> str:
    return _RELATIVE_URL.sub(lambda m: f'{m["attr"]}="{absolute(m["path"])}"', html)
