"""The `deliver` task: one attempt of one delivery, and what follows it.

The Delivery row is the truth; tasks are only wake-up calls. A task may run twice, late, or
after its delivery was replaced: it claims the row first (in a transaction, with the row
locked), and does nothing unless the delivery is due and nobody else is sending it. So the
queue may deliver a task more than once (at-least-once backends), and a worker killed in the
middle of a POST loses nothing: before each attempt a second wake-up is queued for when the
attempt's lease ends; if the attempt never finished, that one sends again, under the same
delivery id (the partner's idempotency key), as attempt n+1 of the same logical delivery.

Retries: NEWSROOM_DELIVERY_RETRY_FIRST seconds after the first failure, doubling up to
NEWSROOM_DELIVERY_RETRY_LONGEST, until NEWSROOM_DELIVERY_GIVE_UP_AFTER seconds after the
delivery was planned. A partner and a piece are sent one delivery at a time, and a waiting
delivery is replaced by a later one (models/deliveries.py), so a partner never gets an
older version after a newer one from us.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from articles import selectors
from articles.distribution.deliveries.endpoint import post
from articles.distribution.deliveries.payload import NotYet, Payload, payload_for, signature
from articles.models import Article, Delivery, DeliveryAttempt
from articles.models.deliveries import (
    INACTIVE,
    NO_ANSWER,
    NOTHING_TO_SEND,
    deliveries_plan,
    sender_note,
)

logger = logging.getLogger(__name__)
State = Delivery.State
FINISHED = (State.DELIVERED, State.FAILED, State.SUPERSEDED, State.SKIPPED)


@task()
def plan(article_id: int) -> int:
    """Plan the deliveries a save of the piece calls for (`deliveries_plan`), and send those
    due now at once, side by side (`send_many`); how many were planned.

    Each is queued too, before any is sent: those due later at their time, those sent here
    at the end of their lease, the safety net if this worker stops half-way."""
    with transaction.atomic():
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            return 0
        planned_since = Delivery.objects.filter(
            article_ref=article_id, created_at__gte=article.updated_at
        ).exclude(reason=Delivery.Reason.RESEND)
        if planned_since.exists():
            return 0  # saved twice in one transaction, or planned by an earlier task: once
        planned = deliveries_plan(article=article, announce=False)
        now = timezone.now()
        for delivery in planned:
            # Due now: sent below, and again once two leases are over if it never was.
            wake(delivery.pk, max(delivery.next_attempt_at, now + 2 * lease()))
    due_now = [d.pk for d in planned if d.next_attempt_at <= now]
    if due_now:
        send_many(due_now, article=selectors.delivery_piece(article_id))
    return len(planned)


def send_many(delivery_ids: list[int], *, article: Article | None) -> None:
    """Send these deliveries side by side, NEWSROOM_DELIVERY_THREADS at a time: a worker is
    one process doing one task at a time, and 50 partners should not wait for each other's
    answers (nor for one that hangs until its timeout). 0: one after the other, here.
    `article`: the piece, read once for all of them, as it stands now."""
    threads = settings.NEWSROOM_DELIVERY_THREADS
    if threads <= 0 or len(delivery_ids) <= 1:
        for pk in delivery_ids:
            send(pk, article=article, safety_net=False)
        return
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="delivery") as pool:
        for _outcome in pool.map(lambda pk: _send_in_thread(pk, article), delivery_ids):
            pass


def _send_in_thread(delivery_id: int, article: Article | None) -> str:
    try:
        return send(delivery_id, article=article, safety_net=False)
    except Exception:
        # One partner's failure (a bug in its item, a database hiccup) must not stop the
        # others; its wake-up call sends it again when its lease ends.
        logger.exception("Delivery %s failed in its thread", delivery_id)
        return "error"
    finally:
        connections.close_all()  # this thread's own connections


@task()
def deliver(delivery_id: int) -> str:
    """Send delivery `delivery_id` if it is due; what became of it."""
    return send(delivery_id)


def wake(delivery_id: int, at: datetime | None = None) -> None:
    """Queue a wake-up call for the delivery, at `at` (now if None or past)."""
    if at is not None and at > timezone.now():
        deliver.using(run_after=at).enqueue(delivery_id)
    else:
        deliver.enqueue(delivery_id)


def lease() -> timedelta:
    """How long an attempt is its sender's: after that it counts as lost, and is retried."""
    return timedelta(seconds=2 * settings.NEWSROOM_DELIVERY_TIMEOUT + 1)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4, 8... minutes, capped."""
    first = settings.NEWSROOM_DELIVERY_RETRY_FIRST
    return timedelta(
        seconds=min(first * 2 ** max(attempts - 1, 0), settings.NEWSROOM_DELIVERY_RETRY_LONGEST)
    )


_READ = object()  # send(): read the piece from the database


def send(delivery_id: int, *, article=_READ, safety_net: bool = True) -> str:
    """One attempt of the delivery, if it is due. `article`: the piece, already read;
    `safety_net` False when the caller has queued the wake-up that covers a lost attempt."""
    claimed = _claim(delivery_id, article, safety_net)
    if isinstance(claimed, str):
        return claimed
    delivery, attempt, payload = claimed
    subscription = delivery.subscription
    headers = {
        subscription.signature_header: signature(
            secret=subscription.secret, delivery_id=str(delivery.uuid), body=payload.body
        ),
        "X-Newsroom-Delivery": str(delivery.uuid),
        "X-Newsroom-Attempt": str(attempt.number),
    }
    answer = post(
        subscription.endpoint, payload.body, headers, timeout=settings.NEWSROOM_DELIVERY_TIMEOUT
    )
    return _record(delivery, attempt, answer)


def _claim(
    delivery_id: int, article, safety_net: bool
) -> str | tuple[Delivery, DeliveryAttempt, Payload]:
    """The delivery, its new attempt and what to send; or why there is nothing to do now."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state in FINISHED:
            return delivery.state if delivery else "gone"
        if delivery.state == State.SENDING:
            if delivery.lease_until and delivery.lease_until > now:
                return "sending"  # someone else's attempt, still running
            _lost(delivery)
        elif delivery.next_attempt_at and delivery.next_attempt_at > now:
            return "not due"  # an early or duplicate wake-up: its own one comes later
        if not delivery.subscription.is_active:
            return _finish(delivery, State.SKIPPED, sender_note(INACTIVE))
        busy = (
            Delivery.objects.filter(
                subscription_id=delivery.subscription_id,
                article_ref=delivery.article_ref,
                state=State.SENDING,
                lease_until__gt=now,
            )
            .exclude(pk=delivery.pk)
            .order_by("-lease_until")
            .values_list("lease_until", flat=True)
            .first()
        )
        if busy is not None:  # one at a time per partner and piece: after that one
            _postpone(delivery, busy)
            return "waiting"
        if article is _READ:
            article = selectors.delivery_piece(delivery.article_ref)
        payload = payload_for(delivery, article)
        if payload is None:
            return _finish(delivery, State.SKIPPED, sender_note(NOTHING_TO_SEND))
        if isinstance(payload, NotYet):
            _postpone(delivery, payload.until)
            return "not yet"
        delivery.state = State.SENDING
        delivery.attempts += 1
        delivery.lease_until = now + lease()
        delivery.kind, delivery.version = payload.kind, payload.version
        delivery.payload_digest = payload.digest
        delivery.save()
        attempt = DeliveryAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            started_at=now,
            kind=payload.kind,
            version=payload.version,
            payload_digest=payload.digest,
        )
        if safety_net:
            # Queued with the claim: if this attempt never ends (the worker is killed), this
            # wake-up finds the lease over and sends again.
            wake(delivery.pk, delivery.lease_until)
    return delivery, attempt, payload


