"""Who may do what: the rights table of SECURITY.md, walked through every admin URL as every role.

The URLs are read from `admin.site` (each registered ModelAdmin's `get_urls`, the admin
site's own, and every autocomplete field), never listed by hand: a new admin, URL, action or
autocomplete without a row in `RIGHTS` fails `test_every_admin_url_has_a_row_in_the_table`.
Each case tries the URL on real objects (a reporter's own and others') and compares what the
role got with what the table says; refused writes must answer 403 and change nothing.
"""

from datetime import timedelta

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import models
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleEvent, Author, Byline, Correction, Section, Story, Tag
from articles.models.partners import partner_key_issue
from tests.factories import article_form, client_for, image_upload

pytestmark = pytest.mark.django_db
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
        "change": {"reporter": {"own_unused", "own_in_own_draft"}, **EDITORS_UP},
        # Deleting a photo in use is refused for everyone (PROTECT): the page says by what.
        "delete": {"reporter": {"own_unused", "own_in_own_draft"}, **EDITORS_UP},
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
    "articles.partnerkey": {
        "view": SUPERUSERS,
        "add": SUPERUSERS,
        "change": SUPERUSERS,
        "delete": {},  # revoked instead: the row keeps who had access, and until when
    },
    **{
        label: {"view": SUPERUSERS, "add": SUPERUSERS, "change": SUPERUSERS, "delete": SUPERUSERS}
        for label in ["auth.user", "auth.group"]
    },
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
                       "others_unused"],
}  # fmt: skip
# Bulk actions → the right each needs on the selected objects.
ACTION_RIGHTS = {
    "delete_selected": "delete",
    "publish_now": "publish",
    "withdraw": "publish",
    "send_for_review": "change",
    "revoke": "change",
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


def url_kind(label: str, pattern: URLPattern) -> str:
    if pattern.name is None:
        return "redirect"
    return pattern.name.removeprefix(label.replace(".", "_") + "_")


def admin_urls():
    for model, model_admin in admin.site._registry.items():
        for pattern in model_admin.get_urls():
            yield model._meta.label_lower, url_kind(model._meta.label_lower, pattern)


def cases():
    for label, kind in admin_urls():
        for role in ROLES:
            yield pytest.param(label, kind, role, id=f"{label}-{kind}-{role}")


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
                return photo
            case "articles.author", _:
                return Author.objects.create(name="Данира Искакова")
            case "articles.section", _:
                return Section.objects.create(slug="economy", name_ru="Экономика")
            case "articles.tag", _:
                return Tag.objects.create(slug="central-asia", name_ru="Центральная Азия")
            case "articles.story", _:
                return Story.objects.create(working_title="Центр «Центральная Азия»")
            case "articles.partnerkey", _:
                return partner_key_issue(name="Agency partner")[0]
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


@pytest.fixture
def world(db, make_article, make_photo):
    return World(make_article, make_photo)


def request(world: World, client: Client, label: str, kind: str, key: str | None):
    """Ask the URL `kind` of `label` (about object `key`) the way the desk's pages do."""
    name = f"admin:{label.replace('.', '_')}_{kind}"
    obj = world.get(label, key) if key else None
    query = {}
    match kind:
        case "redirect":
            url = reverse(f"admin:{label.replace('.', '_')}_change", args=[obj.pk])
            url = url.removesuffix("change/")
        case "revision":
            url = reverse(name, args=[obj.pk, Version.objects.get_for_object(obj).last().pk])
        case "recover":
            url = reverse(name, args=[world.deleted_piece_version().pk])
        case "compare":
            url = reverse(name, args=[obj.pk])
            versions = Version.objects.get_for_object(obj)
            query = {"from": versions.last().pk, "to": versions.first().pk}
        case "translate":
            url = reverse(name, args=[obj.pk, "en"])
        case "picker":
            url = reverse(name)
            query = {"app_label": "articles", "model_name": "article", "field_name": "hero_photo"}
            world.get("articles.photo", "others_unused")
        case _ if key:
            url = reverse(name, args=[obj.pk])
        case _:
            url = reverse(name)
    method = URL_KINDS[kind][0]
    return client.post(url, query) if method == "POST" else client.get(url, query)


def outcome(response) -> str:
    """What the user got, in the table's words."""
    if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
        return "login"
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        return "edit" if 'name="_save"' in response.text else "read"
    return str(response.status_code)


def expected(label: str, kind: str, role: str, key: str | None) -> str:
    if role == "anonymous":
        return "login"
    method, right, _per_object = URL_KINDS[kind]
    if right == "staff":
        return "302"
    if kind == "change":
        if may(label, right, role, key):
            return "edit"
        return "read" if may(label, "view", role, key) else "403"
    if kind == "revision":
        # A version opens as a restore: an edit. Reading old text is the compare page's job.
        return "edit" if may(label, right, role, key) else "403"
    if not may(label, right, role, key):
        return "403"
    if method == "POST":
        return "302"
    if kind in {"picker", "thumb"}:
        return "200"  # JSON
    return "edit" if kind in {"add", "recover"} else "read"


# ---- the walk -----------------------------------------------------------------------------


def test_every_admin_url_has_a_row_in_the_table():
    missing = []
    for label, kind in admin_urls():
        if label not in RIGHTS:
            missing.append(f"model {label}")
        if kind not in URL_KINDS:
            missing.append(f"URL {kind} of {label}")
    for model, model_admin in admin.site._registry.items():
        for _func, name, _label in model_admin._get_base_actions():
            if name not in ACTION_RIGHTS:
                missing.append(f"action {name} of {model._meta.label_lower}")
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLPattern) and pattern.name not in SITE_URLS:
            missing.append(f"admin site URL {pattern.name}")
    assert not missing, "add them to RIGHTS / URL_KINDS / ACTION_RIGHTS / SITE_URLS"


