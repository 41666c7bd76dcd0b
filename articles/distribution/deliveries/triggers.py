"""Where deliveries to partners start: every save of a piece, whoever makes it.

A save through the admin, a service or a shell: the `post_save` of Article queues one `plan`
task once the transaction commits, whatever the number of partners (the editor's save waits
for no partner, and for no planning either). The worker then plans the piece's deliveries
from the piece as stored then, and queues one `deliver` task per partner. The admin saves
tags, bylines and corrections in the same transaction as the piece, and the services save
the piece with a correction, so one save covers them. A piece saved twice in one transaction
is planned once: a plan made after its last save covers it (`tasks.plan`).

Not planned: raw saves (`loaddata`, restoring a backup: they must not announce an archive
again) and deletions (delete is for mistakes never meant to be out; withdraw what went out).

Every delivery planned (here or by "send again" in the desk) is announced by the domain's
`deliveries_due` signal and queued as a `deliver` task on commit, at the time it is due.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from articles import signals
from articles.distribution.deliveries.tasks import plan, wake
from articles.models import Article


@receiver(post_save, sender=Article, dispatch_uid="deliveries-after-save")
def _saved(sender, instance, created, raw=False, **kwargs):
    if raw or instance.published_at is None:
        return  # a draft never released: partners hear of nothing (and no query is made)
    transaction.on_commit(partial(plan.enqueue, instance.pk), robust=True)


@receiver(signals.deliveries_due, dispatch_uid="deliveries-queue")
def _queue(sender, due, **kwargs):
    for pk, at in due:
        transaction.on_commit(partial(wake, pk, at), robust=True)
