"""An editor opens Wires, searches, reads an item and takes it: they land on the draft. The
inbox and the item page have no serious accessibility violations (axe-core)."""

import importlib
import json

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.urls import reverse

from articles import wire
from articles.models import Article, WireSource
from tests.e2e.conftest import PASSWORD, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def inbox(newsroom_groups):
    # The wire's group rights (migration 0022), put back after the flush as 0003's are.
    importlib.import_module("articles.migrations.0025_wire_intake").grant(apps, None)
    editor = User.objects.create_user("olga", "olga@newsroom.example", PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    source = WireSource.objects.create(
        name="Kazinform", kind="folder", folder="kazinform", source_line="Kazinform"
    )
    for number, headline in enumerate(["Центр «Центральная Азия» открыт", "Погода в Астане"]):
        wire.wire_item_receive(
            source=source,
            incoming=wire.Incoming(
                guid=f"urn:kz:{number}",
                version="1",
                language="ru",
                headline=headline,
                lead="Первые резиденты подписали соглашения.",
                body="<p>Центр работает по обе стороны границы.</p>",
            ),
        )
    return editor


def test_an_editor_finds_an_item_and_takes_it_into_a_draft(live_server, new_page, inbox, axe):
    page = new_page(locale="ru-RU", bypass_csp=True)  # axe is injected as an inline script
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "olga")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(live_server.url + reverse("admin:articles_wireitem_changelist"))
    found = {"inbox": axe(page)}
    page.fill("#searchbar", "Центральная")
    page.press("#searchbar", "Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("#result_list").get_by_text("Погода в Астане").count() == 0
    page.locator("#result_list").get_by_text("Центр «Центральная Азия» открыт").click()
    page.wait_for_load_state("networkidle")
    found["item"] = axe(page)
    page.select_option("#wire-take-language", "ru")
    page.locator("form.wire-take button[type=submit]").click()
    draft = Article.objects.get()
    page.wait_for_url(live_server.url + reverse("admin:articles_article_change", args=[draft.pk]))
    assert page.locator("#id_headline").input_value() == "Центр «Центральная Азия» открыт"
    assert page.locator("#id_source").input_value() == "Kazinform"
    found = {name: violations for name, violations in found.items() if violations}
    if found:
        screenshot(page, "wire-inbox")
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