@pytest.mark.parametrize(("label", "kind", "role"), list(cases()))
def test_each_role_gets_what_the_table_says(world, label, kind, role):
    client = world.client(role)
    keys = world.keys(label) if URL_KINDS[kind][2] else [None]
    got = {key: outcome(request(world, client, label, kind, key)) for key in keys}
    assert got == {key: expected(label, kind, role, key) for key in keys}


# ---- refused writes: 403, and nothing changed --------------------------------------------


def change_payload(label: str, model, obj) -> dict:
    if label == "articles.article":
        return article_form(obj, headline="Захвачено", status=obj.status if obj else "draft")
    if label == "articles.photo":
        return {"image": image_upload("swap.jpg"), "caption_ru": "Захвачено", "credit_ru": "x",
                "alt_text_ru": "x", "focal_x": "0.5", "focal_y": "0.5"}  # fmt: skip
    text = (models.CharField, models.TextField)
    return {f.name: "hijacked" for f in model._meta.fields if isinstance(f, text) and f.editable}


def write_cases():
    for label in RIGHTS:
        for role in ROLES:
            yield pytest.param(label, role, id=f"{label}-{role}")


@pytest.mark.parametrize(("label", "role"), list(write_cases()))
def test_refused_writes_answer_403_and_change_nothing(world, label, role):
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.label_lower == label)
    prefix = f"admin:{label.replace('.', '_')}"
    objects = {key: world.get(label, key) for key in world.keys(label)}
    client = world.client(role)
    refused = "login" if role == "anonymous" else 403
    before = world.snapshot()
    attempts = []
    if not may(label, "add", role, "any"):
        attempts.append(
            ("add", reverse(f"{prefix}_add"), change_payload(label, model_admin.model, None))
        )
    for key, obj in objects.items():
        if not may(label, "change", role, key):
            data = change_payload(label, model_admin.model, obj)
            attempts.append((f"change {key}", reverse(f"{prefix}_change", args=[obj.pk]), data))
        if not may(label, "delete", role, key):
            url = reverse(f"{prefix}_delete", args=[obj.pk])
            attempts.append((f"delete {key}", url, {"post": "yes"}))
        if label == "articles.article" and not may(label, "restore", role, key):
            version = Version.objects.get_for_object(obj).last()  # the draft it started as
            url = reverse(f"{prefix}_revision", args=[obj.pk, version.pk])
            attempts.append((f"restore {key}", url, article_form(obj, status=Status.DRAFT)))
    for _func, action, _label in model_admin._get_base_actions():
        right = ACTION_RIGHTS[action]
        selected = [obj.pk for key, obj in objects.items() if not may(label, right, role, key)]
        if not RIGHTS[label][right].get(role):  # not offered at all: a forged action
            data = {"action": action, "_selected_action": selected, "post": "yes", "index": 0}
            attempts.append((f"action {action}", reverse(f"{prefix}_changelist"), data))
    got = {}
    for what, url, data in attempts:
        if label == "articles.photo" and "image" in data:
            data = {**data, "image": image_upload("swap.jpg")}
        response = client.post(url, data)
        got[what] = outcome(response) if role == "anonymous" else response.status_code
    assert got == dict.fromkeys(got, refused)
    assert world.snapshot() == before


@pytest.mark.parametrize("role", STAFF)
def test_actions_skip_the_pieces_a_role_may_not_touch(world, role):
    """An action the role is offered, posted with objects it may not touch: they stay as they
    were (the page says why: a message, or "Cannot delete")."""
    client = world.client(role)
    posts = []
    for label, right, action in [
        ("articles.article", "change", "send_for_review"),
        ("articles.photo", "delete", "delete_selected"),
    ]:
        refused = [k for k in world.keys(label) if not may(label, right, role, k)]
        if refused and RIGHTS[label][right].get(role):
            pks = [world.get(label, key).pk for key in refused]
            url = reverse(f"admin:{label.replace('.', '_')}_changelist")
            posts.append((url, {"action": action, "_selected_action": pks, "post": "yes"}))
    before = world.snapshot()
    for url, data in posts:
        assert client.post(url, {**data, "index": 0}).status_code in {200, 302, 403}
    assert world.snapshot() == before


# ---- the admin site's own pages -----------------------------------------------------------


