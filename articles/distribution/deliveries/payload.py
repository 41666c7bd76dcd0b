"""What a partner is sent: the piece as it stands when it is sent, as ninjs 3.1, signed.

Decided at send time, never at planning time, so a retry an hour later sends the latest
version, and a piece withdrawn meanwhile goes out as a kill:

- live: the full item, `pubStatus` "usable", with its corrections in `edNote`;
- scheduled and released to partners early: the full item with `embargoedUntil` (the release
  time), to partners who take embargoed pieces, for deliveries planned as such;
- scheduled otherwise: nothing yet (the delivery waits for the time);
- no longer published: a kill notice (`pubStatus` "canceled", or "withheld" while reworked).

`version` is the milliseconds of the piece's last save, or of its release once it is live
(a release is a new version: the one without the embargo), so every later state has a
greater number and a partner keeps the greatest it has seen.

Signature: `<header>: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
`f"{t}.{delivery_id}.".encode() + body`, with the subscription's secret as the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone, translation

from articles.distribution.api.ninjs import article_item, kill_notice
from articles.http.site_address import absolute
from articles.models import Article, Delivery

USABLE, EMBARGOED = "usable", "embargoed"


@dataclass(frozen=True)
class Payload:
    kind: str  # "usable", "embargoed", "canceled" or "withheld"
    version: str
    body: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


@dataclass(frozen=True)
class NotYet:
    """Nothing to send before `until` (a scheduled piece's release time)."""

    until: datetime


def payload_for(delivery: Delivery, article: Article | None) -> Payload | NotYet | None:
    """What `delivery` sends now; NotYet to wait; None when there is nothing to send."""
    if article is None:
        return None
    edition = delivery.edition
    if article.status == Article.Status.PUBLISHED and article.published_at is not None:
        if article.is_live:
            item = article_item(article, absolute=absolute, edition=edition)
            moment = max(article.updated_at, article.published_at)
            return _payload(USABLE, _versioned(item, moment, article))
        early = (
            delivery.reason in (Delivery.Reason.EMBARGO, Delivery.Reason.RESEND)
            and article.send_early_to_partners
            and delivery.subscription.receives_embargoed
        )
        if not early:
            return NotYet(article.published_at)
        item = article_item(article, absolute=absolute, edition=edition)
        item["embargoedUntil"] = _datetime(article.published_at)
        return _payload(EMBARGOED, _versioned(item, article.updated_at, article))
    if delivery.reason in (Delivery.Reason.KILL, Delivery.Reason.RESEND):
        if article.published_at is None:
            return None  # never released: nothing of it went out
        notice = kill_notice(article, absolute=absolute, edition=edition)
        return _payload(notice["pubStatus"], notice)
    return None  # withdrawn since it was planned: its kill is a delivery of its own


def _versioned(item: dict, moment: datetime, article: Article) -> dict:
    item["version"] = str(int(moment.timestamp() * 1000))
    item["versionCreated"] = _datetime(moment)
    notes = _correction_notes(article)
    if notes:
        item["edNote"] = notes
    return item


def _correction_notes(article: Article) -> str:
    """The piece's corrections and updates, oldest first, as readers see them under it."""
    with translation.override(article.language):
        return "\n".join(
            f"{correction.get_kind_display()} ({_datetime(correction.created_at)}): "
            f"{correction.text}"
            for correction in article.corrections.all()
        )


def _payload(kind: str, item: dict) -> Payload:
    body = json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode()
    return Payload(kind=kind, version=item["version"], body=body)


def _datetime(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


def signature(*, secret: str, delivery_id: str, body: bytes, timestamp: int | None = None) -> str:
    """The signature header's value for `body` sent as `delivery_id` at `timestamp`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.{delivery_id}.".encode() + body
    mac = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"
