"""The photo picker lists photos, and only photos.

Red team on issue 15: asked for any field other than a photo (an article's section, story or
tags, a user's groups), the picker crashed with a 500 on `obj.image`. It now answers 404 for
every field whose related model is not Photo.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from articles.models import Photo

pytestmark = pytest.mark.django_db

PICKER = "admin:articles_photo_picker"


def relation_fields():
    """(app label, model name, field name, points at Photo) for every relation in the project."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model:
                yield (
                    model._meta.app_label,
                    model._meta.model_name,
                    field.name,
                    field.related_model is Photo,
                )


def ask(client, app_label, model_name, field_name):
    query = {"app_label": app_label, "model_name": model_name, "field_name": field_name}
    return client.get(reverse(PICKER), query)


@pytest.mark.parametrize(
    "field_name", ["section", "story", "tags", "earlier", "authors", "created_by"]
)
def test_a_reporter_asking_the_picker_for_another_field_gets_not_found(reporter_client, field_name):
    assert ask(reporter_client, "articles", "article", field_name).status_code in (403, 404)


def test_a_superuser_asking_the_picker_for_a_users_groups_gets_not_found(editor_client):
    assert ask(editor_client, "auth", "user", "groups").status_code == 404


@pytest.mark.parametrize("who", ["reporter_client", "editor_client"])
def test_the_picker_never_fails_on_any_field_of_any_model(request, who, make_photo):
    client = request.getfixturevalue(who)
    make_photo()
    for app_label, model_name, field_name, is_photo in relation_fields():
        response = ask(client, app_label, model_name, field_name)
        if is_photo:
            assert response.status_code in (200, 403), (model_name, field_name)
        else:
            assert response.status_code in (403, 404), (model_name, field_name)


def test_the_hero_photo_picker_still_shows_thumbnails(reporter_client, make_photo):
    photo = make_photo()
    response = ask(reporter_client, "articles", "article", "hero_photo")

    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["id"] == str(photo.pk)
    assert result["credit"].endswith("facebook.com/rassul.rysmambetov")
    assert result["thumb"] == photo.image.url
