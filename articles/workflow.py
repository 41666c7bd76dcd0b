"""The desk's rules: which states follow which, and who may see, move, edit or delete what.

The one place that says who may do what: pure decisions, no writes. `articles/services.py`
applies them and the desk (admin, forms) asks them what to offer; neither checks a role or a
permission of its own. Reporters write and submit their own drafts; editors (permission
`articles.publish_article`, the Editors group, superusers) decide everything else; accounts,
lockouts, partner keys and partner subscriptions are the superusers'. SECURITY.md's rights
table is this module in words.

The rights table, by role ("editor": `is_editor`; "author": the piece's creator, or an
editor; "writer": whoever may add articles, reporters and editors):

- TRANSITIONS: each move between statuses, and its role (`may_transition`);
- editing a piece: an editor anything, its author while it is a draft (`can_edit`);
- ACTIONS: the desk's other acts on pieces, and their roles (`may_publish`, `may_correct`,
  `may_recover`, `may_translate`, `locked_fields`);
- live pages: who posts, edits, pins, corrects and deletes updates (`may_post_update`,
  `may_change_update`, `may_delete_update`, LIVE_EDITOR_FIELDS);
- everything else the desk keeps: the model permission, then OBJECT_RULES,
  SUPERUSERS_ONLY, EDITORS_ONLY (wire sources) and READ_ONLY (what the wire sent) (`may`).
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, GalleryPhoto, LiveUpdate

Status = Article.Status
PUBLISH_PERMISSION = "articles.publish_article"
WRITE_PERMISSION = "articles.add_article"
EDITOR, AUTHOR, WRITER = "editor", "author", "writer"  # the roles of the table

# (from, to) → who may make the move: "author" (the piece's creator or an editor) or "editor".
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.DRAFT): AUTHOR,  # keep writing
    (Status.DRAFT, Status.REVIEW): AUTHOR,  # send for review
    (Status.DRAFT, Status.PUBLISHED): EDITOR,  # an editor's own piece may skip review
    (Status.REVIEW, Status.REVIEW): EDITOR,  # edit while reviewing
    (Status.REVIEW, Status.DRAFT): EDITOR,  # send back, with a comment
    (Status.REVIEW, Status.PUBLISHED): EDITOR,  # publish or schedule
    (Status.PUBLISHED, Status.PUBLISHED): EDITOR,  # edit, correct or reschedule
    (Status.PUBLISHED, Status.WITHDRAWN): EDITOR,  # withdraw
    (Status.WITHDRAWN, Status.WITHDRAWN): EDITOR,
    (Status.WITHDRAWN, Status.DRAFT): EDITOR,  # rework a withdrawn piece
}
# Moves that need a word of explanation for the author or the record.
COMMENT_REQUIRED = {(Status.REVIEW, Status.DRAFT), (Status.PUBLISHED, Status.WITHDRAWN)}

# The desk's other acts on pieces → who may.
ACTIONS: dict[str, str] = {
    "publish": EDITOR,  # the bulk actions "Publish now" and "Withdraw from the site"
    "correct": EDITOR,  # append a correction or update to a live piece
    "recover": EDITOR,  # bring back a deleted piece (and read it first)
    "set_editor_fields": EDITOR,  # EDITOR_ONLY_FIELDS
    "translate": WRITER,  # start another language version of a piece
    "take_wire": WRITER,  # turn a wire item into a draft of one's own
    "configure_wires": EDITOR,  # add and change wire sources, poll them now
    "deliveries": EDITOR,  # read the log of deliveries to partners, and send one again
}
# Read-only for anyone else, so a forged POST of them is ignored (not in the form). The
# story too: attaching a piece to a story takes one of its language slots, and so the
# editor's "Translate into" button; reporters start translations through that button
# (`services.article_start_translation`), and a piece they add starts a story of its own.
EDITOR_ONLY_FIELDS = (
    "published_at",
    "is_breaking",
    "is_featured",
    "story",
    # A live page, its end and who may post to it are the editors' decisions.
    "is_live_page",
    "live_closed_at",
    "live_contributors",
    # Sending a scheduled piece to partners early is a release too.
    "send_early_to_partners",
)


class TransitionError(Exception):
    """A move the workflow does not have (e.g. draft → withdrawn)."""


def is_editor(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def is_own(user, article: Article) -> bool:
    return article.pk is None or (user.pk is not None and article.created_by_id == user.pk)


def has_role(user, role: str, article: Article | None = None) -> bool:
    """Whether `user` plays `role` (for `article`, where the role depends on it)."""
    if role == EDITOR:
        return is_editor(user)
    if role == AUTHOR:
        return is_editor(user) or is_own(user, article)
    if role == WRITER:
        return user.has_perm(WRITE_PERMISSION)
    raise ValueError(f"No such role: {role}")


def may_do(user, action: str, article: Article | None = None) -> bool:
    """Whether `user` may do `action` (a key of ACTIONS)."""
    return has_role(user, ACTIONS[action], article)


def needs_comment(from_status: str, to_status: str) -> bool:
    return (from_status, to_status) in COMMENT_REQUIRED


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
    return may_do(user, "recover")


def may_translate(user, article: Article) -> bool:
    """Whoever may write pieces may start another language version of one they can see: the
    translation is a new draft of their own; the original is not touched."""
    return may_do(user, "translate", article)


def may_publish(user) -> bool:
    """The desk's bulk actions that publish or withdraw (each piece still checked on save)."""
    return may_do(user, "publish")


