"""Desk notes stored untranslated, and worded in each reader's language when shown.

A note the system writes for the desk (a wire source's poll report, a system step in a
piece's desk log, a revision's comment) is read later by whoever opens the screen, in their
own language; worded when written, it would stay in the writer's (a worker's, a shell's, an
English-speaking editor's). As Django's LogEntry.change_message does, it is stored as JSON
(`stored`) of its parts, and `shown` words it when read:

- a plain string is data, kept as it is (a headline, an editor's own comment);
- `note(msgid, **params)` is a message of the catalogue, with its parameters (themselves
  parts, or numbers);
- `when(datetime)` is a date and time, formatted in the reader's language and time zone.

`shown` leaves any other text as it is: rows written before (plain text) still display.
Mark msgids with `gettext_noop` where they are written, so that makemessages finds them.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext, override, pgettext

from articles.text.clean import clean_text

PREFIX = '{"note": '


def note(msgid, /, context: str | None = None, **params) -> dict:
    """A message of the catalogue, worded when shown; `msgid` may be a lazy translation
    (a model's label): its msgid is kept."""
    if isinstance(msgid, Promise):
        with override(None):
            msgid = str(msgid)
    part: dict = {"msgid": msgid}
    if context:
        part["context"] = context
    if params:
        part["params"] = {name: _part(value) for name, value in params.items()}
    return part


def when(moment: datetime) -> dict:
    """A date and time, shown as the reader's language writes them, in the site's zone."""
    return {"datetime": moment.isoformat()}


def _part(value):
    if isinstance(value, Promise):
        return note(value)
    if isinstance(value, (dict, int, float)) and not isinstance(value, bool):
        return value
    return str(value)


def stored(*parts) -> str:
    """The parts, one after the other, as the database keeps them."""
    kept = [_part(part) for part in parts if part != ""]
    return PREFIX + json.dumps(kept, ensure_ascii=False) + "}"


def said(msgid, /, **params) -> str:
    """One message of the catalogue, stored: `stored(note(msgid, **params))`."""
    return stored(note(msgid, **params))


def typed(text: str) -> str:
    """What a person typed, to keep in a column that may hold notes: as it is, unless it looks
    like a stored note, which `shown` would word as the system's own (it is then stored as a
    note of one plain part, which shows exactly what was typed). Looked at as the save will
    store it: the save drops control characters (`clean_text`), and a crafted comment
    hidden behind one would become a note once stored."""
    text = clean_text(text)
    return stored(text) if is_note(text) else text


def is_note(text) -> bool:
    return isinstance(text, str) and text.startswith(PREFIX)


def shown(text) -> str:
    """`text` as the current language says it: a stored note worded, anything else as is."""
    if not is_note(text):
        return text
    try:
        parts = json.loads(text)["note"]
        return "".join(str(_word(part)) for part in parts)
    # Rows written before `typed` (a person's comment that happened to start like a note)
    # may hold anything: a date out of range or JSON nested too deep shows as typed, never
    # as a server error on the piece's page.
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError, RecursionError):
        return text


def _word(part):
    if isinstance(part, (str, int, float)):
        return part
    if "datetime" in part:
        moment = parse_datetime(part["datetime"])
        return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    msgid = part["msgid"]
    context = part.get("context")
    text = pgettext(context, msgid) if context else gettext(msgid)
    params = {name: _word(value) for name, value in part.get("params", {}).items()}
    if not params:
        return text
    try:
        return text % params
    except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder
        return msgid % params
