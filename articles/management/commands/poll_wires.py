"""Poll the wire sources that are due: run it every minute from cron or a systemd timer.

    * * * * *  cd /srv/newsroom && .venv/bin/python manage.py poll_wires

By default the polls are queued for the background worker (`manage.py db_worker`);
`--now` polls in this process instead (no worker needed), `--all` ignores the intervals.
"""

from django.core.management.base import BaseCommand

from articles import wire
from articles.distribution.wire.poll import poll_source
from articles.distribution.wire.tasks import enqueue_due, poll_wire_source
from articles.models import WireSource
from articles.text.notes import shown


class Command(BaseCommand):
    help = "Queue (or, with --now, run) a poll of every wire source whose interval has passed."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Poll here, not in the worker.")
        parser.add_argument("--all", action="store_true", help="Every active source, due or not.")

    def handle(self, *args, now=False, all=False, **options):
        sources = (
            list(WireSource.objects.filter(is_active=True)) if all else wire.wire_sources_due()
        )
        if not now:
            if all:
                for source in sources:
                    poll_wire_source.enqueue(source.pk)
            else:
                sources = enqueue_due()
            for source in sources:
                self.stdout.write(f"Queued: {source.name}")
            return
        for source in sources:
            poll_source(source)
            source.refresh_from_db()
            line = f"{source.name}: {shown(source.last_report)}"
            if source.last_error:
                line += f" — {source.last_error}"
            self.stdout.write(line)
