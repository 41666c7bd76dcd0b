"""The Wires inbox and the wire sources at the desk: who sees what, Take, kills and keys."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from articles import services, wire
from articles.models import Article, ArticleEvent, WireItem, WireSource
from articles.text.notes import shown
from articles.wire import Incoming

pytestmark = pytest.mark.django_db
INBOX = reverse("admin:articles_wireitem_changelist")
SOURCES = reverse("admin:articles_wiresource_changelist")
Status = Article.Status


@pytest.fixture
def source(db) -> WireSource:
    return WireSource.objects.create(
        name="Kazinform",
        kind=WireSource.Kind.NINJS_API,
        url="https://partner.example/api/ninjs/",
        auth_value="Bearer nr_secretpartnerkey1234",
        credit="Kazinform",
        source_line="Kazinform, via the wire",
    )


def receive(source, guid="urn:kz:1", version="1", **fields) -> WireItem:
    fields = {
        "language": "ru",
        "headline": "Центр «Центральная Азия» открыт",
        "lead": "Первые резиденты подписали соглашения.",
        "body": "<p>Центр открыт на границе.</p>",
        "byline": "Айгерим Садыкова",
        **fields,
    }
    wire.wire_item_receive(source=source, incoming=Incoming(guid=guid, version=version, **fields))
    return WireItem.objects.get(source=source, guid=guid)


def kill(source, guid="urn:kz:1", version="9") -> WireItem:
    return receive(source, guid, version, killed=True, headline="", lead="", body="")


def take_url(item) -> str:
    return reverse("admin:articles_wireitem_take", args=[item.pk])


def change_url(obj) -> str:
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


# ---- the inbox -------------------------------------------------------------------------------


def test_a_reporter_reads_the_inbox_newest_first(reporter_client, source):
    receive(source, "urn:kz:1", headline="Первая новость")
    receive(source, "urn:kz:2", headline="Вторая новость", language="kk")
    page = reporter_client.get(INBOX).text
    assert page.index("Вторая новость") < page.index("Первая новость")
    assert "Kazinform" in page


def test_the_inbox_searches_headlines_and_bodies(desk_client, source):
    receive(source, "urn:kz:1", headline="Центр открыт", body="<p>Хоргос</p>")
    receive(source, "urn:kz:2", headline="Погода", body="<p>Снег</p>")
    assert "Погода" not in desk_client.get(INBOX, {"q": "Хоргос"}).text
    assert "Центр открыт" not in desk_client.get(INBOX, {"q": "Погода"}).text


def test_the_inbox_filters_by_source_language_status_and_time(desk_client, source):
    other = WireSource.objects.create(name="Other agency", kind="feed", url="https://o.example/")
    receive(source, "urn:kz:1", headline="Русская новость", language="ru")
    receive(source, "urn:kz:2", headline="Қазақша жаңалық", language="kk-KZ")
    receive(other, "urn:o:1", headline="Чужая новость")
    kill(source, "urn:kz:1")
    by_source = desk_client.get(INBOX, {"source__id__exact": other.pk}).text
    assert "Чужая новость" in by_source
    assert "Қазақша жаңалық" not in by_source
    in_kazakh = desk_client.get(INBOX, {"language": "kk"}).text
    assert "Қазақша жаңалық" in in_kazakh
    assert "Чужая новость" not in in_kazakh
    killed = desk_client.get(INBOX, {"status__exact": "canceled"}).text
    assert "Русская новость" in killed
    assert "Чужая новость" not in killed
    today = timezone.localdate()
    by_day = {"received_at__year": today.year, "received_at__month": today.month}
    assert "Чужая новость" in desk_client.get(INBOX, by_day).text


def test_a_killed_item_is_struck_out_in_the_inbox(desk_client, source):
    receive(source)
    kill(source)
    page = desk_client.get(INBOX).text
    assert "<s>Центр «Центральная Азия» открыт</s>" in page
    assert "Killed: do not use" in page


@pytest.mark.parametrize("items", [2, 30])
def test_the_inbox_takes_the_same_queries_however_many_items(
    desk_client, source, items, django_assert_num_queries
):
    for number in range(items):
        receive(source, f"urn:kz:{number}", headline=f"Новость {number}")
    desk_client.get(INBOX)
    # Session, user, two permission reads; a savepoint around the sources (the filter) and the
    # count; the page of items with their sources; the date hierarchy's range and days.
    with django_assert_num_queries(11):
        response = desk_client.get(INBOX)
    assert response.status_code == 200


def test_the_item_page_shows_what_changed_between_versions(reporter_client, source):
    receive(source, version="1", headline="Центр открыт")
    item = receive(source, version="2", headline="Центр открыт в Хоргосе")
    page = reporter_client.get(change_url(item)).text
    assert "Version 2 (was 1)" in page
    assert "<ins>в Хоргосе</ins>" in page.replace("<ins> ", "<ins>")


def test_photos_are_links_to_the_partner_never_pictures_on_our_pages(reporter_client, source):
    photo = {"url": "https://partner.example/p.jpg", "caption": "Подпись", "credit": "Фото: KZ"}
    item = receive(source, photos=[photo, {"url": "javascript:alert(1)", "caption": "x"}])
    page = reporter_client.get(change_url(item)).text
    assert 'href="https://partner.example/p.jpg"' in page
    assert "Подпись" in page
    assert "(Фото: KZ)" in page
    assert 'src="https://partner.example' not in page
    assert 'href="javascript:' not in page


def test_nobody_edits_or_deletes_what_the_wire_sent(desk_client, admin_user, source):
    item = receive(source)
    page = desk_client.get(change_url(item)).text
    assert 'name="_save"' not in page
    response = desk_client.post(change_url(item), {"headline": "Подделка"})
    assert response.status_code == 403
    assert WireItem.objects.get().headline == "Центр «Центральная Азия» открыт"


# ---- Take ------------------------------------------------------------------------------------


def test_a_reporter_takes_an_item_into_a_draft_of_their_own(reporter_client, reporter, source):
    item = receive(source)
    response = reporter_client.post(take_url(item))
    draft = Article.objects.get(wire_item=item)
    assert response["Location"] == change_url(draft)
    assert (draft.language, draft.status, draft.created_by) == ("ru", Status.DRAFT, reporter)
    assert draft.headline == "Центр «Центральная Азия» открыт"
    assert draft.lead == "Первые резиденты подписали соглашения."
    assert draft.body == "<p>Центр открыт на границе.</p>"
    assert draft.source == "Kazinform, via the wire (Айгерим Садыкова)"
    step = ArticleEvent.objects.get(article=draft)
    taken = "Taken from the wire: Kazinform, item urn:kz:1, version 1."
    assert shown(step.comment).startswith(taken)
    # ...and the normal workflow from there: the reporter sends it for review.
    services.article_submit(article=draft, user=reporter)
    assert Article.objects.get(pk=draft.pk).status == Status.REVIEW


def test_taking_into_another_language_keeps_the_original_to_translate(desk_client, source):
    item = receive(source)
    desk_client.post(take_url(item), {"language": "en"})
    draft = Article.objects.get(wire_item=item)
    assert draft.language == "en"
    assert draft.headline == "Центр «Центральная Азия» открыт"
    assert "The text is the original in ru: translate it." in shown(draft.events.get().comment)


def test_the_item_page_offers_take_in_every_language(reporter_client, source):
    page = reporter_client.get(change_url(receive(source))).text
    assert 'action="' + take_url(WireItem.objects.get()) in page
    assert '<option value="ru" selected>' in page


def test_a_killed_item_cannot_be_taken(reporter_client, source):
    receive(source)
    item = kill(source)
    page = reporter_client.get(change_url(item)).text
    assert "The source killed this item: nobody may use it." in page
    assert take_url(item) not in page
    response = reporter_client.post(take_url(item), follow=True)
    assert not Article.objects.exists()
    assert "The source killed this item: nobody may use it." in response.text


def test_take_is_a_post(reporter_client, source):
    assert reporter_client.get(take_url(receive(source))).status_code == 405
    assert not Article.objects.exists()


# ---- a kill after Take -----------------------------------------------------------------------


def test_a_kill_after_take_is_told_on_the_draft_and_in_the_desk_list(
    reporter_client, reporter, source
):
    draft = wire.wire_item_take(item=receive(source), user=reporter)
    kill(source)
    step = draft.events.first()
    # Written in the desk's language (Russian here), as the desk reads it.
    assert shown(step.comment) == _(
        "The source killed the wire item this piece was taken from: do not use it."
    )
    page = reporter_client.get(change_url(draft)).text
    killed = _("The source killed the wire item “%(headline)s” this piece was taken from.")
    assert killed % {"headline": "Центр «Центральная Азия» открыт"} in page
    assert _("Do not publish it as it stands.") in page
    listing = reporter_client.get(reverse("admin:articles_article_changelist")).text
    assert _("Wire item killed") in listing


def test_a_kill_of_a_published_piece_says_to_consider_withdrawing(desk_client, editor, source):
    draft = wire.wire_item_take(item=receive(source), user=editor)
    services.article_publish(article=draft, user=editor, when=timezone.now() - timedelta(1))
    kill(source)
    assert shown(draft.events.first().comment).endswith(
        _("This piece is published: consider withdrawing it.")
    )
    page = desk_client.get(change_url(draft)).text
    assert _("This piece is published: consider withdrawing it.") in page


def test_pieces_not_taken_from_a_killed_item_are_not_flagged(desk_client, editor, source):
    wire.wire_item_take(item=receive(source, "urn:kz:2"), user=editor)
    receive(source)
    kill(source)
    listing = desk_client.get(reverse("admin:articles_article_changelist")).text
    assert _("Wire item killed") not in listing


# ---- sources ---------------------------------------------------------------------------------


def test_reporters_cannot_see_or_configure_sources(reporter_client, source):
    assert reporter_client.get(SOURCES).status_code == 403
    assert reporter_client.get(change_url(source)).status_code == 403
    add = reporter_client.post(reverse("admin:articles_wiresource_add"), {"name": "Mine"})
    assert add.status_code == 403


def source_form(**fields) -> dict:
    return {
        "name": "Kazinform",
        "kind": "ninjs",
        "url": "https://partner.example/api/ninjs/",
        "folder": "",
        "auth_header": "Authorization",
        "auth_value": "",
        "language": "ru",
        "credit": "Kazinform",
        "source_line": "",
        "is_active": "on",
        "poll_minutes": "5",
        **fields,
    }


def test_the_key_is_never_shown_back_and_an_empty_field_keeps_it(desk_client, source):
    page = desk_client.get(change_url(source)).text
    assert "nr_secretpartnerkey1234" not in page
    assert "••••1234" in page
    response = desk_client.post(change_url(source), source_form(name="Kazinform EN"))
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, source.auth_value) == ("Kazinform EN", "Bearer nr_secretpartnerkey1234")


def test_an_editor_can_remove_the_key(desk_client, source):
    desk_client.post(change_url(source), source_form(forget_key="on"))
    source.refresh_from_db()
    assert source.auth_value == ""


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"kind": "folder", "folder": "../../../etc"}, "The folder must be inside"),
        ({"kind": "folder", "folder": "/etc/passwd"}, "as a relative path"),
        ({"kind": "feed", "url": "file:///etc/passwd"}, "Give an http:// or https:// address."),
    ],
)
def test_a_source_cannot_point_at_the_servers_files(desk_client, fields, error):
    response = desk_client.post(reverse("admin:articles_wiresource_add"), source_form(**fields))
    assert response.status_code == 200
    assert error in response.text
    assert not WireSource.objects.exists()


def test_poll_now_queues_a_poll(desk_client, source, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(change_url(source), {**source_form(), "_poll": "1"})
    assert response.status_code == 302
    assert DBTaskResult.objects.get().args_kwargs["args"] == [source.pk]
    page = desk_client.get(response["Location"]).text
    assert "A poll of 1 source is queued" in page