def autocomplete_fields():
    for model, model_admin in admin.site._registry.items():
        owners = [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]
        for owner in owners:
            for field_name in owner.autocomplete_fields:
                field = owner.model._meta.get_field(field_name)
                yield model, owner.model, field_name, field.remote_field.model


@pytest.mark.parametrize("role", ROLES)
def test_autocomplete_answers_only_who_may_view(world, role):
    client = world.client(role)
    got, want = {}, {}
    for _admin_model, source, field_name, target in autocomplete_fields():
        label = target._meta.label_lower
        world.get(label, world.keys(label)[0])
        query = {"app_label": source._meta.app_label, "model_name": source._meta.model_name,
                 "field_name": field_name, "term": ""}  # fmt: skip
        name = f"{source._meta.label_lower}.{field_name}"
        got[name] = outcome(client.get(reverse("admin:autocomplete"), query))
        if role == "anonymous":
            want[name] = "login"
        else:
            want[name] = "200" if may(label, "view", role, "any") else "403"
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_app_pages_show_only_what_the_role_may_see(world, role):
    client = world.client(role)
    labels = {model._meta.app_label for model in admin.site._registry}
    got = {app: outcome(client.get(reverse("admin:app_list", args=[app]))) for app in labels}
    got["index"] = outcome(client.get(reverse("admin:index")))

    def sees(app):
        if role == "anonymous":
            return "login"
        visible = [label for label in RIGHTS if label.startswith(f"{app}.")]
        return "read" if any(may(label, "view", role, "any") for label in visible) else "404"

    want = {app: sees(app) for app in labels}
    want["index"] = "login" if role == "anonymous" else "read"
    assert got == want


def test_the_groups_hold_no_permission_outside_the_table():
    """The model permissions are the upper bound; nothing of users, axes or keys in them."""
    for name, role in [("Reporters", "reporter"), ("Editors", "editor")]:
        held = set(
            Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", "content_type__model", "codename"
            )
        )
        for app, model, codename in held:
            action = codename.split("_")[0]
            label = f"{app}.{model}"
            if label in RIGHTS and action in RIGHTS[label]:
                assert RIGHTS[label][action].get(role), f"{name} hold {codename}"
            else:  # bylines and corrections: edited only inside a piece the role may change
                assert label in {"articles.byline", "articles.correction"}, codename
        assert not any(app in {"auth", "axes"} for app, _m, _c in held)


# ---- django-reversion: a version must belong to the piece in the URL ----------------------


def byline_version_with_the_same_id(world: World, article: Article) -> Version:
    """A version whose object id is the piece's own, of a byline (another model)."""
    other = world.get("articles.article", "others_draft")
    author = world.get("articles.author")
    with reversion.create_revision():
        Byline.objects.create(pk=article.pk, article=other, author=author)
    return Version.objects.get_for_object_reference(Byline, article.pk).get()


FOREIGN_VERSIONS = {
    "of another piece": lambda world, article: Version.objects.get_for_object(
        world.get("articles.article", "others_published")
    ).first(),
    "of a byline with the same id": byline_version_with_the_same_id,
}


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize(
    "which",
    [
        "of another piece",
        pytest.param("of a byline with the same id"),
    ],
)
def test_a_version_of_another_object_is_not_found(world, role, which):
    article = world.get("articles.article", "own_draft")
    version = FOREIGN_VERSIONS[which](world, article)
    client = world.client(role)
    before = world.snapshot()
    url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, article_form(article, status=Status.DRAFT)).status_code == 404
    assert world.snapshot() == before


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_recover_offers_only_deleted_pieces(world, role):
    live = world.get("articles.article", "others_published")
    version = Version.objects.get_for_object(live).first()
    url = reverse("admin:articles_article_recover", args=[version.pk])
    assert world.client(role).get(url).status_code == 404


# ---- accounts, lockouts and keys are the superusers', whatever a group was given ----------


@pytest.mark.parametrize("model", ["user", "group", "partnerkey", "accessattempt"])
def test_a_group_granted_account_rights_still_cannot_use_them(world, model):
    """Someone ticks `change_user` for the Editors: an editor still cannot open the user
    form, where they could make themselves a superuser."""
    from django.contrib.auth.models import Permission

    Group.objects.get(name="Editors").permissions.add(
        *Permission.objects.filter(content_type__model=model)
    )
    label = {"user": "auth.user", "group": "auth.group", "partnerkey": "articles.partnerkey",
             "accessattempt": "axes.accessattempt"}[model]  # fmt: skip
    obj = world.get(label)
    editor = world.users["editor"]
    client = world.client("editor")
    prefix = f"admin:{label.replace('.', '_')}"
    assert client.get(reverse(f"{prefix}_changelist")).status_code == 403
    assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 403
    if model == "user":
        data = {"username": "olga", "is_staff": "on", "is_superuser": "on", "is_active": "on"}
        url = reverse(f"{prefix}_change", args=[editor.pk])
        assert client.post(url, data).status_code == 403
        editor.refresh_from_db()
        assert not editor.is_superuser
