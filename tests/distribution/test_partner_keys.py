"""Each partner has its own API key: what a key lets in, and how the desk issues and revokes it."""

import hashlib
import io
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from articles.models import PartnerKey
from articles.models.partners import partner_key_revoke
from tests.distribution.conftest import LIST, detail

pytestmark = pytest.mark.django_db

KEY = re.compile(r"nr_[A-Za-z0-9_-]{43}")


# Keys --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Basic bnI6eA==", "Bearer nr_garbage", "Bearer a b", "nr_x"],
)
def test_partner_without_a_valid_key_gets_401_json(client, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get(LIST, headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="newsroom"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.json()["error"]["message"]


def test_revoked_key_gets_401(api):
    assert api.get(LIST).status_code == 200
    partner_key_revoke(key=PartnerKey.objects.get())
    assert api.get(LIST).status_code == 401


def test_the_feed_is_read_only(api, make_article):
    for response in (api.post(LIST), api.delete(detail(make_article()))):
        assert response.status_code == 405
        assert response["Allow"] == "GET"
        assert response.json()["error"]["code"] == "method_not_allowed"


def test_key_records_its_last_use_at_most_once_a_minute(api):
    api.get(LIST)
    first = PartnerKey.objects.get().last_used_at
    assert first is not None
    api.get(LIST)
    assert PartnerKey.objects.get().last_used_at == first
    PartnerKey.objects.update(last_used_at=first - timedelta(minutes=2))
    api.get(LIST)
    assert PartnerKey.objects.get().last_used_at > first


# The desk: admin and command ---------------------------------------------------------------


def test_admin_issues_a_key_shows_it_once_and_stores_only_its_hash(editor_client):
    add = reverse("admin:articles_partnerkey_add")
    assert 'name="key_hash"' not in editor_client.get(add).text  # only the partner's name
    response = editor_client.post(add, {"name": "Kazinform"}, follow=True)
    assert response.status_code == 200
    [raw] = KEY.findall(response.text)
    stored = PartnerKey.objects.get()
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.prefix == raw[:8]
    assert stored.created_by.username == "admin"
    assert raw not in str(PartnerKey.objects.values().get())
    assert raw not in editor_client.get(reverse("admin:articles_partnerkey_changelist")).text
    change = reverse("admin:articles_partnerkey_change", args=[stored.pk])
    assert raw not in editor_client.get(change).text
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get(LIST).status_code == 200


def test_admin_keeps_the_hash_and_offers_revoking_instead_of_deleting(editor_client, api):
    key = PartnerKey.objects.get()
    change = reverse("admin:articles_partnerkey_change", args=[key.pk])
    editor_client.post(change, {"name": "Kazinform (Astana)", "key_hash": "0" * 64})
    key.refresh_from_db()
    assert key.name == "Kazinform (Astana)"
    assert key.key_hash != "0" * 64
    delete = reverse("admin:articles_partnerkey_delete", args=[key.pk])
    assert editor_client.get(delete).status_code == 403

    changelist = reverse("admin:articles_partnerkey_changelist")
    editor_client.post(changelist, {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert api.get(LIST).status_code == 401
    assert "error-fg" in editor_client.get(changelist).text  # shown as revoked


def test_editors_without_the_permission_do_not_see_partner_keys(desk_client):
    response = desk_client.get(reverse("admin:articles_partnerkey_changelist"))
    assert response.status_code == 403


def test_command_prints_a_working_key_once(db):
    out = io.StringIO()
    call_command("create_partner_key", "Kazinform", stdout=out)
    [raw] = KEY.findall(out.getvalue())
    assert "Authorization: Bearer" in out.getvalue()
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get(LIST).status_code == 200


def test_command_revokes_a_key_by_its_prefix(api):
    key = PartnerKey.objects.get()
    out = io.StringIO()
    call_command("create_partner_key", "--revoke", key.prefix, stdout=out)
    assert "Revoked" in out.getvalue()
    assert api.get(LIST).status_code == 401
    with pytest.raises(CommandError):
        call_command("create_partner_key", "--revoke", "nr_nope")
