"""Ids typed or forged into the admin: a form error or a "not found", never a 500."""

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse

from articles.desk.safe_ids import SafeChoicesMixin
from tests.factories import article_form

pytestmark = pytest.mark.django_db

JUNK = ["abc", "99999999999999999999", "1.5", "²"]  # text, past 64 bits, not whole, not ASCII
CHOICE_FIELDS = ["section", "story", "hero_photo", "earlier", "tags", "bylines-0-author"]


def _with_junk(data: dict, field: str, value: str) -> dict:
    if field.startswith("bylines-"):
        data.update({"bylines-TOTAL_FORMS": "1", "bylines-0-role": "author",
                     "bylines-0-position": "0"})  # fmt: skip
    return {**data, field: value}


@pytest.mark.parametrize("value", JUNK)
@pytest.mark.parametrize("field", CHOICE_FIELDS)
def test_junk_id_in_an_article_choice_field_is_a_form_error(
    desk_client, make_article, field, value
):
    article = make_article(headline="Как было")
    for url, data in [
        (reverse("admin:articles_article_add"), article_form(headline="Новая")),
        (reverse("admin:articles_article_change", args=[article.pk]), article_form(article)),
    ]:
        response = desk_client.post(url, _with_junk(data, field, value))
        assert response.status_code == 200, url  # the form again, with its error
        assert response.context["errors"], url
    article.refresh_from_db()
    assert article.headline == "Как было"


def test_every_admin_and_inline_checks_posted_ids():
    for model, model_admin in admin.site._registry.items():
        relations = [f for f in model._meta.get_fields() if f.is_relation and f.editable]
        if not relations and not model_admin.inlines:
            continue  # e.g. axes' logs of login attempts: no ids to post
        assert isinstance(model_admin, SafeChoicesMixin), type(model_admin)
        for inline in model_admin.inlines:
            assert issubclass(inline, SafeChoicesMixin), inline


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "²"])
def test_every_choice_field_of_every_add_form_answers_junk_with_a_form_error(admin_client, value):
    checked = 0
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        page = admin_client.get(url)
        if page.status_code != 200:
            continue
        form = page.context["adminform"].form
        data = {name: value for name, field in form.fields.items()
                if isinstance(field, forms.ModelChoiceField)}  # fmt: skip
        if not data:
            continue
        for formset in page.context["inline_admin_formsets"]:
            prefix = formset.formset.prefix
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        response = admin_client.post(url, data)
        assert response.status_code == 200, url
        checked += 1
    assert checked >= 3  # articles, authors, groups (their permissions)


@pytest.mark.parametrize(
    "path",
    [
        "articles/article/?section__id__exact=abc",
        "articles/article/?section__id__exact=99999999999999999999",
        "articles/article/?bylines__author=999999999999999999999",
        "articles/article/?bylines__author=abc",
        "articles/article/?created_by__id__exact=999999999999999999999",
        "articles/article/?p=99999999999999999999",
        "articles/article/?q=%00",
        "articles/author/?q=a%00b",
        "articles/article/99999999999999999999/change/",
        "articles/article/abc/change/",
        "articles/article/99999999999999999999/history/",
        "articles/article/99999999999999999999/preview/",
        "articles/article/99999999999999999999/delete/",
        "articles/photo/99999999999999999999/change/",
        "articles/author/?user__id__exact=99999999999999999999",
        "articles/photo/picker/?app_label=articles&model_name=article&field_name=hero_photo"
        "&page=abc",
        "articles/photo/picker/?app_label=articles&model_name=article&field_name=hero_photo"
        "&page=99999999999999999999&term=%00",
        "autocomplete/?app_label=articles&model_name=article&field_name=section&term=%00",
        "autocomplete/?app_label=articles&model_name=article&field_name=tags&term=a"
        "&page=99999999999999999999",
        "autocomplete/?app_label=articles&model_name=byline&field_name=author&term=²",
        "autocomplete/?app_label=articles&model_name=nope&field_name=section&term=a",
        "auth/user/99999999999999999999/change/",
    ],
)
def test_junk_ids_in_admin_addresses_never_give_a_server_error(admin_client, make_article, path):
    make_article()
    assert admin_client.get(f"/admin/{path}").status_code in (200, 302, 400, 403, 404)
