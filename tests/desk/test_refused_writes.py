"""Writes a role may not make answer 403 and change nothing; actions skip what it may not touch."""

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.desk.rights_table import ACTION_RIGHTS, RIGHTS, ROLES, STAFF, may, outcome
from tests.factories import article_form, image_upload

pytestmark = pytest.mark.django_db
Status = Article.Status


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
