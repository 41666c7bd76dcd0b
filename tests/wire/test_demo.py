"""The demo's wire: one folder source whose three items land in the inbox, once."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.demo.wire import load_wire
from articles.models import WireItem

pytestmark = pytest.mark.django_db


def test_the_demo_source_fills_the_inbox_once_in_three_languages():
    source = load_wire()
    load_wire()
    assert source.last_error == ""
    assert sorted(WireItem.objects.values_list("language", flat=True)) == ["en", "kk", "ru"]
    assert all(item.headline and item.body for item in WireItem.objects.all())


def test_the_demo_source_is_polled_on_by_the_worker():
    source = load_wire()
    following = DBTaskResult.objects.get()
    assert following.args_kwargs == {"args": [source.pk], "kwargs": {"scheduled": True}}
    assert following.run_after > timezone.now()
