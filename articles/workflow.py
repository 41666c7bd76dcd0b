"""The desk's rules: which states follow which, and who may see, move, edit or delete what.

Pure decisions, no writes: `articles/services.py` applies them, the admin asks them what to
offer. Reporters write and submit their own drafts; editors (permission
`articles.publish_article`, the Editors group, superusers) decide everything else; accounts,
lockouts and partner keys are the superusers'. SECURITY.md's rights table is this module in words.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from articles.models import Article

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


def may_restore(user, article: Article) -> bool:
    """Restoring a version is an edit of the piece as it stands now, checked like any save."""
    return can_edit(user, article)


def may_recover(user) -> bool:
    """Bringing back a deleted piece (and reading it first) is an editor's decision."""
    return is_editor(user)


def may_translate(user, article: Article) -> bool:
    """Whoever may write pieces may start another language version of one they can see: the
    translation is a new draft of their own; the original is not touched."""
    return user.has_perm("articles.add_article")


# ---- rights over everything else the desk keeps -------------------------------------------
# Two halves, both required: the group's model permission (migrations 0003 and 0015) is the
# upper bound for a role, and `may` adds what depends on the object. Every ModelAdmin asks
# both (articles/desk/admin/rights.py). View rights never depend on the object, so lists, pickers
# and autocompletes, which filter nothing, cannot show more than the change pages.

# Who can grant rights, unlock logins or hand out API access holds the keys to everything
# else: a stolen editor's account must not be able to make itself a superuser or mint a key
# that outlives a password reset. Granting these models' permissions to a group changes
# nothing.
SUPERUSERS_ONLY = frozenset(
    {
        "auth.user",
        "auth.group",
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
        "articles.partnerkey",
    }
)


def photo_is_own(user, photo) -> bool:
    return user.pk is not None and photo.uploaded_by_id == user.pk


def may_change_photo(user, photo) -> bool:
    """Editors change any photo. A reporter changes (or deletes) a photo they uploaded while
    only their own drafts use it: once a piece in review, a scheduled or published piece, or
    anyone else's draft shows it, its file and caption are the editors' (readers would see a
    new picture or caption at once)."""
    if is_editor(user):
        return True
    if photo.pk is None:
        return True  # a new upload: the reporter's own
    if not photo_is_own(user, photo):
        return False
    used_elsewhere = Article.objects.filter(hero_photo_id=photo.pk).exclude(
        created_by_id=user.pk, status=Status.DRAFT
    )
    return not used_elsewhere.exists()


def may(user, action: str, model, obj=None) -> bool:
    """The object-level half of a right (`action` is view, add, change or delete); the admin
    asks the model permission first. Without `obj`, whether the role may do it to any."""
    if model._meta.label_lower in SUPERUSERS_ONLY:
        return bool(user.is_active and user.is_superuser)
    if obj is None:
        return True
    rule = OBJECT_RULES.get((model._meta.label_lower, action))
    return rule is None or rule(user, obj)


OBJECT_RULES = {
    ("articles.article", "change"): can_edit,
    ("articles.photo", "change"): may_change_photo,
    ("articles.photo", "delete"): may_change_photo,
}


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
