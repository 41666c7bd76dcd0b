"""Writes with consequences: every move of a piece through the desk.

The admin form, the admin actions and any future API call these and nothing else to
change a piece's status. Each checks the workflow's rules (`articles/workflow.py`),
records who did what (an ArticleEvent and a django-reversion revision), and raises
`PermissionDenied` or `TransitionError` with a message a person can act on.
"""

from __future__ import annotations

import secrets
from datetime import datetime

import reversion
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from reversion.models import Version

from articles import signals, workflow
from articles.media.images import CARD_ASPECT, build_renditions
from articles.models import (
    Article,
    ArticleEvent,
    Author,
    Byline,
    Correction,
    GalleryPhoto,
    Photo,
    Section,
    SlugRedirect,
    Story,
    Tag,
)
from articles.models.article import deleting_as
from articles.text import notes
from articles.text.slugs import is_generated_slug, unique_slug
from articles.workflow import Status, TransitionError

__all__ = [
    "TransitionError",
    "article_add_correction",
    "article_publish",
    "article_recover",
    "article_restore",
    "article_return_to_draft",
    "article_save",
    "article_start_translation",
    "article_submit",
    "article_withdraw",
    "photo_save",
    "slug_to_edition_alphabet",
]


def _stored(article: Article) -> dict:
    """The piece as saved, whatever the instance now carries."""
    if article.pk is None:
        return {"status": Status.DRAFT, "published_at": None, "slug": "", "headline": ""}
    return (
        Article.objects.filter(pk=article.pk)
        .values("status", "published_at", "slug", "headline", "language")
        .get()
    )


def _keep_addresses(article: Article, stored: dict) -> None:
    """Slugs follow the headline until a piece is first published; after that an old
    address keeps working (301 to the new one)."""
    if article.pk is None:
        return
    if stored["published_at"] is None:
        if (
            article.slug == stored["slug"]
            and article.headline != stored["headline"]
            and _made_from(stored["slug"], stored["headline"], stored["language"])
        ):
            article.slug = ""  # made again from the new headline on save
        return
    if article.slug != stored["slug"]:
        SlugRedirect.objects.update_or_create(
            language=stored["language"], slug=stored["slug"], defaults={"article": article}
        )
        SlugRedirect.objects.filter(language=article.language, slug=article.slug).delete()


def _made_from(slug: str, headline: str, language: str) -> bool:
    """Whether `slug` was made from `headline`: by today's rule for `language`, or, for a
    Kazakh piece, by the one before its slugs followed the Latin edition (`zhana-jyl`)."""
    return is_generated_slug(slug, headline, language) or is_generated_slug(slug, headline)


@transaction.atomic
def slug_to_edition_alphabet(*, article: Article) -> bool:
    """Give a Kazakh piece whose slug was made from its headline before Kazakh slugs followed
    the Latin edition (`zhana-zhyl`) the slug made now (`jana-jyl`). A piece ever published
    keeps its old address as a permanent redirect; a slug an editor typed is kept. Whether
    the slug changed."""
    if article.language != "kk":
        return False
    if is_generated_slug(article.slug, article.headline, article.language):
        return False  # made by today's rule already
    if not is_generated_slug(article.slug, article.headline):
        return False  # typed by a person
    old = article.slug
    article.slug = unique_slug(article)
    if article.slug == old:
        return False
    stored = _stored(article)
    article.save(update_fields=["slug"])
    # Readers may have seen the old address if the piece was ever published (then it keeps
    # its publication time, whatever its state now).
    if stored["published_at"] is not None:
        SlugRedirect.objects.update_or_create(
            language=article.language, slug=old, defaults={"article": article}
        )
    SlugRedirect.objects.filter(language=article.language, slug=article.slug).delete()
    return True


