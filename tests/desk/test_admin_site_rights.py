"""The admin site's own pages, and accounts, lockouts and keys, let in only whom the table does."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from tests.desk.rights_table import RIGHTS, ROLES, may, outcome

pytestmark = pytest.mark.django_db
Status = Article.Status


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
            else:  # bylines, gallery photos and corrections: edited only inside a piece the
                # role may change; a delivery's attempts: read only inside the delivery
                inside = {"articles.byline", "articles.galleryphoto", "articles.correction",
                          "articles.deliveryattempt"}  # fmt: skip
                assert label in inside, codename
        assert not any(app in {"auth", "axes"} for app, _m, _c in held)


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
