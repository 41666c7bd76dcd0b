"""`manage.py bench_deliveries`: see bench/deliveries.py (what it measures, and how)."""

import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench import BASE_DIR, MANAGE, SETTINGS


class Command(BaseCommand):
    help = "Deliveries to partners: the editor's save with and without them, and their speed."

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=50)
        parser.add_argument("--saves", type=int, default=20)
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--inner", action="store_true", help="(in the bench's database)")

    def handle(self, *args, **options):
        if options["inner"]:
            from bench.deliveries import run  # noqa: PLC0415  (needs the bench database)

            return run(
                partners=options["partners"],
                saves=options["saves"],
                rounds=options["rounds"],
                workers=options["workers"],
                write=self.stdout.write,
            )
        tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-deliveries-"))
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
            "NEWSROOM_CACHE_DIR": str(tmp / "cache"),
            "NEWSROOM_WARM_PAGES": "0",
            "NEWSROOM_DELIVERY_ALLOW_HTTP": "1",  # the partners' server is on this machine
            "NEWSROOM_DELIVERY_ALLOW_PRIVATE": "1",
            "PYTHONUNBUFFERED": "1",
        }
        try:
            subprocess.run([*MANAGE, "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
            inner = ["bench_deliveries", "--inner"]
            for name in ("partners", "saves", "rounds", "workers"):
                inner += [f"--{name}", str(options[name])]
            subprocess.run([*MANAGE, *inner], cwd=BASE_DIR, env=env, check=True)
        except subprocess.CalledProcessError as failure:
            raise CommandError(f"bench_deliveries failed: {failure}") from failure
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