@transaction.atomic
def article_save(
    *,
    article: Article,
    user,
    to_status: str | None = None,
    when: datetime | None = None,
    comment: str | dict = "",
) -> Article:
    """Save `article` as edited by `user`, moving it to `to_status` if that differs.

    `comment` is what a person typed, or the system's own words as `notes.note(...)`
    (worded for each reader when shown, not in the language of whoever acted).

    Publishing without a time means now; a piece that was already live keeps its time
    unless a new one is given, so an edit does not move it up the home page.
    """
    stored = _stored(article)
    from_status = stored["status"]
    to_status = to_status or article.status
    if not workflow.can_edit(user, article, status=from_status):
        raise PermissionDenied(_("You may not edit this piece in its current state."))
    workflow.check_transition(from_status, to_status)
    if not workflow.may_transition(user, article, from_status, to_status):
        raise PermissionDenied(
            _("Only an editor can make a piece “%(status)s”.") % {"status": Status(to_status).label}
        )
    system_note = comment if isinstance(comment, dict) else None
    comment = "" if system_note else comment.strip()
    if workflow.needs_comment(from_status, to_status) and not (comment or system_note):
        raise TransitionError(_("Say why in the comment: the author and the record need it."))

    if to_status == Status.PUBLISHED:
        was_published = from_status == Status.PUBLISHED
        article.published_at = (
            when or (stored["published_at"] if was_published else None) or timezone.now()
        )
    if article.pk is None and user is not None and user.pk is not None:
        article.created_by = user
    article.status = to_status
    _keep_addresses(article, stored)
    adding = article._state.adding
    with reversion.create_revision():
        article.save()
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        if from_status != to_status or adding:
            reversion.set_comment(
                notes.stored(
                    notes.note(Status(from_status).label),
                    " → ",
                    notes.note(Status(to_status).label),
                    f": {comment}" if comment else "",
                    *((": ", system_note) if system_note else ()),
                )
            )
    if from_status != to_status:
        ArticleEvent.objects.create(
            article=article,
            user=user if user is not None and user.pk else None,
            from_status=from_status,
            to_status=to_status,
            # A person's words, never worded as the system's; the system's, in the reader's.
            comment=notes.stored(system_note) if system_note else notes.typed(comment),
        )
    return article


def article_submit(*, article: Article, user) -> Article:
    """Send a draft to the editors."""
    return article_save(article=article, user=user, to_status=Status.REVIEW)


def article_publish(*, article: Article, user, when: datetime | None = None) -> Article:
    """Release to readers at `when` (now by default; a future time schedules it)."""
    return article_save(article=article, user=user, to_status=Status.PUBLISHED, when=when)


def article_return_to_draft(*, article: Article, user, comment: str) -> Article:
    """Send a piece in review back to its author, saying what to change."""
    return article_save(article=article, user=user, to_status=Status.DRAFT, comment=comment)


def article_withdraw(*, article: Article, user, reason: str | dict) -> Article:
    """Take a published piece off the site; readers get a 404 from now on."""
    return article_save(article=article, user=user, to_status=Status.WITHDRAWN, comment=reason)


def _restore_part(version: Version) -> dict:
    return notes.note(
        gettext_noop("Restored the version of %(date)s by %(user)s"),
        date=notes.when(version.revision.date_created),
        user=str(version.revision.user or "—"),
    )


def restore_note(version: Version) -> str:
    """What the desk log says of a restore: which version, saved when and by whom (stored
    untranslated: `articles.text.notes.shown` words it for each reader)."""
    return notes.stored(_restore_part(version))


@transaction.atomic
def article_restore(*, article: Article, user, version: Version, comment: str = "") -> Article:
    """Save `article`, into which `user` has loaded the text of an earlier `version`.

    A restore is an edit like any other, by the user who makes it: the workflow checks it
    against the stored row (a reporter restores only into their own draft). It never moves
    the piece: status and publication time stay as stored, so a live piece stays live and
    a withdrawn one withdrawn. The gallery comes back as the version had it (its photos
    that still exist); bylines and corrections are not part of it (nothing is deleted).
    The desk log records it, and readers see a live piece's new text at once.
    """
    if version.object_id != str(article.pk) or version.content_type.model_class() is not Article:
        raise PermissionDenied(_("That version belongs to another piece."))
    stored = _stored(article)
    article.status = stored["status"]
    article.published_at = stored["published_at"]
    comment = comment.strip()
    if not workflow.can_edit(user, article, status=stored["status"]):
        raise PermissionDenied(_("You may not edit this piece in its current state."))
    with reversion.create_revision():  # joins the admin's revision when there is one
        _restore_gallery(version, article)  # before the save: its revision follows the rows
        article_save(article=article, user=user, to_status=stored["status"])
        reversion.set_comment(restore_note(version))
    ArticleEvent.objects.create(
        article=article,
        user=user if user is not None and user.pk else None,
        from_status=stored["status"],
        to_status=stored["status"],
        comment=notes.stored(_restore_part(version), f": {comment}" if comment else ""),
    )
    return article


def version_gallery(version: Version) -> list[dict]:
    """The gallery saved with `version` of a piece: its rows' fields, in the readers' order."""
    rows = [
        follower.field_dict
        for follower in version.revision.version_set.exclude(pk=version.pk)
        if follower.content_type.model_class() is GalleryPhoto
    ]
    rows = [row for row in rows if str(row.get("article_id")) == version.object_id]
    return sorted(rows, key=lambda row: (row["position"], row["id"]))


