"""Every screen of the desk a Kazakh editor can reach reads in Kazakh (tests/desk/desk_walk.py)."""

import re
import uuid
from datetime import timedelta

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone, translation

from articles import services, wire
from articles.models import (
    Byline,
    Correction,
    Delivery,
    DeliveryAttempt,
    GalleryPhoto,
    LiveUpdate,
    PartnerSubscription,
    WireItem,
    WireItemVersion,
    WireSource,
)
from articles.models.deliveries import NO_ANSWER, sender_note, subscription_create
from articles.models.partners import partner_key_issue
from articles.wire import Incoming
from tests.desk.desk_walk import read, summary, untranslated, walk
from tests.factories import article_form, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_desk(admin_user, editor, make_article, make_photo, author, section, tag):
    """A desk with one of everything: pieces with history, a deleted one, photos, keys,
    failed logins, so that every list, form and confirmation has something to show."""
    section.name_kk = "Экономика саласы"
    section.save()
    story_piece = make_article(
        headline="Центр открыт", hero_photo=make_photo(), section=section, tags=[tag],
        created_by=editor,
    )  # fmt: skip
    Byline.objects.create(article=story_piece, author=author, role=Byline.Role.AUTHOR)
    Correction.objects.create(article=story_piece, text="Уточнено название центра.")
    client = client_for(editor)
    for headline in ("Центр открыт сегодня", "Центр открыт в Астане"):
        story_piece.refresh_from_db()
        form = article_form(story_piece, headline=headline, section=str(section.pk))
        assert (
            client.post(
                reverse("admin:articles_article_change", args=[story_piece.pk]), form
            ).status_code
            == 302
        )
    gone = make_article(headline="Снятая новость", created_by=editor)
    with reversion.create_revision():
        gone.save()
    services.article_delete(articles=gone, user=editor)
    make_article(status="draft", published_at=None, headline="Черновик", created_by=editor)
    make_article(published_at=timezone.now() + timedelta(hours=3), headline="Завтрашняя")
    partner_key_issue(name="Казинформ", user=admin_user)
    attempt = {"user_agent": "Mozilla", "ip_address": "10.0.0.1", "username": "timur",
               "http_accept": "*/*", "path_info": "/admin/login/"}  # fmt: skip
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=3)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    return story_piece


