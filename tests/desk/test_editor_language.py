"""CKEditor speaks the desk's language where it has a pack for it (it has no Kazakh)."""

import json
import re

import pytest
from django.urls import reverse

from articles.desk.widgets import editor_language, editor_languages
from tests.factories import client_for

pytestmark = pytest.mark.django_db


def editor_config(user, language) -> dict:
    url = reverse("admin:articles_article_add")
    html = client_for(user).get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    raw = re.search(r'data-config="([^"]+)"', html)[1]
    return json.loads(raw.replace("&quot;", '"').replace("&amp;", "&"))


@pytest.mark.parametrize(("desk", "editor_ui"), [("en", "en"), ("ru", "ru"), ("kk", "ru")])
def test_the_body_editor_speaks_the_desks_language(editor, desk, editor_ui):
    config = editor_config(editor, desk)
    # The browser's own language never decides: the fallback is the same language.
    assert (config["language"], config["defaultLanguage"]) == (editor_ui, editor_ui)


def test_kazakh_falls_back_to_russian_as_ckeditor_ships_no_kazakh():
    assert "kk" not in editor_languages()
    assert {"ru", "en"} <= editor_languages()
    assert editor_language("kk") == "ru"
    assert editor_language("kk-latn") == "ru"
    assert editor_language("en-gb") == "en-gb"
    assert editor_language("de-at") == "de"
    assert editor_language("xx") == "en"
