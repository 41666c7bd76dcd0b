"""The wire's writes and reads in the domain: store what a source sent, take an item, poll.

Distribution's intake (articles/distribution/wire/) fetches and parses; what it makes of
each item (`Incoming`) is stored here by `wire_item_receive`: one row per (source, id),
deduplicated by version, earlier versions kept, kills marked and the drafts taken from a
killed item told. The desk calls `wire_item_take` ("Take") and `wire_source_poll_request`
("Poll now"), which announces the request (signals.wire_poll_requested) for the intake to
queue: the desk never imports distribution.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles import signals, workflow
from articles.models import Article, ArticleEvent, WireItem, WireItemVersion, WireSource
from articles.services import article_save
from articles.text import notes
from articles.text.clean import cleaned
from articles.text.plain import plain_text

logger = logging.getLogger(__name__)
Status = Article.Status

NEW, UPDATED, UNCHANGED, OLDER, KILLED = "new", "updated", "unchanged", "older", "killed"
LEAD_LENGTH = 600  # Article.lead's max_length
HEADLINE_LENGTH = 200  # Article.headline's


@dataclass
class Incoming:
    """One item as a parser read it, whatever the format (ninjs, RSS/Atom, NewsML-G2)."""

    guid: str
    version: str = ""
    language: str = ""
    headline: str = ""
    lead: str = ""
    body: str = ""
    byline: str = ""
    credit: str = ""
    link: str = ""
    photos: list[dict] = field(default_factory=list)
    killed: bool = False
    version_created: datetime | None = None

    def __post_init__(self):
        # Hostile input: a lone surrogate ("\ud800" in JSON) in an id fails every query
        # that names it, and control characters break pages and feeds. Cleaned here, for
        # every parser, before anything looks the item up.
        for name, value in list(vars(self).items()):
            if isinstance(value, (str, list, dict)):
                setattr(self, name, cleaned(value))


def _is_older(incoming: Incoming, item: WireItem) -> bool:
    """Whether `incoming` is an earlier version than the one stored (then it is ignored).

    By versionCreated when both have one; else by version numbers when both are numbers
    (ninjs versions usually are); else a different version is taken as newer (an RSS
    item's version is a hash of its content: changed means updated)."""
    both_dated = incoming.version_created and item.version_created
    if both_dated and incoming.version_created != item.version_created:
        return incoming.version_created < item.version_created
    if incoming.version.isdigit() and item.version.isdigit():
        return int(incoming.version) < int(item.version)
    return False


def _text_fields(incoming: Incoming) -> dict:
    return {
        "language": incoming.language[:16],
        "headline": incoming.headline[:500],
        "lead": incoming.lead,
        "body": incoming.body,
        "byline": incoming.byline[:300],
        "credit": incoming.credit[:300],
        "link": incoming.link[:1000],
        "photos": incoming.photos,
    }


@transaction.atomic
def wire_item_receive(*, source: WireSource, incoming: Incoming) -> str:
    """Store `incoming` from `source`: NEW, UPDATED, KILLED, UNCHANGED or OLDER (ignored).

    The same version twice changes nothing. A newer version replaces the text, the one it
    replaces is kept (WireItemVersion) for the inbox's "what changed". A kill notice carries
    no text: the item keeps what it had, marked killed, and the drafts taken from it are told.
    """
    if not incoming.guid:
        raise ValidationError(_("The item has no id."))
    status = WireItem.Status.KILLED if incoming.killed else WireItem.Status.USABLE
    item = WireItem.objects.select_for_update().filter(source=source, guid=incoming.guid).first()
    if item is None:
        WireItem.objects.create(
            source=source,
            guid=incoming.guid[:500],
            version=incoming.version[:100],
            status=status,
            version_created=incoming.version_created,
            **_text_fields(incoming),
        )
        return NEW
    if incoming.version == item.version and status == item.status:
        return UNCHANGED
    if _is_older(incoming, item):
        return OLDER
    WireItemVersion.objects.create(
        item=item,
        version=item.version,
        headline=item.headline,
        lead=item.lead,
        body=item.body,
        status=item.status,
        version_created=item.version_created,
        received_at=item.updated_at,
    )
    killing = status == WireItem.Status.KILLED and not item.is_killed
    has_text = bool(incoming.headline or incoming.body or incoming.lead)
    if has_text:
        for name, value in _text_fields(incoming).items():
            setattr(item, name, value)
    item.version = incoming.version[:100]
    item.version_created = incoming.version_created
    item.status = status
    item.updated_at = timezone.now()
    item.save()
    if killing:
        _tell_takers(item)
        return KILLED
    return UPDATED


def _tell_takers(item: WireItem) -> None:
    """Each draft (or piece) taken from `item` gets a step in its desk log saying so; the
    desk shows it on the piece's page and in the list while the item stays killed."""
    for article in item.taken_as.all():
        parts = [
            notes.note(
                gettext_noop(
                    "The source killed the wire item this piece was taken from: do not use it."
                )
            )
        ]
        if article.is_live or article.is_scheduled:
            published = gettext_noop("This piece is published: consider withdrawing it.")
            parts += [" ", notes.note(published)]
        ArticleEvent.objects.create(
            article=article,
            from_status=article.status,
            to_status=article.status,
            comment=notes.stored(*parts),
        )
        logger.warning("Wire item %s killed; piece %s was taken from it", item.pk, article.pk)


def kill_warning(article: Article) -> str:
    """What the desk says on a piece whose wire item was killed, or ""."""
    item = article.wire_item
    if item is None or not item.is_killed:
        return ""
    note = _("The source killed the wire item “%(headline)s” this piece was taken from.") % {
        "headline": item.headline or item.guid
    }
    if article.is_live or article.is_scheduled:
        return note + " " + _("This piece is published: consider withdrawing it.")
    return note + " " + _("Do not publish it as it stands.")


class WireItemKilled(ValidationError):
    """Taking a killed item is refused: nobody may use it."""


def _language_of(item: WireItem) -> str:
    languages = [code for code, _name in settings.NEWSROOM_CONTENT_LANGUAGES]
    base = (item.language or "").split("-")[0].lower()
    return base if base in languages else item.source.language


def wire_item_source_line(item: WireItem) -> str:
    """The draft's source line: the source's own line, else the item's credit, else its name."""
    line = item.source.source_line or item.credit or item.source.credit_line
    if item.byline and item.byline not in line:
        line = f"{line} ({item.byline})"
    return line[:300]


@transaction.atomic
def wire_item_take(*, item: WireItem, user, language: str | None = None) -> Article:
    """A new draft of `user`'s from `item`, in `language` (the item's own by default).

    The text, credit and source line are kept; in another language the draft holds the
    original text for the translator, and its desk log says so. The draft follows the
    normal workflow from here; it stays linked to the item (`Article.wire_item`)."""
    if not workflow.may_take_wire(user):
        raise PermissionDenied(_("You may not create articles."))
    item = WireItem.objects.select_related("source").select_for_update().get(pk=item.pk)
    if item.is_killed:
        raise WireItemKilled(_("The source killed this item: nobody may use it."))
    own_language = _language_of(item)
    language = language or own_language
    if language not in dict(settings.NEWSROOM_CONTENT_LANGUAGES):
        raise ValidationError(_("No such language: %(language)s.") % {"language": language})
    lead = item.lead or plain_text(item.body)[:300]
    draft = Article(
        language=language,
        headline=(item.headline or item.guid)[:HEADLINE_LENGTH],
        lead=plain_text(lead)[:LEAD_LENGTH] or item.headline[:LEAD_LENGTH],
        body=item.body,
        source=wire_item_source_line(item),
        wire_item=item,
        status=Status.DRAFT,
    )
    article_save(article=draft, user=user, to_status=Status.DRAFT)
    parts = [
        notes.note(
            gettext_noop("Taken from the wire: %(source)s, item %(guid)s, version %(version)s."),
            source=item.source.name,
            guid=item.guid,
            version=item.version or "—",
        )
    ]
    if language != own_language:
        parts += [
            " ",
            notes.note(
                gettext_noop("The text is the original in %(language)s: translate it."),
                language=own_language,
            ),
        ]
    ArticleEvent.objects.create(
        article=draft,
        user=user,
        from_status="",
        to_status=Status.DRAFT,
        comment=notes.stored(*parts),
    )
    return draft


def wire_source_poll_request(*, source: WireSource, user) -> None:
    """Ask for `source` to be polled now (the desk's "Poll now")."""
    if not workflow.may_configure_wires(user):
        raise PermissionDenied(_("Only an editor can poll wire sources."))
    signals.wire_poll_requested.send(sender=WireSource, source_id=source.pk)


def wire_sources_due(now: datetime | None = None) -> list[WireSource]:
    """The active sources whose poll interval has passed since their last poll."""
    now = now or timezone.now()
    return [
        source
        for source in WireSource.objects.filter(is_active=True)
        if source.last_polled_at is None
        or source.last_polled_at + timedelta(minutes=source.poll_minutes) <= now
    ]
