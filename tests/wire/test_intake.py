"""Partners' news comes in: a ninjs API and RSS/Atom feeds served over real HTTP on this
machine, polled as the worker polls them."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles.distribution.wire.poll import poll_source
from articles.models import WireItem, WireSource
from articles.models.partners import partner_key_issue
from articles.text.notes import shown
from tests.wire.conftest import endless, never_answers

pytestmark = pytest.mark.django_db


def ninjs(uri="urn:kazinform:1", version="1", headline="Центр «Центральная Азия» открыт", **extra):
    """A ninjs 3.1 text item as a partner's API sends it."""
    item = {
        "uri": uri,
        "type": "text",
        "version": version,
        "versionCreated": f"2025-11-16T14:{int(version):02d}:00+05:00",
        "pubStatus": "usable",
        "language": "ru",
        "headlines": [{"role": "main", "contentType": "text/plain", "value": headline}],
        "descriptions": [{"role": "summary", "value": "Первые резиденты подписали соглашения."}],
        "bodies": [
            {"role": "main", "contentType": "text/html", "value": "<p>Центр открыт в Хоргосе.</p>"}
        ],
        "by": "Айгерим Садыкова",
        "infoSources": [{"name": "Kazinform", "role": "source"}],
        "altIds": [{"role": "url", "value": "https://partner.example/news/1"}],
        "associations": [
            {
                "type": "picture",
                "by": "Фото: Kazinform",
                "descriptions": [{"role": "caption", "value": "Ленточку перерезали в полдень"}],
                "renditions": [
                    {"href": "https://partner.example/p/1-640.jpg", "width": 640},
                    {"href": "https://partner.example/p/1-1280.jpg", "width": 1280},
                ],
            }
        ],
    }
    item.update(extra)
    return item


def serve_items(server, *items):
    server.serve("/api/ninjs/", json.dumps({"items": list(items), "next": None}))


def report(source: WireSource) -> str:
    """The poll report as an English-speaking editor reads it (stored untranslated)."""
    with translation.override("en"):
        return shown(source.last_report)


def status(source: WireSource) -> WireSource:
    source.refresh_from_db()
    return source


# ---- items in, once; updates replace; kills mark -------------------------------------------


def test_an_item_polled_twice_is_stored_once(api_source, source_server):
    serve_items(source_server, ninjs())
    poll_source(api_source)
    poll_source(api_source)
    item = WireItem.objects.get()
    assert item.headline == "Центр «Центральная Азия» открыт"
    assert item.lead == "Первые резиденты подписали соглашения."
    assert item.byline == "Айгерим Садыкова"
    assert item.credit == "Kazinform"
    assert item.link == "https://partner.example/news/1"
    assert item.photos == [
        {
            "url": "https://partner.example/p/1-1280.jpg",
            "caption": "Ленточку перерезали в полдень",
            "credit": "Фото: Kazinform",
        }
    ]
    assert item.versions.count() == 0
    source = status(api_source)
    assert source.last_error == ""
    assert source.last_success_at is not None
    assert source.items_received == 1
    assert report(source).startswith("0 new")


def test_the_partner_key_goes_in_its_header(api_source, source_server):
    serve_items(source_server, ninjs())
    poll_source(api_source)
    assert source_server.requests[0]["headers"]["Authorization"] == "Bearer nr_partnerkey"


def test_a_newer_version_replaces_the_item_and_the_older_one_is_kept(api_source, source_server):
    serve_items(source_server, ninjs())
    poll_source(api_source)
    serve_items(
        source_server,
        ninjs(version="2", headline="Центр «Центральная Азия» принял первых резидентов"),
    )
    poll_source(api_source)
    item = WireItem.objects.get()
    assert item.version == "2"
    assert item.headline == "Центр «Центральная Азия» принял первых резидентов"
    earlier = item.versions.get()
    assert (earlier.version, earlier.headline) == ("1", "Центр «Центральная Азия» открыт")
    assert "1 updated" in report(status(api_source))


