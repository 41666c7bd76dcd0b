"""What a piece's language still lacks, for the desk: text copied from another language
version and not translated yet, and what its photos (hero and gallery) and authors have not
written in it.

Readers never get another language's text passed off as theirs (articles/models/languages.py:
a missing caption, position or biography is left out, a stand-in credit or alt text is marked
with `lang`); these notes make each gap visible to the desk, on "Translate into" and on the
article's form, until it is filled.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article

# What "Translate into" copies, in the form's order.
COPIED_FIELDS = ("headline", "lead", "body", "dateline", "source", "hero_caption",
                 "seo_title", "seo_description")  # fmt: skip
# Labels of the per-language texts of photos and authors.
LANGUAGE_FIELD_LABELS = {
    "caption": _("caption"),
    "credit": _("credit"),
    "alt_text": _("alternative text"),
    "title": _("position"),
    "bio": _("biography"),
}


# Places Russian and Kazakh write letter for letter alike. A dateline the same as the source
# version's counts as translated only when it names such places: «Астана» is, «Костанай»
# (Kazakh: Қостанай), «Караганда» (Қарағанды), «Бишкек» (Бішкек), «Москва» (Мәскеу) are
# not. A place missing here is listed for the editor to check, never passed over: a note
# too many costs a look, a missed one leaves readers another language's spelling.
SPELT_ALIKE_IN_RUSSIAN_AND_KAZAKH = frozenset(
    [
        "астана",
        "алматы",
        "шымкент",
        "тараз",
        "атырау",
        "павлодар",
        "семей",
        "риддер",
        "степногорск",
        "рудный",
        "ташкент",
        "душанбе",
        "ашхабад",
        "баку",
        "тбилиси",
        "ереван",
        "минск",
        "анкара",
        "токио",
        "сеул",
        "дубай",
        "лондон",
        "париж",
        "берлин",
        "вена",
        "рим",
        "мадрид",
        "прага",
        "варшава",
        "женева",
        "брюссель",
        "вашингтон",
        "нью-йорк",
        "новосибирск",
        "екатеринбург",
        "санкт-петербург",
    ]
)
_PLACES = re.compile(r"\s*(?:[,;/–—]|\s-\s)\s*")


def spelt_alike_in_russian_and_kazakh(dateline: str) -> bool:
    """Whether `dateline` names only places Russian and Kazakh spell alike ("Астана",
    "Алматы — Астана"), so the same words are right in both versions."""
    places = [p for p in _PLACES.split(dateline.strip().strip(".").casefold()) if p]
    return bool(places) and all(
        place.replace("ё", "е") in SPELT_ALIKE_IN_RUSSIAN_AND_KAZAKH for place in places
    )


def language_name(code: str) -> str:
    return str(dict(settings.NEWSROOM_CONTENT_LANGUAGES).get(code, code))


def _labels(names) -> str:
    return ", ".join(str(LANGUAGE_FIELD_LABELS.get(name, name)) for name in names)


def untranslated_fields(article: Article) -> dict[str, list[str]]:
    """Language of another version of the story → fields of `article` still the same as
    that version's, word for word (so still in that language: copied and not translated).

    Only versions made before this one count: a translation is copied from an earlier
    version, never the other way round, so the original is not called a copy of its
    untranslated translation."""
    if article.pk is None or article.story_id is None:
        return {}
    others = (
        Article.objects.filter(story_id=article.story_id)
        .exclude(pk=article.pk)
        .exclude(language=article.language)
        .filter(pk__lt=article.pk)  # made before it: what it may have been copied from
        .order_by("id")  # the original first
        .values("language", *COPIED_FIELDS)
    )
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    for other in others:
        for name in COPIED_FIELDS:
            value = getattr(article, name)
            if (
                name == "dateline"
                and {article.language, other["language"]} == {"ru", "kk"}
                and spelt_alike_in_russian_and_kazakh(value)
            ):
                continue  # «Астана» is right in both; «Костанай» is not Kazakh (Қостанай)
            if name not in seen and value and value == other[name]:
                found.setdefault(other["language"], []).append(name)
                seen.add(name)
    return found


def photo_gaps(article: Article) -> list[str]:
    """The hero photo's texts not written in the piece's language (its caption only when
    the piece has no caption of its own)."""
    photo = article.hero_photo if article.hero_photo_id else None
    if photo is None:
        return []
    missing = photo.missing_in(article.language)
    if article.hero_caption:
        missing = [name for name in missing if name != "caption"]
    return missing


def gallery_gaps(article: Article) -> list[tuple[int, list[str]]]:
    """Each gallery photo (by its number in the gallery) with the texts not written in the
    piece's language (its caption only when the piece has no caption of its own for it)."""
    if article.pk is None:
        return []
    gaps = []
    for number, row in enumerate(article.gallery_rows(), start=1):
        missing = row.photo.missing_in(article.language)
        if row.caption:
            missing = [name for name in missing if name != "caption"]
        if missing:
            gaps.append((number, missing))
    return gaps


def author_gaps(article: Article) -> list[tuple[object, list[str]]]:
    """Each byline's author with the texts not written in the piece's language."""
    if article.pk is None:
        return []
    authors = {b.author_id: b.author for b in article.bylines.select_related("author")}
    gaps = [(author, author.missing_in(article.language)) for author in authors.values()]
    return [(author, missing) for author, missing in gaps if missing]


def desk_notes(article: Article) -> list[str]:
    """What the desk should hear about the piece's language, one sentence per gap."""
    notes = []
    for language, names in untranslated_fields(article).items():
        labels = ", ".join(str(Article._meta.get_field(name).verbose_name) for name in names)
        notes.append(
            gettext("Copied from the “%(language)s” version and not yet translated: %(fields)s.")
            % {"language": language_name(language), "fields": labels}
        )
    language = language_name(article.language)
    missing = photo_gaps(article)
    if missing:
        notes.append(
            gettext(
                "The hero photo has no %(fields)s in this piece's language (%(language)s): "
                "readers get no caption, and another language's credit or alternative text, "
                "marked as such. Add them in the photo's form."
            )
            % {"fields": _labels(missing), "language": language}
        )
    for number, missing in gallery_gaps(article):
        notes.append(
            gettext(
                "Gallery photo %(number)s has no %(fields)s in this piece's language "
                "(%(language)s): readers get no caption, and another language's credit or "
                "alternative text, marked as such. Add them in the photo's form."
            )
            % {"number": number, "fields": _labels(missing), "language": language}
        )
    for author, missing in author_gaps(article):
        notes.append(
            gettext(
                "%(author)s has no %(fields)s in this piece's language (%(language)s): the "
                "author page in it leaves them out. Add them in the author's form."
            )
            % {"author": author.name, "fields": _labels(missing), "language": language}
        )
    return notes


__all__ = [
    "author_gaps",
    "desk_notes",
    "gallery_gaps",
    "photo_gaps",
    "spelt_alike_in_russian_and_kazakh",
    "untranslated_fields",
]
