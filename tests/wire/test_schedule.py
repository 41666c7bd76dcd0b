"""Polling on a schedule: `poll_wires` (cron or a systemd timer) queues the sources that are
due, the database worker polls them, and "Poll now" queues one at once."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import wire
from articles.distribution.wire.tasks import poll_wire_source
from articles.models import WireItem, WireSource

pytestmark = pytest.mark.django_db
TASK = "articles.distribution.wire.tasks.poll_wire_source"


def item(uri="urn:kazinform:1"):
    return {"uri": uri, "version": "1", "headline": "Центр открыт", "pubStatus": "usable"}


def queued() -> list[int]:
    return [row.args_kwargs["args"][0] for row in DBTaskResult.objects.filter(task_path=TASK)]


def test_poll_wires_queues_the_sources_that_are_due(api_source, feed_source):
    WireSource.objects.filter(pk=feed_source.pk).update(last_polled_at=timezone.now())
    resting = WireSource.objects.create(name="Off", kind="feed", url="https://x.example/",
                                        is_active=False)  # fmt: skip
    call_command("poll_wires", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert queued() == [api_source.pk]
    assert resting.pk not in queued()


def test_a_source_is_due_again_after_its_interval(api_source):
    polled = timezone.now() - timedelta(minutes=api_source.poll_minutes)
    WireSource.objects.filter(pk=api_source.pk).update(last_polled_at=polled)
    assert wire.wire_sources_due() == [api_source]
    WireSource.objects.filter(pk=api_source.pk).update(last_polled_at=timezone.now())
    assert wire.wire_sources_due() == []


@pytest.mark.django_db(transaction=True)  # the worker's own transactions
def test_the_worker_polls_what_was_queued(api_source, source_server):
    source_server.serve("/api/ninjs/", json.dumps([item()]))
    call_command("poll_wires", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert WireItem.objects.get().headline == "Центр открыт"
    done, following = DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at")
    assert done.status == "SUCCESSFUL"
    assert following.status == "READY"
    assert following.args_kwargs == {"args": [api_source.pk], "kwargs": {"scheduled": True}}


def test_each_poll_queues_the_next_one_its_interval_later(api_source, source_server):
    source_server.serve("/api/ninjs/", json.dumps([item()]))
    poll_wire_source.call(api_source.pk)
    following = DBTaskResult.objects.get(task_path=TASK)
    wait = following.run_after - timezone.now()
    assert timedelta(minutes=4) < wait <= timedelta(minutes=5)


def test_a_scheduled_poll_of_a_source_polled_meanwhile_drops_out(api_source, source_server):
    """Poll now between two scheduled polls leaves one chain of polls, not two."""
    source_server.serve("/api/ninjs/", json.dumps([item()]))
    poll_wire_source.call(api_source.pk)  # Poll now: the next one is queued
    assert poll_wire_source.call(api_source.pk, scheduled=True) == {"skipped": 1}
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    assert len(source_server.requests) == 1


def test_a_source_switched_off_is_no_longer_polled(api_source, source_server):
    WireSource.objects.filter(pk=api_source.pk).update(is_active=False)
    assert poll_wire_source.call(api_source.pk, scheduled=True) == {"skipped": 1}
    assert source_server.requests == []
    assert queued() == []


def test_poll_wires_now_polls_without_a_worker(api_source, source_server, capsys):
    source_server.serve("/api/ninjs/", json.dumps([item()]))
    call_command("poll_wires", "--now")
    assert WireItem.objects.count() == 1
    assert "Kazinform: 1 new, 0 updated, 0 killed, 0 refused" in capsys.readouterr().out


def test_poll_now_queues_a_poll_of_the_source(
    api_source, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wire.wire_source_poll_request(source=api_source, user=editor)
    assert queued() == [api_source.pk]


def test_only_editors_may_ask_for_a_poll(api_source, reporter):
    with pytest.raises(PermissionDenied):
        wire.wire_source_poll_request(source=api_source, user=reporter)
    assert queued() == []


def test_a_poll_of_a_deleted_source_does_nothing(db):
    assert poll_wire_source.call(987654) == {}
