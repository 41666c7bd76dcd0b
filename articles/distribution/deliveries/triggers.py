"""Where deliveries to partners start: every save of a piece, whoever makes it.

A save through the admin, a service, a shell or a scheduled release's own delivery: the
`post_save` of Article plans the piece's deliveries once the transaction commits (the
editor's save never waits for a partner), from the piece as stored then. The admin saves
tags, bylines and corrections in the same transaction as the piece, and the services save
the piece with a correction, so one save covers them. A piece saved twice in one transaction
is planned once: a plan made after its last save covers it.

Not planned: raw saves (`loaddata`, restoring a backup: they must not announce an archive
again) and deletions (delete is for mistakes never meant to be out; withdraw what went out).

Every delivery planned (here or by "send again" in the desk) is announced by the domain's
`deliveries_due` signal and queued as a `deliver` task on commit, at the time it is due.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from articles import signals
from articles.distribution.deliveries.tasks import wake
from articles.models import Article, Delivery
from articles.models.deliveries import deliveries_plan


@receiver(pre_save, sender=Article, dispatch_uid="deliveries-before-save")
def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    stored = Article.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    instance._was_public_for_partners = stored == Article.Status.PUBLISHED


@receiver(post_save, sender=Article, dispatch_uid="deliveries-after-save")
def _saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    was_public = getattr(instance, "_was_public_for_partners", False)
    if not (was_public or instance.status == Article.Status.PUBLISHED):
        return  # a draft's edit: partners hear of nothing
    transaction.on_commit(partial(_plan, instance.pk, was_public), robust=True)


def _plan(article_id: int, was_public: bool) -> None:
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return
    planned_since = Delivery.objects.filter(
        article_ref=article_id, created_at__gte=article.updated_at
    ).exclude(reason=Delivery.Reason.RESEND)
    if planned_since.exists():
        return  # saved twice in one transaction: planned once
    deliveries_plan(article=article, was_public=was_public)


@receiver(signals.deliveries_due, dispatch_uid="deliveries-queue")
def _queue(sender, due, **kwargs):
    for pk, at in due:
        transaction.on_commit(partial(wake, pk, at), robust=True)
