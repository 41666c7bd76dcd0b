"""Load the demo newsroom from its data files (articles/demo/files.py) through the models
and services, as any piece is saved: photo renditions and search rows are real. Safe to run
again: a piece whose slug exists in its language, or a photo with the same caption and credit,
is left alone."""

import io
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles import services
from articles.demo.files import load_data
from articles.demo.images import demo_image
from articles.models import (
    Article,
    Author,
    Byline,
    GalleryPhoto,
    LiveUpdate,
    Photo,
    Section,
    Story,
    Tag,
)
from articles.text.slugs import latin_slug


def per_language(field: str, item: dict, column: str = "") -> dict[str, str]:
    """item["title"] == {"ru": "…", "en": "…"} as columns: {"title_ru": "…", "title_en": "…"}."""
    return {f"{column or field}_{code}": text for code, text in item.get(field, {}).items()}


def load() -> int:
    """Create what the data holds and the database lacks; return how many articles were added."""
    shared, pieces = load_data()
    lookups = {
        "sections": {slug: section(item) for slug, item in shared["sections"].items()},
        "tags": {
            slug: Tag.objects.get_or_create(slug=slug, defaults=per_language("name", item))[0]
            for slug, item in shared["tags"].items()
        },
        "authors": {key: author(item) for key, item in shared["authors"].items()},
        "photos": {key: photo(item) for key, item in shared["photos"].items()},
    }
    created, loaded = 0, {}
    for key, story in shared["stories"].items():
        story_row = None
        for language, found in pieces.items():
            if key in found:
                earlier = loaded.get((story.get("earlier"), language))
                article, new = article_for(language, story, found[key], lookups, story_row, earlier)
                story_row, loaded[key, language] = article.story, article
                created += new
    return created


def section(item) -> Section:
    defaults = {**per_language("name", item), "position": item.get("position", 0)}
    return Section.objects.get_or_create(slug=item["slug"], defaults=defaults)[0]


def author(item) -> Author:
    defaults = {"name_latin": item.get("name_latin", ""), **per_language("title", item)}
    defaults |= per_language("bio", item)
    return Author.objects.get_or_create(name=item["name"], defaults=defaults)[0]


def photo(item) -> Photo:
    texts = {**per_language("caption", item), **per_language("credit", item)}
    photo = Photo.objects.filter(**texts).first()
    if photo is None:
        photo = Photo(**texts, **per_language("alt", item, column="alt_text"))
        data = demo_image(tuple(item["image"]["colors"]), item["image"]["label"])
        photo.image.save(f"{latin_slug(item['key']) or 'photo'}.jpg", ContentFile(data), save=False)
        photo.width, photo.height = Image.open(io.BytesIO(data)).size
        services.photo_save(photo=photo)
    return photo


def article_for(language, story, data, lookups, story_row, earlier) -> tuple[Article, int]:
    """The piece, created unless a piece with its slug exists in that language."""
    slug = latin_slug(data["headline"], language=language)
    # A Kazakh piece loaded before its slugs followed the Latin edition has the old one.
    slugs = {slug, latin_slug(data["headline"])}
    if existing := Article.objects.filter(language=language, slug__in=slugs).first():
        return existing, 0
    status, published_at = data.get("status", "published"), data.get("published_at")
    if status == "scheduled":
        status, published_at = Article.Status.PUBLISHED, timezone.now() + timedelta(days=1)
    elif published_at:
        published_at = datetime.fromisoformat(published_at)
    body = "".join(f"<p>{paragraph}</p>" for paragraph in data["body"])
    article = Article(
        **{field: data.get(field, "") for field in ("headline", "lead", "dateline", "source")},
        story=story_row or Story.objects.create(working_title=data["headline"][:200]),
        language=language,
        slug=slug,
        body=body.replace("{earlier_url}", earlier.get_absolute_url()) if earlier else body,
        hero_photo=lookups["photos"].get(story.get("photo")),
        hero_caption=data.get("caption", ""),
        section=lookups["sections"][story["section"]],
        earlier=earlier,
        status=status,
        published_at=published_at,
    )
    article.save()
    # Demo pieces look as if written on their date, not edited today.
    Article.objects.filter(pk=article.pk).update(updated_at=published_at or timezone.now())
    article.tags.set([lookups["tags"][slug] for slug in story.get("tags", [])])
    for position, byline in enumerate(data.get("bylines", [])):
        who = {"author": lookups["authors"][byline["author"]], "role": byline["role"]}
        Byline.objects.create(article=article, position=position, **who)
    for position, key in enumerate(story.get("gallery", []), 1):
        photo = lookups["photos"][key]
        GalleryPhoto.objects.create(article=article, photo=photo, position=position)
    if "live" in data:
        live_page(article, data["live"], lookups)
    return article, 1


def live_page(article: Article, live: dict, lookups) -> None:
    """The piece as a live page, open, with its updates (times on its day, in its zone)."""
    Article.objects.filter(pk=article.pk).update(is_live_page=True)
    authors = [byline.author for byline in article.bylines.all()[:1]]
    for item in live["updates"]:
        hours, minutes = map(int, item["at"].split(":"))
        update = LiveUpdate(
            article=article,
            posted_at=article.published_at.replace(hour=hours, minute=minutes),
            title=item.get("title", ""),
            body=f"<p>{item['body']}</p>" if item.get("body") else "",
            photo=lookups["photos"].get(item.get("photo")),
            embed_url=item.get("embed", ""),
            is_pinned=item.get("pinned", False),
        )
        update.save()
        update.authors.set(authors)