def _lost(delivery: Delivery) -> None:
    """The last attempt ran out of its lease without an answer recorded: the worker stopped."""
    DeliveryAttempt.objects.filter(
        delivery=delivery, number=delivery.attempts, status_code__isnull=True, error=""
    ).update(error=sender_note(NO_ANSWER))


def _postpone(delivery: Delivery, until: datetime) -> None:
    delivery.state, delivery.next_attempt_at = State.PENDING, until
    delivery.save(update_fields=["state", "next_attempt_at"])
    wake(delivery.pk, until)


def _finish(delivery: Delivery, state: str, note: str) -> str:
    delivery.state, delivery.last_status, delivery.next_attempt_at = state, note, None
    delivery.save(update_fields=["state", "last_status", "next_attempt_at"])
    return state


def _record(delivery: Delivery, attempt: DeliveryAttempt, answer) -> str:
    now = timezone.now()
    with transaction.atomic():
        current = Delivery.objects.select_for_update().get(pk=delivery.pk)
        attempt.status_code, attempt.error = answer.status, answer.error
        attempt.response_ms = answer.milliseconds
        if current.state != State.SENDING or current.attempts != attempt.number:
            attempt.save()  # a later attempt took over (this one outlived its lease)
            return "late"
        current.lease_until = None
        current.last_status = str(answer.status or "") or answer.error[:200]
        if answer.ok:
            current.state, current.delivered_at, current.next_attempt_at = (
                State.DELIVERED,
                now,
                None,
            )
        elif _replaced(current):
            current.state, current.next_attempt_at = State.SUPERSEDED, None
        elif now - current.created_at > timedelta(seconds=settings.NEWSROOM_DELIVERY_GIVE_UP_AFTER):
            current.state, current.next_attempt_at = State.FAILED, None
        else:
            current.state = State.PENDING
            current.next_attempt_at = attempt.next_retry_at = now + backoff(current.attempts)
            wake(current.pk, current.next_attempt_at)
        attempt.save()
        current.save()
        _next_in_line(current, now)
    if not answer.ok:
        logger.warning(
            "Delivery %s to %s, attempt %d: %s",
            current.uuid,
            delivery.subscription.name,
            attempt.number,
            current.last_status,
        )
    return current.state


