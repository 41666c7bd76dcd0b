"""The rights table of SECURITY.md ("Who may do what"), and a world of objects to try it on.

Read by the tests that try the desk as every role: test_rights.py (every admin URL),
test_refused_writes.py, test_admin_site_rights.py and test_version_rights.py. The `world`
fixture of tests/desk/conftest.py makes a `World`.
"""

from datetime import timedelta

import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles.live import live_update_post
from articles.models import (
    Article,
    ArticleEvent,
    Author,
    Byline,
    Correction,
    Delivery,
    GalleryPhoto,
    PartnerSubscription,
    Section,
    Story,
    Tag,
    WireItem,
    WireSource,
)
from articles.models.deliveries import subscription_create
from articles.models.partners import partner_key_issue
from tests.factories import client_for

Status = Article.Status
ROLES = ["anonymous", "reporter", "editor", "superuser"]
STAFF = ["reporter", "editor", "superuser"]
ALL = "all"  # every object of the model


def everyone(*roles):
    return dict.fromkeys(roles, ALL)


EDITORS_UP = everyone("editor", "superuser")
SUPERUSERS = everyone("superuser")

# ---- the table (SECURITY.md, "Who may do what") --------------------------------------
# model → action → role → the objects (named in OBJECTS) that role may do it to. A role not
# named may not. "view" also means: opens the change page read-only.
RIGHTS = {
    "articles.article": {
        "view": everyone(*STAFF),
        "add": everyone(*STAFF),
        "change": {"reporter": {"own_draft"}, **EDITORS_UP},
        "restore": {"reporter": {"own_draft"}, **EDITORS_UP},
        "translate": everyone(*STAFF),
        "publish": EDITORS_UP,
        "recover": EDITORS_UP,
        "delete": SUPERUSERS,  # editors withdraw
    },
    "articles.photo": {
        "view": everyone(*STAFF),
        "add": everyone(*STAFF),
        "change": {
            "reporter": {"own_unused", "own_in_own_draft", "own_in_own_draft_gallery"},
            **EDITORS_UP,
        },
        # Deleting a photo in use is refused for everyone (PROTECT): the page says by what.
        "delete": {
            "reporter": {"own_unused", "own_in_own_draft", "own_in_own_draft_gallery"},
            **EDITORS_UP,
        },
    },
    **{
        label: {
            "view": everyone(*STAFF),
            "add": EDITORS_UP,
            "change": EDITORS_UP,
            "delete": SUPERUSERS,
        }
        for label in ["articles.author", "articles.section", "articles.tag", "articles.story"]
    },
    # Live updates: a reporter posts to a live page an editor opened to them and edits their
    # own updates for a while (workflow.LIVE_EDIT_WINDOW); deleting is the editors'.
    "articles.liveupdate": {
        "view": everyone(*STAFF),
        "add": everyone(*STAFF),
        "change": {"reporter": {"own_recent"}, **EDITORS_UP},
        "restore": {"reporter": {"own_recent"}, **EDITORS_UP},
        "delete": EDITORS_UP,
    },
    # Sources are the editors' (they hold partners' keys); what the wire sent is read-only
    # for everyone, and every writer may take it into a draft of their own.
    "articles.wiresource": {
        "view": EDITORS_UP,
        "add": EDITORS_UP,
        "change": EDITORS_UP,
        "delete": SUPERUSERS,
    },
    "articles.wireitem": {
        "view": everyone(*STAFF),
        "add": {},
        "change": {},
        "delete": {},
        "take": everyone(*STAFF),
    },
    "articles.partnerkey": {
        "view": SUPERUSERS,
        "add": SUPERUSERS,
        "change": SUPERUSERS,
        "delete": {},  # revoked instead: the row keeps who had access, and until when
    },
    **{
        label: {"view": SUPERUSERS, "add": SUPERUSERS, "change": SUPERUSERS, "delete": SUPERUSERS}
        for label in ["auth.user", "auth.group", "articles.partnersubscription"]
    },
    # The log of deliveries to partners: editors read it and send a piece again; nobody
    # writes it by hand.
    "articles.delivery": {"view": EDITORS_UP, "add": {}, "change": {}, "delete": {}},
    **{  # axes writes these itself; nobody adds one by hand
        label: {"view": SUPERUSERS, "add": {}, "change": SUPERUSERS, "delete": SUPERUSERS}
        for label in ["axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"]
    },
}
# The objects each model's URLs are tried on; "own" is the reporter's (aigerim).
OBJECTS = {
    "articles.article": ["own_draft", "own_review", "own_published", "others_draft",
                         "others_published"],
    "articles.photo": ["own_unused", "own_in_own_draft", "own_in_published", "own_in_scheduled",
                       "own_in_own_draft_gallery", "own_in_published_gallery", "others_unused"],
    "articles.liveupdate": ["own_recent", "others"],
}  # fmt: skip
# Bulk actions → the right each needs on the selected objects.
ACTION_RIGHTS = {
    "delete_selected": "delete",
    "publish_now": "publish",
    "withdraw": "publish",
    "send_for_review": "change",
    "revoke": "change",
    "poll_now": "change",  # wire sources: queue a poll
    "new_secret": "change",  # a subscription's signing secret
    "send_again": "view",  # a delivery, to its partner
    "cleanup_expired_attempts": "delete",  # axes: forgets expired lockouts
}
# What each kind of admin URL asks: the method, the right, and whether it names an object.
URL_KINDS = {
    "changelist": ("GET", "view", False),
    "add": ("GET", "add", False),
    "change": ("GET", "change", True),
    "delete": ("GET", "delete", True),
    "history": ("GET", "view", True),
    "redirect": ("GET", "staff", True),  # <id>/ → <id>/change/, which then decides
    "preview": ("GET", "view", True),
    "compare": ("GET", "view", True),
    "translate": ("POST", "translate", True),
    "revision": ("GET", "restore", True),
    "recoverlist": ("GET", "recover", False),
    "recover": ("GET", "recover", False),  # a version of a deleted piece
    "picker": ("GET", "view", False),
    "thumb": ("GET", "view", True),  # a photo's preview, for the article form's hero preview
    "password_change": ("GET", "change", True),
    "take": ("POST", "take", True),  # a wire item into a draft
}
# The admin site's own URLs: who gets in (the rest are its login and language plumbing).
SITE_URLS = {
    "index": STAFF,
    "app_list": None,  # per app, in test_app_pages_show_only_what_the_role_may_see
    "autocomplete": None,  # per field, in test_autocomplete_answers_only_who_may_view
    "view_on_site": None,  # a redirect to the public page, which decides for itself
    "login": None,
    "logout": None,
    "password_change": None,
    "password_change_done": None,
    "jsi18n": None,
    None: None,  # the catch-all: a 404, or the login page for strangers
}