@pytest.fixture
def newer_desk(busy_desk, admin_user, editor, reporter, make_article, make_photo, section):
    """One of everything of the newer features, each with what its screens show: a gallery
    of two photos, a live page with a pinned and corrected update, a wire item in two
    versions then killed (and the draft taken from it), one in two versions still usable, a
    partner subscription with a delivery tried twice. Returns the paths of their screens."""
    now = timezone.now()
    for position, caption in enumerate(("Центр снаружи", ""), start=1):
        GalleryPhoto.objects.create(
            article=busy_desk, photo=make_photo(), position=position, caption=caption
        )
    in_gallery = busy_desk.gallery.first().photo

    live_page = make_article(
        headline="Саммит: онлайн", is_live_page=True, created_by=editor,
        published_at=now - timedelta(hours=1),
    )  # fmt: skip
    live_page.live_contributors.add(reporter)
    # Posted and corrected from the desk, as editors do: the history says it in each
    # reader's language.
    client = client_for(editor)
    add = reverse("admin:articles_liveupdate_add")
    posted = client.post(add, {
        "article": str(live_page.pk), "title": "Президенты прибыли",
        "body": "Кортеж проехал к центру.", "photo": "", "embed_url": "", "is_pinned": "on",
        "authors": [],
    })  # fmt: skip
    assert posted.status_code == 302, posted.content
    update = LiveUpdate.objects.get(article=live_page)
    local = timezone.localtime(update.posted_at)
    corrected = client.post(reverse("admin:articles_liveupdate_change", args=[update.pk]), {
        "title": update.title, "body": "Кортеж проехал к центру.", "photo": "",
        "embed_url": "", "is_pinned": "on", "authors": [],
        "posted_at_0": local.strftime("%Y-%m-%d"), "posted_at_1": local.strftime("%H:%M:%S"),
        "correction": "Время прибытия уточнено.", "loaded_at": update.updated_at.isoformat(),
    })  # fmt: skip
    assert corrected.status_code == 302, corrected.content
    update.refresh_from_db()
    assert update.corrected_at is not None
    closed = make_article(headline="Саммит закрыт", is_live_page=True, live_closed_at=now)

    source = WireSource.objects.create(
        name="Казинформ", kind=WireSource.Kind.NINJS_API, url="https://partner.example/ninjs/",
        auth_value="Bearer nr_secretpartnerkey1234", credit="Казинформ",
        source_line="Казинформ, по ленте", last_polled_at=now, last_error="Ответ 503",
    )  # fmt: skip
    WireSource.objects.create(
        name="Тенгри", kind=WireSource.Kind.FEED, url="https://tengri.example/rss",
        last_polled_at=now, last_success_at=now, last_report="3 новых",
    )  # fmt: skip

    def receive(guid, version, killed=False, **text):
        text = {"language": "ru", "byline": "Айгерим Садыкова", **text}
        incoming = Incoming(guid=guid, version=version, killed=killed, **text)
        wire.wire_item_receive(source=source, incoming=incoming)
        return WireItem.objects.get(source=source, guid=guid)

    # Received and taken in English (a worker's, a shell's language): the notes they leave
    # are worded in each reader's language when shown (articles/text/notes.py).
    with translation.override("en"):
        for guid in ("urn:kz:1", "urn:kz:2"):
            receive(guid, "1", headline="Центр открыт", body="<p>Центр открыт на границе.</p>")
            item = receive(
                guid, "2", headline="Центр открыт в Хоргосе",
                body="<p>Центр открыт на границе, в Хоргосе.</p>",
                photos=[{"url": "https://partner.example/1.jpg", "caption": "Центр"}],
            )  # fmt: skip
        taken = wire.wire_item_take(item=item, user=editor)
        killed = receive("urn:kz:2", "3", killed=True)
    usable = WireItem.objects.get(guid="urn:kz:1")
    assert killed.is_killed
    assert WireItemVersion.objects.filter(item=killed).count() == 2

    subscription = PartnerSubscription(
        name="Тенгриньюс", endpoint="https://partner.example/hook", languages=["ru", "kk"]
    )
    subscription_create(subscription=subscription, user=admin_user)
    subscription.sections.add(section)
    delivery = Delivery.objects.create(
        subscription=subscription, article=busy_desk, article_ref=busy_desk.pk,
        reason=Delivery.Reason.CHANGE, state=Delivery.State.PENDING, kind="usable",
        version="3", attempts=2, last_status="503", next_attempt_at=now + timedelta(minutes=5),
    )  # fmt: skip
    DeliveryAttempt.objects.create(
        delivery=delivery, number=1, started_at=now - timedelta(minutes=2), kind="usable",
        version="3", error=sender_note(NO_ANSWER),
    )  # fmt: skip
    DeliveryAttempt.objects.create(
        delivery=delivery, number=2, started_at=now - timedelta(minutes=1), kind="usable",
        version="3", status_code=503, error="Сервис недоступен", response_ms=120,
        next_retry_at=now + timedelta(minutes=5),
    )  # fmt: skip

    def screens(obj, *views):
        name = f"admin:articles_{obj._meta.model_name}"
        return [reverse(f"{name}_{view}", args=[obj.pk]) for view in views]

    return [
        *screens(live_page, "change"),
        *screens(closed, "change"),
        *screens(taken, "change"),
        *screens(update, "change", "delete", "history"),
        *screens(killed, "change", "history"),
        *screens(usable, "change"),
        *screens(source, "change", "delete", "history"),
        *screens(subscription, "change", "delete", "history"),
        *screens(delivery, "change", "history"),
        *screens(in_gallery, "delete"),
        reverse("admin:articles_liveupdate_add"),
    ]


# Shown on the desk inside another model's screens (inlines, "what changed").
SHOWN_WITHIN = [GalleryPhoto, WireItemVersion]


def data_words() -> set[str]:
    """Words that are the desk's data, not its interface: logins, names, slugs, agents."""
    words = set()
    for model in [*admin.site._registry, Group, User, *SHOWN_WITHIN]:
        for row in model.objects.values():
            for value in row.values():
                if isinstance(value, (str, uuid.UUID)):
                    words |= set(re.findall(r"[^\W\d_]+", str(value)))
    return {word.lower() for word in words}