def _restore_gallery(version: Version, article: Article) -> None:
    """The piece's gallery made what `version` saved (photos deleted since are left out);
    untouched when it is the same already."""
    saved = [row for row in version_gallery(version)
             if Photo.objects.filter(pk=row["photo_id"]).exists()]  # fmt: skip
    wanted = [(row["photo_id"], row["position"], row["caption"]) for row in saved]
    current = list(article.gallery.order_by("position", "id")
                   .values_list("photo_id", "position", "caption"))  # fmt: skip
    if wanted == current:
        return
    for row in article.gallery.all():
        row.delete()  # one by one: each is a change readers' pages hear of
    for photo_id, position, caption in wanted:
        GalleryPhoto.objects.create(
            article=article, photo_id=photo_id, position=position, caption=caption
        )


@transaction.atomic
def article_recover(*, version: Version, user) -> Article:
    """Bring a deleted piece back from its last saved `version`, as a draft, with its
    bylines and corrections; editors only.

    It comes back under its old id (its history goes on) but never straight onto the site:
    a draft, without a publication time, for the desk to check and publish again. What it
    pointed to and no longer exists (photo, section, tags, earlier piece, author, its story
    or its story's place in that language) is left out rather than invented.
    """
    if not workflow.may_recover(user):
        raise PermissionDenied(_("Only an editor can recover a deleted piece."))
    if version.content_type.model_class() is not Article:
        raise PermissionDenied(_("That version is not a piece."))
    if Article.objects.filter(pk=version.object_id).exists():
        raise TransitionError(_("This piece was not deleted; restore a version from its history."))
    fields = dict(version.field_dict)
    tag_ids = fields.pop("tags", None) or []
    contributor_ids = fields.pop("live_contributors", None) or []
    article = Article(**fields)
    was = Status(article.status).label if article.status in Status.values else article.status
    was = notes.note(was) if article.status in Status.values else was
    article.status = Status.DRAFT
    article.published_at = None
    for name, model in (
        ("story", Story),
        ("hero_photo", Photo),
        ("section", Section),
        ("earlier", Article),
    ):
        related_id = getattr(article, f"{name}_id")
        if related_id is not None and not model.objects.filter(pk=related_id).exists():
            setattr(article, f"{name}_id", None)
    if Article.objects.filter(story_id=article.story_id, language=article.language).exists():
        article.story_id = None  # its story has this language again: a story of its own
    if Article.objects.filter(language=article.language, slug=article.slug).exists():
        article.slug = ""  # taken since: made again from the headline
    if not get_user_model().objects.filter(pk=article.created_by_id).exists():
        article.created_by_id = None
    with reversion.create_revision():
        article.save(force_insert=True)
        article.tags.set(Tag.objects.filter(pk__in=tag_ids))
        article.live_contributors.set(get_user_model().objects.filter(pk__in=contributor_ids))
        _recover_followers(version, article)
        reversion.set_user(user)
        reversion.set_comment(notes.said(gettext_noop("Recovered after deletion, as a draft")))
    # Its steps through the desk were kept when it was deleted: its trail goes on.
    ArticleEvent.objects.filter(article__isnull=True, article_ref=article.pk).update(
        article=article
    )
    ArticleEvent.objects.create(
        article=article,
        user=user,
        from_status="",
        to_status=Status.DRAFT,
        comment=notes.said(
            gettext_noop("Recovered after deletion (it was “%(status)s”)"), status=was
        ),
    )
    return article


def _recover_followers(version: Version, article: Article) -> None:
    """The bylines, gallery photos and corrections saved with `version`, as new rows of
    `article` (a byline whose author or a gallery row whose photo is gone is left out)."""
    for follower in version.revision.version_set.exclude(pk=version.pk):
        model = follower.content_type.model_class()
        if model not in (Byline, Correction, GalleryPhoto):
            continue
        fields = {**follower.field_dict, "id": None}
        if fields.get("article_id") != article.pk:
            continue
        row = model(**fields)
        if model is Byline:
            if Author.objects.filter(pk=row.author_id).exists():
                row.save()
            continue
        if model is GalleryPhoto:
            if Photo.objects.filter(pk=row.photo_id).exists():
                row.save()
            continue
        created_at = row.created_at
        row.save()
        Correction.objects.filter(pk=row.pk).update(created_at=created_at)  # not "now"


@transaction.atomic
def article_add_correction(*, article: Article, user, text: str, kind: str = "correction"):
    """Append a dated correction or update to a live piece; it counts as a modification."""
    if not workflow.may_correct(user):
        raise PermissionDenied(_("Only an editor can correct a published piece."))
    if article.status != Status.PUBLISHED:
        raise TransitionError(_("Corrections are for published pieces; edit a draft directly."))
    with reversion.create_revision():
        correction = Correction.objects.create(
            article=article, kind=kind, text=text.strip(), created_by=user
        )
        article.save()  # moves updated_at (dateModified) and keeps the revision
        reversion.set_user(user)
        reversion.set_comment(
            notes.stored(
                notes.note(Correction.Kind(correction.kind).label), f": {correction.text[:80]}"
            )
        )
    return correction


