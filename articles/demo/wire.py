"""The demo's wire: one folder source, with three items written for the demo (data/wire/).

`load_wire()` copies the files into the wire folder (NEWSROOM_WIRE_FOLDER_ROOT/demo-partner),
configures the source, if it is not there yet, polls it once, so a new user finds the
Wires inbox with content, and queues its next poll for the worker. Safe to run again: the
items are deduplicated by id and version.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from articles.distribution.wire.poll import poll_source
from articles.distribution.wire.tasks import poll_wire_source
from articles.models import WireSource
from articles.models.wire import folder_root

FILES = Path(__file__).parent / "data" / "wire"
FOLDER = "demo-partner"


def load_wire() -> WireSource:
    target = folder_root() / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for file in sorted(FILES.glob("*.json")):
        shutil.copy(file, target / file.name)
    source, _created = WireSource.objects.get_or_create(
        kind=WireSource.Kind.FOLDER,
        folder=FOLDER,
        defaults={
            "name": "Demo partner agency (folder)",
            "credit": "Demo partner agency",
            "source_line": "Demo partner agency, via the wire",
            "poll_minutes": 5,
        },
    )
    poll_source(source)
    # ...and from then on by the worker (make run starts it): the next poll, an interval
    # later, queues the one after it. Chains started by running this again merge into one.
    later = timezone.now() + timedelta(minutes=source.poll_minutes)
    poll_wire_source.using(run_after=later).enqueue(source.pk, scheduled=True)
    source.refresh_from_db()
    return source
