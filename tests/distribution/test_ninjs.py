"""Partner newsrooms pull published pieces as IPTC ninjs 3.1, each with its own API key."""

import base64
import hashlib
import io
import json
import re
from datetime import datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from articles import services
from articles.models import Article, Byline, PartnerKey, Section
from articles.models.partners import partner_key_issue, partner_key_revoke

pytestmark = pytest.mark.django_db

LIST = reverse("api:ninjs_list")
KEY = re.compile(r"nr_[A-Za-z0-9_-]{43}")

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


# Filters and pages -------------------------------------------------------------------------


def test_language_filter(api, make_article):
    make_article(language="ru", headline="По-русски")
    make_article(language="kk", headline="Қазақша")
    make_article(language="en", headline="In English")
    assert headlines(api, language="kk") == ["Қазақша"]
    assert sorted(headlines(api)) == sorted(["По-русски", "Қазақша", "In English"])


def test_section_filter(api, make_article, section):
    politics = Section.objects.create(slug="politics", name_ru="Политика")
    make_article(headline="Про экономику", section=section)
    make_article(headline="Про политику", section=politics)
    assert headlines(api, section="economy") == ["Про экономику"]


def test_since_filter_returns_new_and_corrected_pieces(api, make_article):
    now = timezone.now()
    untouched = make_article(headline="Старая", published_at=now - timedelta(days=3))
    corrected = make_article(headline="Исправленная", published_at=now - timedelta(days=3))
    make_article(headline="Свежая", published_at=now - timedelta(hours=1))
    Article.objects.filter(pk=untouched.pk).update(updated_at=untouched.published_at)
    Article.objects.filter(pk=corrected.pk).update(updated_at=now - timedelta(minutes=10))
    since = (now - timedelta(hours=2)).isoformat()
    assert headlines(api, since=since) == ["Свежая", "Исправленная"]
    for item in items(api, since=since):
        assert datetime.fromisoformat(item["versionCreated"]) >= now - timedelta(hours=2)


def test_since_survives_an_unencoded_plus_in_the_offset(api, make_article):
    make_article(headline="Свежая")
    moment = timezone.localtime() - timedelta(days=1)
    response = api.get(f"{LIST}?since={moment.replace(microsecond=0).isoformat()}")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1


def test_cursor_pages_walk_every_item_exactly_once(api, make_article):
    now = timezone.now()
    same_moment = now - timedelta(hours=2)
    for hours in (1, 3, 4, 5):
        make_article(published_at=now - timedelta(hours=hours))
    for _ in range(3):  # ties on published_at are broken by id
        make_article(published_at=same_moment)
    make_article(language="en", published_at=now - timedelta(minutes=5))
    expected = list(
        Article.objects.published()
        .in_language("ru")
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
    )

    seen, url, pages = [], f"{LIST}?language=ru&limit=3", 0
    while url:
        page = api.get(url).json()
        seen += [int(item["uri"].rsplit(":", 1)[1]) for item in page["items"]]
        url, pages = page["next"], pages + 1
        if url:
            assert url.startswith("https://news.example.kz/api/ninjs/?")
            assert "language=ru" in url
    assert seen == expected
    assert len(set(seen)) == 7
    assert pages == 3


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("cursor", "!!!not-base64!!!"),
        ("cursor", cursor("garbage")),
        ("cursor", cursor("2025-11-16T10:00:00+00:00|x")),
        ("cursor", cursor("2025-11-16T10:00:00|5")),
        ("cursor", cursor("2025-11-16T10:00:00+00:00|99999999999999999999999")),
        ("cursor", cursor("0001-01-01T00:00:00+05:00|1")),
        ("cursor", base64.urlsafe_b64encode(b"\xff\xfe|1").decode()),
        ("limit", "0"),
        ("limit", "101"),
        ("limit", "ten"),
        ("limit", "-1"),
        ("since", "yesterday"),
        ("since", "2025-11-16T14:30:00"),
        ("since", "2025-13-01T00:00:00Z"),
        ("language", "de"),
        ("language", "kk-Latn"),
        ("section", "no-such-section"),
    ],
)
def test_bad_parameters_get_400_json(api, make_article, name, value):
    make_article()
    response = api.get(LIST, {name: value})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_parameter"
    assert name in response.json()["error"]["message"]


def test_query_count_does_not_grow_with_the_number_of_items(
    api, make_article, make_photo, author, section, tag, django_assert_max_num_queries
):
    def publish(count: int) -> None:
        for _ in range(count):
            article = make_article(section=section, tags=[tag], hero_photo=make_photo())
            Byline.objects.create(article=article, author=author)

    publish(3)
    assert len(items(api, limit=100)) == 3  # also records the key's last use
    with CaptureQueriesContext(connection) as three:
        assert len(items(api, limit=100)) == 3
    publish(27)
    with django_assert_max_num_queries(len(three)):
        assert len(items(api, limit=100)) == 30


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