def test_an_older_version_arriving_late_is_ignored(api_source, source_server):
    serve_items(source_server, ninjs(version="3", headline="Третья версия"))
    poll_source(api_source)
    serve_items(source_server, ninjs(version="2", headline="Вторая версия"))
    poll_source(api_source)
    item = WireItem.objects.get()
    assert (item.version, item.headline) == ("3", "Третья версия")
    assert item.versions.count() == 0


def test_a_kill_notice_marks_the_item_and_keeps_what_it_said(api_source, source_server):
    serve_items(source_server, ninjs())
    poll_source(api_source)
    kill = {"uri": "urn:kazinform:1", "version": "2", "pubStatus": "canceled",
            "versionCreated": "2025-11-16T15:00:00+05:00", "language": "ru"}  # fmt: skip
    serve_items(source_server, kill)
    poll_source(api_source)
    item = WireItem.objects.get()
    assert item.is_killed
    assert item.headline == "Центр «Центральная Азия» открыт"
    assert "1 killed" in report(status(api_source))


def test_our_own_ninjs_api_is_a_source_two_newsrooms_can_be_partners(
    api_source, source_server, central_asia_story
):
    """What articles/distribution/api/ answers (ninjs 3.1, {"items": [...]}) reads as is."""
    key = partner_key_issue(name="The other newsroom")[1]
    ours = Client(headers={"Authorization": f"Bearer {key}"}).get(reverse("api:ninjs_list"))
    source_server.serve("/api/ninjs/", ours.content)
    poll_source(api_source)
    item = WireItem.objects.get(guid=f"urn:newsroom:article:{central_asia_story.pk}")
    assert item.headline == central_asia_story.headline
    assert item.language == "ru"


def test_a_hostile_body_is_kept_without_scripts_or_hot_linked_pictures(api_source, source_server):
    body = (
        '<p onclick="steal()">Текст</p><script>steal()</script><img src="https://x.example/a.jpg">'
    )
    serve_items(source_server, ninjs(bodies=[{"role": "main", "value": body}]))
    poll_source(api_source)
    assert WireItem.objects.get().body == "<p>Текст</p>"


def test_one_item_that_cannot_be_read_does_not_stop_the_others(api_source, source_server):
    serve_items(source_server, {"type": "text"}, ninjs(uri="urn:kazinform:2"), "junk")
    poll_source(api_source)
    assert list(WireItem.objects.values_list("guid", flat=True)) == ["urn:kazinform:2"]
    source = status(api_source)
    assert "1 new" in report(source)
    assert "2 refused" in report(source)
    assert "Item 1 could not be read" in source.last_error