def may_correct(user) -> bool:
    """Corrections and updates are appended to live pieces by editors."""
    return may_do(user, "correct")


def may_see_deliveries(user) -> bool:
    """The log of deliveries to partners, and "send again": what partners were sent is the
    editors' business; a resend sends only what the partner takes anyway."""
    return may_do(user, "deliveries")


def locked_fields(user) -> list[str]:
    """The piece's fields this user may not set: shown read-only, ignored if posted."""
    return [] if may_do(user, "set_editor_fields") else list(EDITOR_ONLY_FIELDS)


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
        # A subscription sends embargoed and scheduled pieces to any address it names.
        "articles.partnersubscription",
        # The background tasks' queue (django-tasks-db), should its admin be registered again:
        # arguments and tracebacks of any task. The desk unregisters it (desk/admin/__init__.py).
        "django_tasks_database.dbtaskresult",
    }
)


# Wire sources hold partners' keys and decide what reaches the desk: editors configure them,
# whatever a group was granted. What a source sent is read-only for everyone: the inbox shows
# it as it came; "Take" copies it into a draft, which is where editing happens.
EDITORS_ONLY = frozenset({"articles.wiresource"})
READ_ONLY = frozenset({"articles.wireitem", "articles.wireitemversion"})


def may_take_wire(user) -> bool:
    """Whoever may write pieces may take a wire item: the draft is a new one of their own."""
    return may_do(user, "take_wire")


def may_configure_wires(user) -> bool:
    return may_do(user, "configure_wires")


def photo_is_own(user, photo) -> bool:
    return user.pk is not None and photo.uploaded_by_id == user.pk


def may_change_photo(user, photo) -> bool:
    """Editors change any photo. A reporter changes (or deletes) a photo they uploaded while
    only their own drafts use it, as hero photo or in a gallery: once a piece in review, a
    scheduled or published piece, anyone else's draft or a live page's update shows it, its
    file and caption are the editors' (readers would see a new picture or caption at once)."""
    if is_editor(user):
        return True
    if photo.pk is None:
        return True  # a new upload: the reporter's own
    if not photo_is_own(user, photo):
        return False
    in_gallery = GalleryPhoto.objects.filter(photo_id=photo.pk).values("article_id")
    using = Article.objects.filter(Q(hero_photo_id=photo.pk) | Q(pk__in=in_gallery))
    used_elsewhere = using.exclude(created_by_id=user.pk, status=Status.DRAFT)
    # An update's photo is on a live page, readers' or soon theirs: the editors'.
    in_an_update = LiveUpdate.objects.filter(photo_id=photo.pk)
    return not (used_elsewhere.exists() or in_an_update.exists())


