"""Load the demo newsroom: the Central Asia story in three languages and a few more pieces.

The stories are data (articles/demo/data/*.json), loaded by articles/demo/loader.py.
Safe to run again: what exists is left alone, nothing is duplicated.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import services
from articles.demo import loader, partner, wire
from articles.demo.files import DemoDataError

# username, what to call the role, group (None: superuser)
DEMO_ACCOUNTS = [
    ("admin", "administrator", None),
    ("editor", "editor", "Editors"),
    ("reporter", "reporter", "Reporters"),
]


class Command(BaseCommand):
    help = "Load the demo newsroom (idempotent) and print the administrator's login."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create or print the demo logins."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        partner.ensure_subscription()  # first, so the pieces loaded now are sent to it
        try:
            created = loader.load()
        except DemoDataError as error:
            raise CommandError(f"Demo data: {error}") from error
        wire.load_wire()
        services.site_content_changed()
        self.stdout.write(self.style.SUCCESS(f"Demo newsroom ready ({created} articles added)."))
        if not options["no_admin"]:
            self.demo_accounts()

    def demo_accounts(self):
        """Make sure the demo accounts exist, one per role, and print how to log in.

        Passwords are made once and kept in `.demo-login` (git-ignored), so running the
        command again prints the same ones.
        """
        login_file = Path(settings.BASE_DIR) / ".demo-login"
        saved = {}
        if login_file.exists():
            for line in login_file.read_text().splitlines():
                if " " in line:
                    username, password = line.split(" ", 1)
                    saved[username] = password.strip()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("  Demo logins for /admin/ (kept in .demo-login):"))
        for username, role, group in DEMO_ACCOUNTS:
            password = saved.get(username) or secrets.token_urlsafe(12)
            saved[username] = password
            user, _ = get_user_model().objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = group is None
            if not user.check_password(password):
                user.set_password(password)
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            self.stdout.write(f"    {role:<14} user: {username:<9} password: {password}")
        login_file.write_text("".join(f"{name} {pw}\n" for name, pw in saved.items()))
        login_file.chmod(0o600)
