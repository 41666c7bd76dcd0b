"""One poll of one source: fetch, parse, store each item, write the source's status.

Each item is stored in a transaction of its own: an item that fails is counted and reported,
the others are kept, and nothing stored by an earlier poll is touched by a failing one. The
status the editors read (last polled, last success, last error, the counts) is written last.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles import wire
from articles.distribution.wire.fetch import Answer, WireError, fetch_url, folder_files
from articles.distribution.wire.parse import ItemError, parse
from articles.models import WireSource
from articles.text import notes
from articles.text.clean import clean_text

logger = logging.getLogger(__name__)
MAX_ERRORS_SHOWN = 3


def fetch(source: WireSource) -> list[Answer]:
    if source.kind == WireSource.Kind.FOLDER:
        return folder_files(source.folder)
    headers = {}
    if source.auth_value:
        headers[source.auth_header or "Authorization"] = source.auth_value
    if source.kind == WireSource.Kind.NINJS_API:
        headers["Accept"] = "application/json"
    return [fetch_url(source.url, headers)]


def poll_source(source: WireSource) -> Counter:
    """Poll `source` once; the counts of what happened to its items (wire.NEW, ...)."""
    counts: Counter = Counter()
    errors: list[str] = []
    started = timezone.now()
    try:
        for answer in fetch(source):
            prefix = f"{answer.name}: " if answer.name else ""
            try:
                if answer.error:
                    raise WireError(answer.error)
                for parsed in parse(answer.body, hint=answer.name or answer.content_type):
                    if isinstance(parsed, ItemError):
                        counts["failed"] += 1
                        errors.append(prefix + str(parsed))
                        continue
                    _receive(source, parsed, counts, errors, prefix)
            except WireError as error:
                if not answer.name:
                    raise
                counts["failed"] += 1  # one bad file of a folder; the others still count
                errors.append(prefix + str(error))
    except WireError as error:
        errors.insert(0, str(error))
        fatal = True
    else:
        fatal = False
    _write_status(source, started, counts, errors, fatal)
    return counts


def _receive(source, incoming, counts: Counter, errors: list[str], prefix: str) -> None:
    try:
        counts[wire.wire_item_receive(source=source, incoming=incoming)] += 1
    except (ValidationError, DatabaseError) as error:
        counts["failed"] += 1
        message = " ".join(getattr(error, "messages", [str(error)]))
        errors.append(prefix + f"{incoming.guid[:80]}: {message}")
        logger.warning(  # the log, like the database, gets no lone surrogate a partner sent
            "Wire source %s: item %r refused: %s", source.pk, incoming.guid, clean_text(str(error))
        )


def _write_status(source, started, counts: Counter, errors: list[str], fatal: bool) -> None:
    # Worded when shown, in each reader's language (not the worker's).
    report = notes.note(
        gettext_noop("%(new)d new, %(updated)d updated, %(killed)d killed, %(failed)d refused"),
        new=counts[wire.NEW],
        updated=counts[wire.UPDATED],
        killed=counts[wire.KILLED],
        failed=counts["failed"],
    )
    shown = errors[:MAX_ERRORS_SHOWN]
    if len(errors) > MAX_ERRORS_SHOWN:
        shown.append(_("and %(count)d more.") % {"count": len(errors) - MAX_ERRORS_SHOWN})
    fields = {
        "last_polled_at": started,
        # An update() skips the models' cleaning: a file's name or an item's id as the
        # partner wrote them may hold what no database can store (a lone surrogate).
        "last_error": clean_text("\n".join(shown)),
        "last_report": notes.stored(report),
        "items_received": F("items_received") + counts[wire.NEW],
    }
    if not fatal:
        fields["last_success_at"] = timezone.now()
    WireSource.objects.filter(pk=source.pk).update(**fields)
    if errors:
        logger.warning(
            "Wire source %s (%s): %s", source.pk, source.name, clean_text("; ".join(errors))
        )