def may(user, action: str, model, obj=None) -> bool:
    """The object-level half of a right (`action` is view, add, change or delete); the admin
    asks the model permission first. Without `obj`, whether the role may do it to any."""
    label = model._meta.label_lower
    if label in SUPERUSERS_ONLY:
        return bool(user.is_active and user.is_superuser)
    if label in READ_ONLY and action != "view":
        return False
    if label in EDITORS_ONLY and not may_configure_wires(user):
        return False
    if obj is None:
        return True
    rule = OBJECT_RULES.get((label, action))
    return rule is None or rule(user, obj)


# ---- live pages ----------------------------------------------------------------------------
# Updates go to a live page that is released (published, or scheduled so that the desk can
# prepare its first updates) and still open. Editors post, edit, pin, correct and delete
# updates on any live page (a closed one too: a correction after the end is still owed).
# A reporter posts only to an open live page whose editor named them among its
# `live_contributors`, and edits only their own updates, for LIVE_EDIT_WINDOW after posting
# them and while the page is open and they are still named: after that what readers have
# read is changed by an editor, with a correction note. Pinning, corrections and the time
# shown are the editors' (LIVE_EDITOR_FIELDS, read-only for reporters; a forged value is
# ignored): an update dated in the future would stay on top of "newest first", a pin.
LIVE_EDIT_WINDOW = timedelta(minutes=30)
LIVE_EDITOR_FIELDS = ("is_pinned", "correction", "posted_at")


def takes_updates(article: Article) -> bool:
    """Whether `article` is an open live page readers see or will see at its time."""
    return (
        article.pk is not None
        and article.live_is_open
        and article.status == Status.PUBLISHED
        and article.published_at is not None
    )


def is_live_contributor(user, article: Article) -> bool:
    return (
        user.pk is not None
        and user.has_perm(WRITE_PERMISSION)
        and article.live_contributors.filter(pk=user.pk).exists()
    )


def may_post_update(user, article: Article) -> bool:
    """Editors post to any open live page; a reporter to one an editor opened to them."""
    if not (user and user.is_active and takes_updates(article)):
        return False
    return is_editor(user) or is_live_contributor(user, article)


def may_change_update(user, update) -> bool:
    """Editors edit, pin and correct any update; a reporter their own, for a while."""
    if is_editor(user):
        return True
    if update.pk is None:
        return True  # a new one: `may_post_update` decides for its piece
    article = update.article
    return (
        user.pk is not None
        and update.created_by_id == user.pk
        and timezone.now() - update.created_at <= LIVE_EDIT_WINDOW
        and takes_updates(article)
        and is_live_contributor(user, article)
    )


def may_delete_update(user, update) -> bool:
    """Taking back what readers saw is an editor's decision."""
    return is_editor(user)


def live_locked_fields(user) -> list[str]:
    """An update's fields this user may not set (pin, correction, time shown)."""
    return [] if is_editor(user) else list(LIVE_EDITOR_FIELDS)


OBJECT_RULES = {
    ("articles.liveupdate", "change"): may_change_update,
    ("articles.liveupdate", "delete"): may_delete_update,
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
    return who is not None and has_role(user, who, article)


def next_statuses(from_status: str) -> list[str]:
    return [to for (start, to) in TRANSITIONS if start == from_status and to != from_status]


def allowed_statuses(user, article: Article, from_status: str) -> list[str]:
    """The statuses this user may choose for this piece now, its current one first."""
    targets = [from_status] + next_statuses(from_status)
    return [to for to in targets if may_transition(user, article, from_status, to)]
