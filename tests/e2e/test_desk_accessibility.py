"""The desk in Chromium, checked with axe-core (WCAG 2.1 A/AA), in Russian and Kazakh: as an
editor the front page, the article list, the article form (new and saved), the history; as a
superuser the live-update, author, wire item, delivery and photo screens and every add form."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from articles import services, wire
from articles.models import (
    Byline,
    Delivery,
    DeliveryAttempt,
    LiveUpdate,
    PartnerSubscription,
    WireItem,
    WireSource,
)
from tests.e2e.conftest import PASSWORD, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(newsroom_groups, make_article, author, section, tag):
    editor = User.objects.create_user("olga", "olga@newsroom.example", PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    article = make_article(section=section, tags=[tag], created_by=editor)
    Byline.objects.create(article=article, author=author, role=Byline.Role.AUTHOR)
    article.headline = "Центр открыт сегодня"
    services.article_save(article=article, user=editor)
    make_article(status="review", published_at=None, created_by=editor)
    # A version in another language: the form lists it, a link in a line of text.
    make_article(language="kk", story=article.story, headline="Орталық бүгін ашылды")
    return editor, article


@pytest.mark.parametrize("locale", ["ru-RU", "kk-KZ"])
def test_the_desk_has_no_serious_accessibility_violations(axe, live_server, new_page, desk, locale):
    _editor, article = desk
    screens = {
        "desk front page": reverse("admin:index"),
        "article list": reverse("admin:articles_article_changelist"),
        "new article": reverse("admin:articles_article_add"),
        "article": reverse("admin:articles_article_change", args=[article.pk]),
        "history": reverse("admin:articles_article_history", args=[article.pk]),
    }
    page = new_page(locale=locale, bypass_csp=True)  # axe is injected as an inline script
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "olga")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    found = {}
    for name, url in screens.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == locale[:2]
        violations = axe(page)
        if violations:
            screenshot(page, f"desk-{name.replace(' ', '-')}-{locale}")
            found[name] = violations
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.fixture
def whole_desk(newsroom_groups, make_article, make_photo, author, section, tag):
    """One of everything the desk shows: a live page with an update, a photo, a wire item,
    a partner with a delivery and its attempt; and a superuser, who reaches every screen."""
    User.objects.create_superuser("nurlan", "nurlan@newsroom.example", PASSWORD)
    now = timezone.now()
    live_page = make_article(section=section, tags=[tag], is_live_page=True)
    Byline.objects.create(article=live_page, author=author, role=Byline.Role.AUTHOR)
    update = LiveUpdate.objects.create(
        article=live_page, title="Делегации подписали соглашение", body="<p>Текст.</p>",
        posted_at=now,
    )  # fmt: skip
    update.authors.add(author)
    photo = make_photo()
    source = WireSource.objects.create(
        name="Kazinform", kind="folder", folder="kazinform", source_line="Kazinform"
    )
    wire.wire_item_receive(
        source=source,
        incoming=wire.Incoming(
            guid="urn:kz:1", version="1", language="ru", headline="Центр открыт",
            lead="Первые резиденты подписали соглашения.", body="<p>Центр работает.</p>",
        ),
    )  # fmt: skip
    subscription = PartnerSubscription.objects.create(
        name="Тенгриньюс", endpoint="https://partner.example/hook", languages=["ru", "kk"]
    )
    delivery = Delivery.objects.create(
        subscription=subscription, article=live_page, article_ref=live_page.pk,
        reason=Delivery.Reason.CHANGE, state=Delivery.State.PENDING, kind="usable",
        version="1", attempts=1, last_status="503", next_attempt_at=now + timedelta(minutes=5),
    )  # fmt: skip
    DeliveryAttempt.objects.create(
        delivery=delivery, number=1, started_at=now, kind="usable", version="1",
        status_code=503, error="Сервис недоступен", response_ms=120,
    )  # fmt: skip

    def change(obj):
        return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])

    return {
        "live update": change(update),
        "new live update": reverse("admin:articles_liveupdate_add"),
        "author": change(author),
        "wire item": change(WireItem.objects.get()),
        "delivery log": reverse("admin:articles_delivery_changelist"),
        "delivery": change(delivery),
        "photo": change(photo),
    }


@pytest.mark.parametrize("locale", ["ru-RU", "kk-KZ"])
def test_every_screen_a_superuser_reaches_has_no_serious_violations(
    axe, live_server, new_page, whole_desk, locale
):
    """The forms beyond the article's: live updates, authors, wires, deliveries, photos, and
    the add form of every model the desk's front page links to. One login per language."""
    page = new_page(locale=locale, bypass_csp=True)  # axe is injected as an inline script
    log_in(page, live_server, "nurlan", "/admin/")
    page.wait_for_url(f"{live_server.url}/admin/")
    add_forms = page.eval_on_selector_all(
        "#content-main a.addlink", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(add_forms) >= 10, add_forms  # the walk reaches the desk's models
    screens = {**whole_desk, **{f"add {url}": url for url in add_forms}}
    found = {}
    for name, url in screens.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == locale[:2], name
        assert page.locator("#content").count() == 1, name  # a desk screen, not an error page
        violations = axe(page)
        if violations:
            screenshot(page, f"desk-{url.strip('/').replace('/', '-')}-{locale}")
            found[name] = violations
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
