"""Who may do what: the rights table of SECURITY.md, walked through every admin URL as every role.

The URLs are read from `admin.site` (each registered ModelAdmin's `get_urls`, the admin
site's own, and every autocomplete field), never listed by hand: a new admin, URL, action or
autocomplete without a row in `RIGHTS` fails `test_every_admin_url_has_a_row_in_the_table`.
Each case tries the URL on real objects (a reporter's own and others') and compares what the
role got with what the table says (refused writes: tests/desk/test_refused_writes.py).
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, reverse
from reversion.models import Version

from articles.models import Article
from tests.desk.rights_table import (
    ACTION_RIGHTS,
    RIGHTS,
    ROLES,
    SITE_URLS,
    URL_KINDS,
    World,
    may,
    outcome,
)

pytestmark = pytest.mark.django_db
Status = Article.Status


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
