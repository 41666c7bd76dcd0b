"""The partner feed as a partner reads it: with a key of its own."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models.partners import partner_key_issue

LIST = reverse("api:ninjs_list")


@pytest.fixture
def partner_key(db) -> str:
    return partner_key_issue(name="Kazinform")[1]


@pytest.fixture
def api(partner_key) -> Client:
    return Client(headers={"Authorization": f"Bearer {partner_key}"})


def items(api, **params) -> list[dict]:
    response = api.get(LIST, params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def headlines(api, **params) -> list[str]:
    return [item["headlines"][0]["value"] for item in items(api, **params)]


def detail(article) -> str:
    return reverse("api:ninjs_detail", kwargs={"pk": article.pk})
