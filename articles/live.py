"""Live pages: posting, editing, pinning, correcting and deleting their updates.

Writes with consequences, as in articles/services.py (which would pass its size with these):
each asks the rights table (articles/workflow.py), keeps a django-reversion revision with
who did it, and leaves the purge of readers' pages to the model signals
(articles/cache/invalidation.py), so that a shell or `loaddata` write purges them too.
"""

from __future__ import annotations

from datetime import datetime

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles import workflow
from articles.models import Article, Author, LiveUpdate, Photo
from articles.text import notes
from articles.workflow import TransitionError

__all__ = [
    "live_page_close",
    "live_update_correct",
    "live_update_delete",
    "live_update_post",
    "live_update_save",
]

# What an edit may change; the piece, the poster and the creation time never change.
EDITABLE = ("posted_at", "title", "body", "photo_id", "embed_url", "is_pinned", "correction")


def _refuse_post(user, article: Article) -> None:
    if workflow.may_post_update(user, article):
        return
    if not article.is_live_page:
        raise TransitionError(_("This piece is not a live page."))
    if article.live_closed_at is not None:
        raise TransitionError(_("Coverage has ended on this live page: it takes no new updates."))
    if article.status != Article.Status.PUBLISHED:
        raise TransitionError(_("Updates go to a published live page."))
    raise PermissionDenied(_("An editor has not allowed you to post updates to this live page."))


def _own_authors(user) -> list[Author]:
    author = Author.objects.filter(user_id=user.pk).first() if user.pk else None
    return [author] if author else []


@transaction.atomic
def live_update_post(
    *,
    article: Article,
    user,
    body: str = "",
    title: str = "",
    photo: Photo | None = None,
    embed_url: str = "",
    is_pinned: bool = False,
    authors: list[Author] | None = None,
    posted_at: datetime | None = None,
) -> LiveUpdate:
    """Post an update to an open live page, by `user` (credited as their own author if none
    are given). Only editors pin."""
    article = Article.objects.select_for_update().get(pk=article.pk)  # as stored, now
    _refuse_post(user, article)
    if not (body.strip() or title.strip() or photo or embed_url):
        raise TransitionError(_("An update needs a text, a title, a photo or an embed link."))
    update = LiveUpdate(
        article=article,
        posted_at=posted_at or timezone.now(),
        title=title.strip(),
        body=body,
        photo=photo,
        embed_url=embed_url.strip(),
        is_pinned=is_pinned and workflow.is_editor(user),
        created_by=user if user.pk else None,
    )
    with reversion.create_revision():
        update.save()
        update.authors.set(_own_authors(user) if authors is None else authors)
        reversion.set_user(user)
        reversion.set_comment(notes.said(gettext_noop("Posted")))
    return update


@transaction.atomic
def live_update_save(
    *, update: LiveUpdate, user, authors: list[Author] | None = None, comment: str = ""
) -> LiveUpdate:
    """Save `update` as edited by `user`: an editor anything, a reporter their own for a
    while (LIVE_EDIT_WINDOW); pinning and corrections are kept as stored for a reporter."""
    if update.pk is None:
        raise ValueError("An unsaved update is posted with live_update_post.")
    stored = LiveUpdate.objects.select_related("article").get(pk=update.pk)
    if not workflow.may_change_update(user, stored):
        raise PermissionDenied(_("You may not edit this update."))
    update.article_id = stored.article_id  # never moved to another piece
    update.created_by_id, update.created_at = stored.created_by_id, stored.created_at
    for name in workflow.live_locked_fields(user):
        setattr(update, name, getattr(stored, name))
    if update.correction.strip() != stored.correction.strip():
        update.corrected_at = timezone.now() if update.correction.strip() else None
    with reversion.create_revision():
        update.save()
        if authors is not None:
            update.authors.set(authors)
        reversion.set_user(user)
        reversion.set_comment(comment or notes.said(gettext_noop("Edited")))
    return update


def live_update_correct(*, update: LiveUpdate, user, note: str) -> LiveUpdate:
    """A correction note under an update, dated now, for readers; editors only."""
    if not workflow.is_editor(user):
        raise PermissionDenied(_("Only an editor can correct an update."))
    update.correction = note.strip()
    return live_update_save(update=update, user=user, comment=notes.said(gettext_noop("Corrected")))


@transaction.atomic
def live_update_delete(*, update: LiveUpdate, user) -> None:
    """Take an update off the page (a "Deleted" revision keeps it for the record)."""
    if not workflow.may_delete_update(user, update):
        raise PermissionDenied(_("Only an editor can delete an update."))
    with reversion.create_revision():
        reversion.add_to_revision(update)
        reversion.set_user(user)
        reversion.set_comment(notes.said(gettext_noop("Deleted")))
    update.delete()


@transaction.atomic
def live_page_close(*, article: Article, user, when: datetime | None = None) -> Article:
    """End the coverage of a live page (readers see "Coverage ended"); editors only."""
    if not workflow.is_editor(user):
        raise PermissionDenied(_("Only an editor can close a live page."))
    if not article.is_live_page:
        raise TransitionError(_("This piece is not a live page."))
    article.live_closed_at = when or timezone.now()
    with reversion.create_revision():
        article.save()
        reversion.set_user(user)
        reversion.set_comment(notes.said(gettext_noop("Coverage ended")))
    return article
