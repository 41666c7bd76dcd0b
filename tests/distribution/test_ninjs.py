"""Partner newsrooms pull published pieces as IPTC ninjs 3.1: the items, and withdrawals."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from articles import services
from articles.models import Article, Byline
from tests.distribution.conftest import detail, headlines, items

pytestmark = pytest.mark.django_db

# What ninjs 3.1 says about the properties this feed emits (written from the spec, not
# copied): `uri` is required; headlines, descriptions and bodies are arrays of objects with
# a required `value`; people, subjects, renditions and associations have fixed members; no
# object takes members the spec does not define (the spec's unevaluatedProperties: false).
STRING, INTEGER = {"type": "string"}, {"type": "integer"}
URI = {"type": "string", "format": "uri"}
DATE_TIME = {"type": "string", "format": "date-time"}


def strict(properties: dict, required=()) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def array_of(item: dict) -> dict:
    return {"type": "array", "items": item}


TEXT = strict({"role": STRING, "contentType": STRING, "value": STRING}, ["value"])
BODY = strict({**TEXT["properties"], "charCount": INTEGER, "wordCount": INTEGER}, ["value"])
CONCEPT = strict({"name": STRING, "rel": STRING, "uri": URI, "literal": STRING})
RENDITION = strict(
    {"name": STRING, "href": URI, "contentType": STRING, "width": INTEGER, "height": INTEGER},
    ["name"],
)
NINJS_PROPERTIES = {
    "uri": URI,
    "standard": strict({"name": STRING, "version": STRING, "schema": URI}),
    "type": {
        "enum": ["text", "audio", "video", "picture", "graphic", "composite", "component"]
        + ["event", "planning"]
    },
    "representationType": {"enum": ["full", "partial"]},
    "profile": STRING,
    "version": STRING,
    "firstCreated": DATE_TIME,
    "versionCreated": DATE_TIME,
    "pubStatus": {"enum": ["usable", "withheld", "canceled"]},
    "language": STRING,
    "slugline": STRING,
    "headlines": array_of(TEXT),
    "descriptions": array_of(TEXT),
    "bodies": array_of(BODY),
    "by": STRING,
    "people": array_of(CONCEPT),
    "subjects": array_of(CONCEPT),
    "located": STRING,
    "infoSources": array_of(strict({"name": STRING, "role": STRING, "uri": URI})),
    "altIds": array_of(strict({"role": STRING, "value": STRING})),
    "renditions": array_of(RENDITION),
}
ASSOCIATION = strict({**NINJS_PROPERTIES, "name": STRING, "rel": STRING}, ["name", "uri"])
NINJS_ITEM = strict({**NINJS_PROPERTIES, "associations": array_of(ASSOCIATION)}, ["uri"])

# jsonschema checks "date-time" and "uri" only with optional packages; these follow RFC 3339
# (an offset is required) and RFC 3986 (a scheme, then no spaces).
FORMATS = FormatChecker()
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@FORMATS.checks("date-time", raises=ValueError)
def is_date_time(value) -> bool:
    return bool(RFC3339.match(value)) and datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("uri")
def is_uri(value) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$", value))


VALIDATOR = Draft202012Validator(NINJS_ITEM, format_checker=FORMATS)


# Items -------------------------------------------------------------------------------------


def test_the_reference_story_is_a_valid_ninjs_31_item(api, central_asia_story, media_in_tmp):
    photo = services.photo_save(photo=central_asia_story.hero_photo)
    response = api.get(detail(central_asia_story))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Центр «Центральная Азия»".encode() in response.content  # not \u-escaped
    item = response.json()
    VALIDATOR.validate(item)

    assert item["uri"] == f"urn:newsroom:article:{central_asia_story.pk}"
    assert (item["type"], item["pubStatus"], item["language"]) == ("text", "usable", "ru")
    assert datetime.fromisoformat(item["firstCreated"]) == central_asia_story.published_at
    assert item["firstCreated"].startswith("2025-11-16T14:30:00+")  # Almaty time, with offset
    assert item["headlines"] == [
        {"role": "main", "contentType": "text/plain", "value": central_asia_story.headline}
    ]
    assert item["descriptions"][0]["role"] == "summary"
    assert item["descriptions"][0]["value"].startswith("Президенты Казахстана")
    assert item["bodies"][0]["contentType"] == "text/html"
    assert item["bodies"][0]["value"].startswith("<p>Экономист Расул Рысмамбетов")
    assert item["by"] == "Данира Искакова"
    assert [(p["name"], p["rel"]) for p in item["people"]] == [("Данира Искакова", "author")]
    assert {(s["name"], s["uri"]) for s in item["subjects"]} == {
        ("Экономика", "urn:newsroom:section:economy"),
        ("Центральная Азия", "urn:newsroom:tag:central-asia"),
    }
    assert item["located"] == "Астана"
    assert item["altIds"] == [
        {"role": "url", "value": f"https://news.example.kz{central_asia_story.get_absolute_url()}"}
    ]
    [picture] = item["associations"]
    assert (picture["type"], picture["uri"]) == ("picture", f"urn:newsroom:photo:{photo.pk}")
    assert picture["descriptions"][0]["role"] == "caption"
    assert picture["descriptions"][0]["value"] == "Финансист Расул Рысмамбетов"
    assert picture["by"] == "Фото: facebook.com/rassul.rysmambetov"
    assert {r["contentType"] for r in picture["renditions"]} == {"image/webp", "image/jpeg"}
    for rendition in picture["renditions"]:
        assert rendition["href"].startswith("https://news.example.kz/media/renditions/")
        assert (
            media_in_tmp / rendition["href"].removeprefix("https://news.example.kz/media/")
        ).is_file()
        assert (rendition["width"], rendition["height"]) == (64, 48)


def test_english_item_uses_latin_names_and_english_subject_names(
    api, make_article, author, section
):
    article = make_article(language="en", headline="A new centre opens", section=section)
    Byline.objects.create(article=article, author=author, role=Byline.Role.CORRESPONDENT)
    item = api.get(detail(article)).json()
    VALIDATOR.validate(item)
    assert item["language"] == "en"
    assert item["by"] == "Danira Iskakova"
    assert item["people"][0]["rel"] == "correspondent"
    assert item["subjects"][0]["name"] == "Economy"


def test_bare_item_has_only_what_the_piece_has(api, make_article):
    article = make_article(body='<p>Фото: <img src="/media/uploads/a.jpg" alt=""></p>')
    item = api.get(detail(article)).json()
    VALIDATOR.validate(item)
    assert item["profile"] == "text-only"
    assert 'src="https://news.example.kz/media/uploads/a.jpg"' in item["bodies"][0]["value"]
    assert not {"by", "people", "subjects", "located", "associations"} & item.keys()


def test_the_test_schema_rejects_what_ninjs_31_forbids():
    for wrong in (
        {"type": "text"},  # no uri
        {"uri": "urn:x:1", "versioncreated": "2025-11-16T14:30:00+05:00"},  # a 1.x name
        {"uri": "urn:x:1", "versionCreated": "2025-11-16T14:30:00"},  # no offset
        {"uri": "urn:x:1", "headlines": "A headline"},  # not an array of objects
        {"uri": "not a uri"},
    ):
        assert not VALIDATOR.is_valid(wrong), wrong


@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (Article.Status.DRAFT, timedelta(hours=-1)),
        (Article.Status.REVIEW, timedelta(hours=-1)),
        (Article.Status.PUBLISHED, timedelta(hours=+1)),
    ],
    ids=["draft", "in-review", "scheduled"],
)
def test_unreleased_pieces_are_never_syndicated(api, make_article, status, offset):
    article = make_article(
        headline="Секретный материал", status=status, published_at=timezone.now() + offset
    )
    assert "Секретный материал" not in headlines(api)
    response = api.get(detail(article))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_edit_shows_at_once_and_moves_versioncreated(api, make_article):
    article = make_article(headline="Первая версия")
    Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
    before = api.get(detail(article)).json()
    assert before["versionCreated"] == before["firstCreated"]

    article.refresh_from_db()
    article.headline = "Исправленная версия"
    article.save()
    after = api.get(detail(article)).json()
    assert after["headlines"][0]["value"] == "Исправленная версия"
    assert after["versionCreated"] > before["versionCreated"]
    assert after["firstCreated"] == before["firstCreated"]


# Withdrawals -------------------------------------------------------------------------------


@pytest.fixture
def withdrawn_piece(api, central_asia_story, admin_user, media_in_tmp):
    """The reference piece, received by the partner, then withdrawn by an editor."""
    before = api.get(detail(central_asia_story)).json()
    assert before["pubStatus"] == "usable"
    services.article_withdraw(
        article=central_asia_story, user=admin_user, reason="Юристы просят снять"
    )
    return {"article": central_asia_story, "before": before}


# Nothing a reader could read: headline, lead, body, photo, people, topics, the reason.
KILL_NOTICE_KEYS = {
    "uri", "standard", "type", "representationType", "version", "firstCreated",
    "versionCreated", "pubStatus", "language",
}  # fmt: skip


def assert_kill_notice_without_text(item: dict, article: Article) -> None:
    assert set(item) == KILL_NOTICE_KEYS
    text = json.dumps(item, ensure_ascii=False)
    for told in (article.headline, article.lead, article.slug, "Рысмамбетов", "Юристы",
                 "Экономика"):  # fmt: skip
        assert told not in text
    VALIDATOR.validate(item)


def test_a_withdrawn_piece_is_a_kill_notice_at_its_own_address(api, withdrawn_piece):
    article, before = withdrawn_piece["article"], withdrawn_piece["before"]
    response = api.get(detail(article))
    assert response.status_code == 200
    item = response.json()
    assert item["uri"] == before["uri"]
    assert item["pubStatus"] == "canceled"
    assert int(item["version"]) > int(before["version"])
    assert item["versionCreated"] > before["versionCreated"]
    assert item["firstCreated"] == before["firstCreated"]
    assert_kill_notice_without_text(item, article)


def test_a_partner_polling_for_changes_learns_of_the_withdrawal(api, withdrawn_piece, make_article):
    article, before = withdrawn_piece["article"], withdrawn_piece["before"]
    make_article(headline="Новость после снятия")
    since = before["versionCreated"]

    changes = items(api, since=since)

    assert [item.get("headlines", [{}])[0].get("value") for item in changes] == [
        "Новость после снятия",
        None,
    ]
    [notice] = [item for item in changes if item["uri"] == before["uri"]]
    assert notice["pubStatus"] == "canceled"
    assert_kill_notice_without_text(notice, article)
    assert before["uri"] not in [item["uri"] for item in items(api)]  # the newest pieces
    assert items(api, since=since, language="en") == []
    assert len(items(api, since=since, section="economy")) == 1


def test_a_withdrawal_older_than_since_is_not_news(api, withdrawn_piece):
    later = (timezone.now() + timedelta(seconds=1)).isoformat()
    assert items(api, since=later) == []


def test_a_withdrawn_piece_being_reworked_is_withheld_until_it_is_out_again(
    api, withdrawn_piece, admin_user
):
    article = withdrawn_piece["article"]
    article.status = Article.Status.DRAFT
    services.article_save(article=article, user=admin_user, to_status=Article.Status.DRAFT)
    item = api.get(detail(article)).json()
    assert item["pubStatus"] == "withheld"
    assert_kill_notice_without_text(item, article)

    services.article_publish(article=article, user=admin_user)
    again = api.get(detail(article)).json()
    assert again["pubStatus"] == "usable"
    assert int(again["version"]) > int(item["version"])


def test_readers_never_see_a_withdrawn_piece(client, withdrawn_piece):
    article = withdrawn_piece["article"]
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.pk not in Article.objects.published().values_list("pk", flat=True)
    assert article.headline not in client.get("/ru/").content.decode()


def test_pieces_never_released_are_no_kill_notices(api, make_article):
    draft = make_article(status="draft", published_at=None)
    assert api.get(detail(draft)).status_code == 404
    assert items(api, since=(timezone.now() - timedelta(days=1)).isoformat()) == []


def test_a_partner_of_the_latin_edition_learns_of_a_kazakh_withdrawal(
    api, make_article, admin_user
):
    piece = make_article(language="kk", headline="Жаңа орталық ашылды")
    before = items(api, language="kk-latn")[0]
    services.article_withdraw(article=piece, user=admin_user, reason="Қате дерек")

    changes = items(api, since=before["versionCreated"], language="kk-latn")

    [notice] = changes
    assert notice["uri"] == before["uri"]
    assert notice["pubStatus"] == "canceled"
    assert notice["language"] == "kk-Latn"  # as the partner was sent the piece
    assert items(api, since=before["versionCreated"], language="ru") == []


def test_a_latin_editions_partner_gets_a_kazakh_withdrawal_at_its_address_in_kk_latn(
    api, make_article, admin_user
):
    """The item's own address says the withdrawal as the list does: in the edition asked."""
    piece = make_article(language="kk", headline="Жаңа орталық ашылды")
    russian = make_article(headline="Новый центр открыт")
    for withdrawn in (piece, russian):
        services.article_withdraw(article=withdrawn, user=admin_user, reason="Қате дерек")

    latin = api.get(detail(piece), {"language": "kk-latn"})
    assert latin.status_code == 200
    assert latin.json()["pubStatus"] == "canceled"
    assert latin.json()["language"] == "kk-Latn"
    assert api.get(detail(piece)).json()["language"] == "kk"
    # A withdrawn Russian piece is no more the Latin edition's than a published one.
    assert api.get(detail(russian), {"language": "kk-latn"}).status_code == 404
