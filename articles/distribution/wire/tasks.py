"""The wire's background work, on Django's Tasks API (django-tasks; the database worker by
default, `manage.py db_worker`).

`poll_wire_source` polls one source and queues its next poll. `poll_wires` (the management
command, run by cron or a systemd timer, or once to start the chains) queues the sources that
are due; "Poll now" in the desk queues one through the domain's signal, connected here.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from articles import signals, wire
from articles.distribution.wire.poll import poll_source
from articles.models import WireSource

# A scheduled poll finding the source polled this much less than its interval ago drops out.
TOLERANCE = timedelta(seconds=30)


@task()
def poll_wire_source(source_id: int, scheduled: bool = False) -> dict:
    """Poll one source, if it still exists; what happened to its items, by outcome.

    Every poll of an active source queues the next one, its interval later (`scheduled`), so
    sources keep being polled with the worker alone (`make run`). A scheduled poll that finds
    the source polled meanwhile (Poll now, `poll_wires`) or switched off drops out without
    queuing another: however many chains were started, one remains.
    """
    source = WireSource.objects.filter(pk=source_id).first()
    if source is None:
        return {}
    if scheduled and not _due(source):
        return {"skipped": 1}
    counts = poll_source(source)
    backend = poll_wire_source.get_backend()
    if source.is_active and backend.supports_defer:
        later = timezone.now() + timedelta(minutes=source.poll_minutes)
        poll_wire_source.using(run_after=later).enqueue(source.pk, scheduled=True)
    return dict(counts)


def _due(source: WireSource) -> bool:
    if not source.is_active:
        return False
    if source.last_polled_at is None:
        return True
    interval = timedelta(minutes=source.poll_minutes)
    return timezone.now() - source.last_polled_at >= interval - TOLERANCE


def enqueue_due() -> list[WireSource]:
    """Queue a poll of every active source whose interval has passed."""
    due = wire.wire_sources_due()
    for source in due:
        poll_wire_source.enqueue(source.pk)
    return due


@receiver(signals.wire_poll_requested, dispatch_uid="articles.wire.poll_now")
def _poll_requested(sender, source_id: int, **kwargs) -> None:
    # Queued once the request's transaction commits, so the worker sees the source as saved.
    transaction.on_commit(lambda: poll_wire_source.enqueue(source_id))