def compare_url(article):
    versions = list(reversion.models.Version.objects.get_for_object(article)[:2])
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return f"{url}?from={versions[1].pk}&to={versions[0].pk}"


def screens_of(article):
    """The busiest piece's screens first, so that the walk reads them rather than others."""
    return [
        reverse(f"admin:articles_article_{view}", args=[article.pk])
        for view in ("change", "delete", "history")
    ] + [compare_url(article)]


# Screens of the newer features the walk must have read (URL fragments).
NEWER_SCREENS = ("/liveupdate/", "/wireitem/", "/wiresource/", "/delivery/")
RESTORE_AN_UPDATE = re.compile(r"/liveupdate/\d+/history/\d+/")


def test_superuser_sees_every_desk_screen_in_kazakh(admin_user, busy_desk, newer_desk):
    pages = walk(client_for(admin_user), extra=[*screens_of(busy_desk), *newer_desk])
    names = " ".join(pages)
    for screen in ("/admin/axes/", "/password_change/", "/history/", "/delete/", "/recover/",
                   *NEWER_SCREENS, "/partnersubscription/"):  # fmt: skip
        assert screen in names, screen  # the walk did reach them
    assert [path for path in newer_desk if path not in pages] == []
    assert RESTORE_AN_UPDATE.search(names)
    assert len(pages) > 40
    found = untranslated(pages, data_words())
    assert not found, summary(found)


def test_editor_sees_every_desk_screen_in_kazakh(editor, busy_desk, newer_desk):
    pages = walk(client_for(editor), extra=[*screens_of(busy_desk), *newer_desk])
    names = " ".join(pages)
    assert "/admin/axes/" not in names
    for screen in NEWER_SCREENS:
        assert screen in names, screen
    assert RESTORE_AN_UPDATE.search(names)
    superusers_only = [
        path for path in newer_desk
        if "/partnersubscription/" in path or re.search(r"/wiresource/\d+/delete/", path)
    ]  # fmt: skip
    assert [path for path in newer_desk if path not in pages] == superusers_only
    found = untranslated(pages, data_words())
    assert not found, summary(found)


def test_reporter_sees_every_desk_screen_in_kazakh(reporter, busy_desk, newer_desk, make_article):
    own = make_article(status="draft", published_at=None, headline="Мой черновик",
                       created_by=reporter)  # fmt: skip
    extra = [reverse("admin:articles_article_change", args=[own.pk]), *newer_desk]
    pages = walk(client_for(reporter), extra=extra)
    names = " ".join(pages)
    for screen in ("/admin/axes/", "/wiresource/", "/delivery/", "/partnersubscription/"):
        assert screen not in names, screen
    read = [path for path in extra if path in pages]
    for screen in (
        "/liveupdate/add/",
        r"/liveupdate/\d+/change/",
        r"/liveupdate/\d+/history/",
        r"/wireitem/\d+/change/",
        r"/wireitem/\d+/history/",
        r"/article/\d+/change/",
    ):
        assert any(re.search(screen, path) for path in read), screen  # fmt: skip
    found = untranslated(pages, data_words())
    assert not found, summary(found)


def test_the_walk_would_notice_english_russian_and_object_reprs():
    same = "<p>Can add article</p><p>Связи article-tag</p><li>Article_tags object (3)</li>"
    kk, ru = same + "<p>Жаңа</p>", same + "<p>Новый</p>"
    en = "<p>Can add article</p><p>Article-tag relationships</p><li>x</li><p>New</p>"
    found = untranslated({"/admin/x/": {"kk": kk, "ru": ru, "en": en}}, set())
    assert found == [
        "/admin/x/: repr: Article_tags object (3)",
        "/admin/x/: English: Can add article",
        "/admin/x/: Russian: Связи article-tag",
    ]


def test_the_walk_reads_tooltips_and_skips_scripts_and_the_language_switcher():
    texts = read(
        '<a title="Добавить ещё" href="/admin/">+</a><script>var x = "English";</script>'
        '<form class="admin-language"><option>English</option></form><p>Тексты</p>'
    ).texts
    assert texts == ["Добавить ещё", "Тексты"]
