"""The wire's background work, on Django's Tasks API (django-tasks; the database worker by
default, `manage.py db_worker`).

`poll_wire_source` polls one source. `poll_wires` (the management command, run by cron or a
systemd timer) queues the sources that are due; "Poll now" in the desk queues one through
the domain's signal, connected here.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver
from django_tasks import task

from articles import signals, wire
from articles.distribution.wire.poll import poll_source
from articles.models import WireSource


@task()
def poll_wire_source(source_id: int) -> dict:
    """Poll one source, if it still exists; what happened to its items, by outcome."""
    source = WireSource.objects.filter(pk=source_id).first()
    if source is None:
        return {}
    return dict(poll_source(source))


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