def _replaced(delivery: Delivery) -> bool:
    """A later delivery of the same piece to the same partner waits: it sends the news."""
    return (
        Delivery.objects.filter(
            subscription_id=delivery.subscription_id,
            article_ref=delivery.article_ref,
            edition=delivery.edition,
            state=State.PENDING,
            pk__gt=delivery.pk,
        )
        .exclude(reason=Delivery.Reason.RELEASE, next_attempt_at__gt=timezone.now())
        .exists()
    )


def _next_in_line(delivery: Delivery, now: datetime) -> None:
    """Deliveries of the same piece to the same partner that waited for this one: now."""
    waiting = Delivery.objects.filter(
        subscription_id=delivery.subscription_id,
        article_ref=delivery.article_ref,
        state=State.PENDING,
        pk__gt=delivery.pk,
        next_attempt_at__gt=now,
        next_attempt_at__lte=now + lease(),
    )
    for pk in waiting.values_list("pk", flat=True):
        Delivery.objects.filter(pk=pk).update(next_attempt_at=now)
        wake(pk)


def due() -> list[int]:
    """Deliveries due now, or whose attempt outlived its lease (for `send_due`)."""
    now = timezone.now()
    return list(
        Delivery.objects.filter(
            Q(state=State.PENDING, next_attempt_at__lte=now)
            | Q(state=State.SENDING, lease_until__lte=now)
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )


def send_due() -> dict[str, int]:
    """Send every delivery due now, here, without the queue: the worker's safety net (the
    `send_partner_deliveries` command, for cron) and the tests' way to run deliveries."""
    outcomes: dict[str, int] = {}
    for pk in due():
        outcome = send(pk)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
