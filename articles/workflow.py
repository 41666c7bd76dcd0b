"""The desk's rules: which states follow which, and who may move a piece or edit it.

Pure decisions, no writes: `articles/services.py` applies them, the admin asks them what to
offer. Reporters write and submit their own drafts; editors (permission
`articles.publish_article`, the Editors group, superusers) decide everything else.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Article

Status = Article.Status
PUBLISH_PERMISSION = "articles.publish_article"

# (from, to) → who may make the move: "author" (the piece's creator or an editor) or "editor".
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.DRAFT): "author",  # keep writing
    (Status.DRAFT, Status.REVIEW): "author",  # send for review
    (Status.DRAFT, Status.PUBLISHED): "editor",  # an editor's own piece may skip review
    (Status.REVIEW, Status.REVIEW): "editor",  # edit while reviewing
    (Status.REVIEW, Status.DRAFT): "editor",  # send back, with a comment
    (Status.REVIEW, Status.PUBLISHED): "editor",  # publish or schedule
    (Status.PUBLISHED, Status.PUBLISHED): "editor",  # edit, correct or reschedule
    (Status.PUBLISHED, Status.WITHDRAWN): "editor",  # withdraw
    (Status.WITHDRAWN, Status.WITHDRAWN): "editor",
    (Status.WITHDRAWN, Status.DRAFT): "editor",  # rework a withdrawn piece
}
# Moves that need a word of explanation for the author or the record.
COMMENT_REQUIRED = {(Status.REVIEW, Status.DRAFT), (Status.PUBLISHED, Status.WITHDRAWN)}


class TransitionError(Exception):
    """A move the workflow does not have (e.g. draft → withdrawn)."""


def is_editor(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def is_own(user, article: Article) -> bool:
    return article.pk is None or (user.pk is not None and article.created_by_id == user.pk)


def can_edit(user, article: Article, status: str | None = None) -> bool:
    """Editors edit anything; a reporter edits only their own piece while it is a draft.

    `status` is the piece's stored status when the instance already carries a new one.
    """
    if is_editor(user):
        return True
    return is_own(user, article) and (status or article.status) == Status.DRAFT


def check_transition(from_status: str, to_status: str) -> None:
    if (from_status, to_status) not in TRANSITIONS:
        raise TransitionError(
            _("A piece that is “%(from)s” cannot become “%(to)s”; it can go to: %(next)s.")
            % {
                "from": Status(from_status).label,
                "to": Status(to_status).label,
                "next": ", ".join(str(Status(to).label) for to in next_statuses(from_status)),
            }
        )


def may_transition(user, article: Article, from_status: str, to_status: str) -> bool:
    who = TRANSITIONS.get((from_status, to_status))
    if who is None:
        return False
    if who == "editor":
        return is_editor(user)
    return is_editor(user) or is_own(user, article)


def next_statuses(from_status: str) -> list[str]:
    return [to for (start, to) in TRANSITIONS if start == from_status and to != from_status]


def allowed_statuses(user, article: Article, from_status: str) -> list[str]:
    """The statuses this user may choose for this piece now, its current one first."""
    targets = [from_status] + next_statuses(from_status)
    return [to for to in targets if may_transition(user, article, from_status, to)]