def may(label: str, right: str, role: str, key: str | None) -> bool:
    if role == "anonymous":
        return False
    if right == "staff":
        return True
    allowed = RIGHTS[label][right].get(role, ())
    return allowed == ALL or key in allowed


# ---- the world: each object made when a case first asks for it ---------------------------


def staff(username: str, group: str = "", **flags) -> User:
    """A staff account without a password: hashing one costs more than the whole case."""
    user = User.objects.create(username=username, is_staff=True, **flags)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


class World:
    def __init__(self, make_article, make_photo):
        self.make_article, self.make_photo = make_article, make_photo
        self.users = {
            "reporter": staff("aigerim", "Reporters"),
            "other_reporter": staff("timur", "Reporters"),
            "editor": staff("olga", "Editors"),
            "superuser": staff("admin", is_superuser=True),
        }
        self.made = {}

    def client(self, role: str) -> Client:
        if role == "anonymous":
            return Client(HTTP_ACCEPT_LANGUAGE="en")
        return client_for(self.users[role])

    def keys(self, label: str) -> list[str]:
        return OBJECTS.get(label, ["any"])

    def get(self, label: str, key: str = "any"):
        if (label, key) not in self.made:
            self.made[label, key] = self.make(label, key)
        return self.made[label, key]

    def piece(self, owner: str, status: str, **fields) -> Article:
        """Saved twice, each a revision: first as a draft, then in `status`."""
        user = self.users[owner]
        published_at = fields.pop("published_at", None)
        with reversion.create_revision():
            reversion.set_user(user)
            article = self.make_article(
                created_by=user, status=Status.DRAFT, published_at=None, **fields
            )
        with reversion.create_revision():
            reversion.set_user(user)
            article.status = status
            if status == Status.PUBLISHED:
                article.published_at = published_at or timezone.now()
            article.save()
        return article

    def make(self, label: str, key: str):
        reporter, other = self.users["reporter"], self.users["other_reporter"]
        match label, key:
            case "articles.article", _:
                owner = {"own": "reporter", "others": "other_reporter"}[key.split("_")[0]]
                status = key.split("_")[1]
                if (owner, status) == ("other_reporter", "published"):
                    owner = "editor"
                return self.piece(owner, status)
            case "articles.photo", "others_unused":
                return self.make_photo(uploaded_by=other)
            case "articles.photo", _:
                photo = self.make_photo(uploaded_by=reporter)
                soon = timezone.now() + timedelta(days=1)
                match key:
                    case "own_in_own_draft":
                        self.piece("reporter", Status.DRAFT, hero_photo=photo)
                    case "own_in_published":
                        self.piece("editor", Status.PUBLISHED, hero_photo=photo)
                    case "own_in_scheduled":
                        self.piece("editor", Status.PUBLISHED, hero_photo=photo, published_at=soon)
                    case "own_in_own_draft_gallery":
                        piece = self.piece("reporter", Status.DRAFT)
                        GalleryPhoto.objects.create(article=piece, photo=photo)
                    case "own_in_published_gallery":
                        piece = self.piece("editor", Status.PUBLISHED)
                        GalleryPhoto.objects.create(article=piece, photo=photo)
                return photo
            case "articles.liveupdate", _:
                page = self.live_page()
                poster = reporter if key == "own_recent" else self.users["editor"]
                return live_update_post(article=page, user=poster, body="<p>Обновление</p>")
            case "articles.author", _:
                return Author.objects.create(name="Данира Искакова")
            case "articles.section", _:
                return Section.objects.create(slug="economy", name_ru="Экономика")
            case "articles.tag", _:
                return Tag.objects.create(slug="central-asia", name_ru="Центральная Азия")
            case "articles.story", _:
                return Story.objects.create(working_title="Центр «Центральная Азия»")
            case "articles.wiresource", _:
                return WireSource.objects.create(
                    name="Partner", kind=WireSource.Kind.FOLDER, folder="partner"
                )
            case "articles.wireitem", _:
                source = WireSource.objects.create(
                    name="Partner", kind=WireSource.Kind.FOLDER, folder="partner"
                )
                return WireItem.objects.create(
                    source=source, guid="urn:partner:1", version="1", language="ru",
                    headline="Центр «Центральная Азия» открыт", lead="Лид.", body="<p>Текст.</p>",
                )  # fmt: skip
            case "articles.partnerkey", _:
                return partner_key_issue(name="Agency partner")[0]
            case "articles.partnersubscription", _:
                return self.subscription()
            case "articles.delivery", _:
                piece = self.piece("editor", Status.PUBLISHED)
                return Delivery.objects.create(
                    subscription=self.subscription(),
                    article=piece,
                    article_ref=piece.pk,
                    reason=Delivery.Reason.CHANGE,
                    state=Delivery.State.DELIVERED,
                )
            case "auth.user", _:
                return other
            case "auth.group", _:
                return Group.objects.get(name="Reporters")
            case "axes.accessattempt", _:
                return AccessAttempt.objects.create(
                    failures_since_start=3, **self.attempt(), get_data="", post_data=""
                )
            case "axes.accesslog", _:
                return AccessLog.objects.create(**self.attempt())
            case "axes.accessfailurelog", _:
                return AccessFailureLog.objects.create(**self.attempt())
        raise LookupError(f"no object {key!r} of {label}: add it to World.make")

    def live_page(self) -> Article:
        """A live page an editor opened to the reporter (aigerim)."""
        if "live_page" not in self.made:
            page = self.piece("editor", Status.PUBLISHED, is_live_page=True)
            page.live_contributors.add(self.users["reporter"])
            self.made["live_page"] = page
        return self.made["live_page"]

    def subscription(self) -> PartnerSubscription:
        if "subscription" not in self.made:
            self.made["subscription"] = PartnerSubscription(
                name="Kazinform", endpoint="https://partner.example/wire", languages=["ru"]
            )
            subscription_create(subscription=self.made["subscription"])
        return self.made["subscription"]

    @staticmethod
    def attempt() -> dict:
        return {"username": "editor", "ip_address": "203.0.113.9", "user_agent": "curl",
                "http_accept": "*/*", "path_info": "/admin/login/"}  # fmt: skip

    def deleted_piece_version(self) -> Version:
        if "deleted" not in self.made:
            piece = self.piece("editor", Status.PUBLISHED)
            version = Version.objects.get_for_object(piece).first()
            piece.delete()
            self.made["deleted"] = version
        return self.made["deleted"]

    def snapshot(self) -> dict:
        """Every row the desk could touch, to check that a refused write changed nothing."""
        watched = [*admin.site._registry, Byline, Correction, ArticleEvent, Version]
        return {model: list(model.objects.order_by("pk").values()) for model in watched}


def outcome(response) -> str:
    """What the user got, in the table's words."""
    if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
        return "login"
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        return "edit" if 'name="_save"' in response.text else "read"
    return str(response.status_code)