@transaction.atomic
def article_start_translation(*, article: Article, user, language: str) -> Article:
    """A new draft of `article`'s story in `language`, with attribution and photos (hero and
    gallery, in order) carried over.

    The text is copied for the translator to replace; the slug will follow the translated
    headline. If the story already has that language, that version is returned instead.
    """
    if not workflow.may_translate(user, article):
        raise PermissionDenied(_("You may not create articles."))
    existing = Article.objects.filter(story_id=article.story_id, language=language).first()
    if existing is not None:
        return existing
    earlier = None
    if article.earlier_id:
        earlier = Article.objects.filter(
            story_id=article.earlier.story_id, language=language
        ).first()
    translation = Article(
        story_id=article.story_id,
        language=language,
        headline=article.headline,
        lead=article.lead,
        body=article.body,
        dateline=article.dateline,
        source=article.source,
        hero_photo_id=article.hero_photo_id,
        hero_caption=article.hero_caption,
        section_id=article.section_id,
        earlier=earlier,
        status=Status.DRAFT,
    )
    article_save(article=translation, user=user, to_status=Status.DRAFT)
    translation.tags.set(article.tags.all())
    bylines = list(article.bylines.all())
    Byline.objects.bulk_create(
        Byline(article=translation, author_id=b.author_id, role=b.role, position=b.position)
        for b in bylines
    )
    # A draft's rows: no page shows them yet. Not their captions for the piece, which are in
    # the other language: the photos' own captions in this one are used until it has its own.
    GalleryPhoto.objects.bulk_create(
        GalleryPhoto(article=translation, photo_id=row.photo_id, position=row.position)
        for row in article.gallery.all()
    )
    own_author = getattr(user, "author", None)
    if own_author is not None and own_author.pk not in {b.author_id for b in bylines}:
        Byline.objects.create(
            article=translation,
            author=own_author,
            role=Byline.Role.TRANSLATOR,
            position=len(bylines),
        )
    return translation


@transaction.atomic
def photo_save(*, photo: Photo, user=None) -> Photo:
    """Save a photo and, when its file or focal point changed, make its renditions anew.

    Renditions are WebP and JPEG at a few widths (the whole picture, and a 16:9 crop around
    the focal point for cards); they carry no camera metadata, so GPS never reaches readers.
    """
    stored = (
        Photo.objects.filter(pk=photo.pk).values("image", "focal_x", "focal_y").first()
        if photo.pk
        else None
    )
    if photo.pk is None and user is not None and user.pk is not None:
        photo.uploaded_by = user
    photo.save()
    unchanged = stored is not None and (
        stored["image"] == photo.image.name
        and (stored["focal_x"], stored["focal_y"]) == (photo.focal_x, photo.focal_y)
    )
    if unchanged and photo.renditions and photo.card_renditions:
        return photo  # caption, credit or alt text: the pages showing it are purged on save
    storage = photo.image.storage
    for old in [*photo.renditions, *photo.card_renditions]:
        storage.delete(old["name"])
    # A fresh token in every name: a CDN or browser never serves an old crop for a new one.
    stem = photo.image.name.rsplit(".", 1)[0].replace("photos/", "renditions/", 1)
    stem = f"{stem}-{secrets.token_hex(3)}"
    with photo.image.open("rb") as source:
        photo.renditions = [
            {**r.as_dict(), "bytes": storage.size(r.name)}
            for r in build_renditions(source, storage=storage, base_name=stem)
        ]
        photo.card_renditions = [
            r.as_dict()
            for r in build_renditions(
                source,
                storage=storage,
                base_name=f"{stem}-card",
                aspect=CARD_ASPECT,
                focal=(photo.focal_x, photo.focal_y),
            )
        ]
    Photo.objects.filter(pk=photo.pk).update(
        renditions=photo.renditions, card_renditions=photo.card_renditions
    )
    signals.rows_changed.send(sender=Photo, pks=[photo.pk])  # update() sends no post_save
    return photo


def article_delete(*, articles: Article | QuerySet, user) -> None:
    """Delete a piece (or a queryset of them), each first saved as a "Deleted" revision by
    `user` (the `pre_delete` receiver of models/article.py), so an editor can recover it."""
    with deleting_as(user):
        # readers stop seeing it at once: articles/cache/invalidation.py purges its keys
        articles.delete()


def site_content_changed() -> None:
    """Say that every page may have changed, so every cached page is purged. Changes made
    through models are noticed by themselves (articles/cache/invalidation.py); this is for
    writes that bypass them (`update()`, bulk loads)."""
    signals.site_changed.send(sender=None)
