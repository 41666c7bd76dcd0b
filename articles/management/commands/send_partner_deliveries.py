"""`manage.py send_partner_deliveries`: send every delivery to partners that is due, here.

The worker (`manage.py db_worker`) sends deliveries as their tasks come due; this is the
safety net for a queue that lost them (a task table restored from an old backup, a
backend switched with tasks in it). Harmless to run at any time, e.g. from cron:

    */10 * * * *  cd /srv/newsroom && .venv/bin/python manage.py send_partner_deliveries
"""

from django.core.management.base import BaseCommand

from articles.distribution.deliveries.tasks import send_due


class Command(BaseCommand):
    help = "Send every delivery to partners that is due (the worker's safety net)."

    def handle(self, *args, **options):
        outcomes = send_due()
        summary = ", ".join(f"{state}: {count}" for state, count in sorted(outcomes.items()))
        self.stdout.write(summary or "Nothing due.")