# ---- RSS and Atom --------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Partner</title>
<item><guid>https://partner.example/news/7</guid><link>https://partner.example/news/7</link>
<title>{title}</title><description>Лид новости.</description>
<pubDate>Sun, 16 Nov 2025 09:30:00 GMT</pubDate><dc:creator>Данияр Абенов</dc:creator>
<enclosure url="https://partner.example/p/7.jpg" type="image/jpeg" length="1"/></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Partner</title><id>urn:p</id>
<updated>2025-11-16T10:00:00Z</updated>
<entry xml:lang="kk"><id>urn:partner:atom:1</id><title>Орталық ашылды</title>
<updated>2025-11-16T10:00:00Z</updated><summary>Қысқаша.</summary>
<content type="html">&lt;p&gt;Мәтін.&lt;/p&gt;</content><author><name>Partner</name></author>
<link rel="alternate" href="https://partner.example/kk/1"/></entry></feed>"""


def test_rss_items_come_in_once_and_a_changed_item_replaces_the_old(feed_source, source_server):
    source_server.serve("/rss.xml", RSS.format(title="Центр открыт"), "application/rss+xml")
    poll_source(feed_source)
    poll_source(feed_source)
    item = WireItem.objects.get()
    assert (item.headline, item.byline) == ("Центр открыт", "Данияр Абенов")
    assert item.photos[0]["url"] == "https://partner.example/p/7.jpg"
    source_server.serve(
        "/rss.xml", RSS.format(title="Центр открыт в Хоргосе"), "application/rss+xml"
    )
    poll_source(feed_source)
    item.refresh_from_db()
    assert item.headline == "Центр открыт в Хоргосе"
    assert item.versions.get().headline == "Центр открыт"


def test_atom_entries_come_in_with_their_language(feed_source, source_server):
    source_server.serve("/rss.xml", ATOM, "application/atom+xml")
    poll_source(feed_source)
    item = WireItem.objects.get()
    assert (item.language, item.headline, item.body) == ("kk", "Орталық ашылды", "<p>Мәтін.</p>")


# ---- sources that misbehave: a clear status, nothing lost ----------------------------------


@pytest.fixture
def one_item_in(api_source, source_server):
    serve_items(source_server, ninjs())
    poll_source(api_source)
    return WireItem.objects.get()


def test_malformed_json_is_reported_with_its_line_and_earlier_items_stay(
    one_item_in, api_source, source_server
):
    source_server.serve("/api/ninjs/", '{"items": [\n{"uri": "x",\n"version": }\n]}')
    poll_source(api_source)
    source = status(api_source)
    assert source.last_error == "The source answered malformed JSON at line 3, column 12."
    assert WireItem.objects.get() == one_item_in
    assert source.last_polled_at > source.last_success_at


def test_an_enormous_body_is_refused_at_the_cap_without_being_read(
    one_item_in, api_source, source_server
):
    source_server.routes["/api/ninjs/"] = endless
    poll_source(api_source)
    assert status(api_source).last_error == "The response was larger than 1 MB and was not read."
    assert source_server.sent < 20 * 1024 * 1024  # of the 50 MB it would have sent
    assert WireItem.objects.get() == one_item_in


def test_a_body_announced_too_large_is_not_read_at_all(one_item_in, api_source, source_server):
    source_server.serve("/api/ninjs/", b" " * (2 * 1024 * 1024))
    poll_source(api_source)
    assert status(api_source).last_error == "The response was larger than 1 MB and was not read."


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><guid>1</guid><title>&lol3;</title></item></channel></rss>"""


def test_an_xml_bomb_is_refused_before_it_is_expanded(feed_source, source_server):
    source_server.serve("/rss.xml", RSS.format(title="Центр открыт"), "application/rss+xml")
    poll_source(feed_source)
    source_server.serve("/rss.xml", BOMB, "application/rss+xml")
    poll_source(feed_source)
    assert status(feed_source).last_error == (
        "The XML declares a document type or entities (possible XML bomb) and was refused."
    )
    assert WireItem.objects.get().headline == "Центр открыт"


def test_a_source_that_never_answers_is_cut_off_at_the_timeout(
    one_item_in, api_source, source_server
):
    source_server.routes["/api/ninjs/"] = never_answers
    poll_source(api_source)
    assert status(api_source).last_error == "No answer within 1 s."
    assert WireItem.objects.get() == one_item_in


def test_an_error_answer_says_its_code(api_source, source_server):
    source_server.serve("/api/ninjs/", '{"error": {}}', status=401)
    poll_source(api_source)
    assert status(api_source).last_error == "The source answered HTTP 401 (Unauthorized)."


def test_a_good_poll_after_a_bad_one_clears_the_error(api_source, source_server):
    source_server.serve("/api/ninjs/", "{")
    poll_source(api_source)
    assert status(api_source).last_error
    serve_items(source_server, ninjs())
    poll_source(api_source)
    assert status(api_source).last_error == ""


def test_a_source_on_a_private_network_is_refused_unless_allowed(api_source, settings):
    """Server-side request forgery: a source's address must not reach our own services."""
    settings.NEWSROOM_WIRE_ALLOW_PRIVATE = False
    poll_source(api_source)
    assert status(api_source).last_error == (
        "The address 127.0.0.1 is on a private network and was refused."
    )


def test_only_http_addresses_are_fetched(db):
    source = WireSource.objects.create(name="Local file", kind="feed", url="file:///etc/passwd")
    poll_source(source)
    assert status(source).last_error == "The address is not an http:// or https:// one."
    assert not WireItem.objects.exists()
