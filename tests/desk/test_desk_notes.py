"""Notes the system writes for the desk read in the reader's language, whoever wrote them.

Each is written in English (a worker's, a shell's, an English-speaking editor's language)
and read by a Kazakh editor: the screen says it in Kazakh (articles/text/notes.py)."""

from collections import Counter
from datetime import timedelta

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from articles import live, services, wire
from articles.distribution.wire.poll import _write_status
from articles.models import Article, ArticleEvent, LiveUpdate, WireSource
from articles.text.notes import note, shown, stored, when
from articles.wire import Incoming
from tests.factories import client_for

pytestmark = pytest.mark.django_db
Status = Article.Status


def in_kazakh(msgid, **params) -> str:
    """`msgid` as a Kazakh editor reads it, escaped as the page has it; never the English."""
    with translation.override("kk"):
        kazakh = gettext(msgid) % params if params else gettext(msgid)
    assert kazakh != (msgid % params if params else msgid)  # the catalogue has it
    return escape(kazakh)


def kazakh_page(user, url) -> str:
    response = client_for(user).get(url, HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def source(db) -> WireSource:
    return WireSource.objects.create(
        name="Kazinform", kind=WireSource.Kind.NINJS_API, url="https://partner.example/ninjs/"
    )


def receive(source, version="1", killed=False):
    text = {} if killed else {"headline": "Центр открыт", "body": "<p>Центр открыт.</p>"}
    incoming = Incoming(guid="urn:kz:1", version=version, language="ru", killed=killed, **text)
    wire.wire_item_receive(source=source, incoming=incoming)
    return source.items.get(guid="urn:kz:1")


def test_a_poll_report_written_by_an_english_worker_reads_in_kazakh(admin_user, source):
    with translation.override("en"):
        _write_status(source, timezone.now(), Counter(new=3), [], fatal=False)
    source.refresh_from_db()
    report = "%(new)d new, %(updated)d updated, %(killed)d killed, %(failed)d refused"
    kazakh = in_kazakh(report, new=3, updated=0, killed=0, failed=0)
    assert kazakh in kazakh_page(admin_user, reverse("admin:articles_wiresource_change",
                                                     args=[source.pk]))  # fmt: skip
    assert kazakh in kazakh_page(admin_user, reverse("admin:articles_wiresource_changelist"))
    assert "3 new" not in kazakh_page(admin_user, reverse("admin:articles_wiresource_changelist"))


def test_wire_notes_in_a_pieces_desk_log_read_in_kazakh(editor, source):
    with translation.override("en"):
        draft = wire.wire_item_take(item=receive(source), user=editor, language="kk")
        receive(source, version="2", killed=True)
    page = kazakh_page(editor, reverse("admin:articles_article_change", args=[draft.pk]))
    taken = "Taken from the wire: %(source)s, item %(guid)s, version %(version)s."
    assert in_kazakh(taken, source="Kazinform", guid="urn:kz:1", version="1") in page
    assert (
        in_kazakh("The text is the original in %(language)s: translate it.", language="ru") in page
    )
    killed = "The source killed the wire item this piece was taken from: do not use it."
    assert in_kazakh(killed) in page
    assert "Taken from the wire" not in page
    assert "do not use it" not in page


def test_revision_comments_written_outside_the_desk_read_in_kazakh(editor, make_article):
    page = make_article(headline="Саммит: онлайн", is_live_page=True, created_by=editor,
                        published_at=timezone.now() - timedelta(hours=1))  # fmt: skip
    with translation.override("en"):  # a shell, a worker, an English-speaking editor
        update = live.live_update_post(article=page, user=editor, body="Кортеж прибыл.")
        live.live_update_correct(update=update, user=editor, note="Время уточнено.")
        piece = make_article(status="draft", published_at=None, created_by=editor)
        services.article_publish(article=piece, user=editor)
        services.article_add_correction(article=piece, user=editor, text="Уточнено.")
    history = kazakh_page(editor, reverse("admin:articles_liveupdate_history", args=[update.pk]))
    assert in_kazakh("Posted") in history
    assert in_kazakh("Corrected") in history
    assert ">Posted<" not in history
    assert "Corrected" not in history
    history = kazakh_page(editor, reverse("admin:articles_article_history", args=[piece.pk]))
    assert f"{in_kazakh('Draft')} → {in_kazakh('Published')}" in history
    assert f"{in_kazakh('Correction')}: Уточнено." in history
    assert "Draft →" not in history


def test_a_restore_note_reads_in_kazakh_with_its_date_in_kazakh(editor, make_article):
    piece = make_article(status="draft", published_at=None, created_by=editor)
    with reversion.create_revision():
        piece.save()
        reversion.set_user(editor)
    version = reversion.models.Version.objects.get_for_object(piece).first()
    with translation.override("en"):
        services.article_restore(article=piece, user=editor, version=version, comment="Так.")
    step = ArticleEvent.objects.filter(article=piece).first()
    with translation.override("kk"):
        kazakh = shown(step.comment)
        date = shown(stored(when(version.revision.date_created)))
    assert kazakh.startswith(gettext_kk("Restored the version of %(date)s by %(user)s") % {
        "date": date, "user": editor})  # fmt: skip
    assert kazakh.endswith(": Так.")
    page = kazakh_page(editor, reverse("admin:articles_article_change", args=[piece.pk]))
    assert escape(kazakh) in page


def gettext_kk(msgid) -> str:
    with translation.override("kk"):
        return gettext(msgid)


def test_notes_written_before_display_as_they_were():
    assert shown("Взято из ленты: Kazinform.") == "Взято из ленты: Kazinform."
    assert shown('{"note": not json') == '{"note": not json'
    assert shown("") == ""
    with translation.override("kk"):
        assert shown(stored(note("Draft"), ": ", "Ошибка")) == f"{gettext('Draft')}: Ошибка"


def test_an_old_plain_note_still_shows_on_the_desk(editor, make_article):
    piece = make_article(status="draft", published_at=None, created_by=editor)
    ArticleEvent.objects.create(article=piece, from_status="", to_status=Status.DRAFT,
                                comment="Взято из ленты: старая запись.")  # fmt: skip
    page = kazakh_page(editor, reverse("admin:articles_article_change", args=[piece.pk]))
    assert "Взято из ленты: старая запись." in page
    assert LiveUpdate.objects.count() == 0


def test_a_comment_typed_like_a_stored_note_shows_as_it_was_typed(editor, make_article):
    """A person's comment is never worded as the system's: a send-back comment that happens
    to look like a stored note (or is crafted to) reads exactly as typed, and the page works."""
    piece = make_article(status="review", published_at=None)
    typed = '{"note": [{"msgid": "Deleted"}]}'  # would read «Удалено», as the system says it
    services.article_return_to_draft(article=piece, user=editor, comment=typed)

    event = ArticleEvent.objects.get(article=piece, to_status="draft")
    assert shown(event.comment) == typed
    page = client_for(editor).get(reverse("admin:articles_article_change", args=[piece.pk]))
    assert page.status_code == 200
    assert escape(typed) in page.text


def test_a_comment_that_becomes_a_stored_note_once_cleaned_shows_as_typed(editor, make_article):
    """The save drops control characters (articles/models/clean_text.py) after `typed` has
    looked at the comment: one in front of a crafted note must not make it the system's."""
    piece = make_article(status="review", published_at=None)
    crafted = '{"note": [{"msgid": "Deleted"}]}'
    services.article_return_to_draft(article=piece, user=editor, comment="\x01" + crafted)

    event = ArticleEvent.objects.get(article=piece, to_status="draft")
    assert shown(event.comment) == crafted


@pytest.mark.parametrize(
    "text",
    [
        '{"note": [{"datetime": "9999-12-31T23:59:59-12:00"}]}',  # out of range once local
        '{"note": ' + "[" * 100_000 + "]" * 100_000 + "}",  # deeper than json can read
    ],
)
def test_a_comment_stored_before_typed_that_cannot_be_worded_shows_as_it_is(text):
    """Comments stored before `typed` existed are as people typed them: any of them that
    starts like a note but cannot be worded is shown as it is, not as a server error."""
    assert shown(text) == text


def test_a_number_among_a_notes_parts_is_shown():
    assert shown(stored("#", 5)) == "#5"


def test_a_withdrawal_from_the_list_reads_in_each_readers_language(editor, make_article):
    """The list's "Withdraw" action gives the piece's desk log its reason in the system's
    words: an editor working in English leaves no English note for the Russian desk."""
    piece = make_article()
    client = client_for(editor)
    client.cookies["django_language"] = "en"
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "withdraw", "_selected_action": [piece.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    event = ArticleEvent.objects.get(article=piece, to_status="withdrawn")
    assert shown(event.comment) == gettext("Withdrawn from the list of articles.")
    with translation.override("kk"):
        assert shown(event.comment) == gettext("Withdrawn from the list of articles.")
    version = reversion.models.Version.objects.get_for_object(piece).first()
    assert shown(version.revision.comment).endswith(
        ": " + gettext("Withdrawn from the list of articles.")
    )
