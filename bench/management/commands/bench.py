"""`manage.py bench`: see bench/ (what it measures, and how)."""

import argparse
import json
import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from articles.cache import page_cache
from bench import POSTGRES_SCHEMES
from bench.desk import DeskMixin
from bench.desk_report import DeskReportMixin
from bench.environment import EnvironmentMixin
from bench.live import LiveMixin
from bench.load import LoadMixin
from bench.probe import write_probe
from bench.report import ReportMixin


class Command(
    EnvironmentMixin, LoadMixin, LiveMixin, ReportMixin, DeskMixin, DeskReportMixin, BaseCommand
):
    help = "Benchmark the production stack (gunicorn, DEBUG off) on big and small archives."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000, help="the big archive")
        parser.add_argument("--small", type=int, default=1000, help="the small archive")
        parser.add_argument("--duration", type=int, default=8, help="seconds of wrk per page")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument(
            "--threads",
            type=int,
            default=1,
            help="threads per gunicorn worker (gthread workers when > 1; 1: sync workers)",
        )
        parser.add_argument("--keep", action="store_true", help="keep the bench databases")
        parser.add_argument(
            "--desk-only",
            action="store_true",
            help="only the working desk (bench/desk.py), on --small",
        )
        parser.add_argument("--no-desk", action="store_true", help="leave the working desk out")
        parser.add_argument(
            "--live-only",
            action="store_true",
            help="only the live page and its pollers (bench/live.py), on --small",
        )
        parser.add_argument("--live-updates", type=int, default=500)
        parser.add_argument(
            "--desk-seconds",
            type=int,
            default=10,
            help="seconds of wrk per mode and round of the working desk",
        )
        parser.add_argument(
            "--desk-workers",
            type=int,
            default=1,
            help="the working desk again with the admin on gunicorn workers of its own, as a "
            "newsroom would route /admin/ (0: leave that run out)",
        )
        parser.add_argument(
            "--desk-rounds",
            type=int,
            default=5,
            help="rounds of the working desk (odd: the median is one round's)",
        )
        parser.add_argument("--probe", help=argparse.SUPPRESS)  # internal: bench/probe.py
        parser.add_argument("--purge", help=argparse.SUPPRESS)  # internal: desk.first_burst

    def handle(self, *args, **options):
        if options["probe"]:
            return write_probe(Path(options["probe"]))
        if options["purge"]:  # inside a bench database's environment
            return page_cache.purge(options["purge"].split())
        self.wrk_path = shutil.which("wrk")
        if not self.wrk_path:
            raise CommandError("wrk is not installed; install it with: apt-get install wrk")
        self.options, self.lines, self.errors = options, [], []
        self.tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
        self.secret, self.token = secrets.token_urlsafe(50), secrets.token_hex(4)
        self.database_url = os.environ.get("DATABASE_URL", "")
        self.postgres = urlsplit(self.database_url).scheme in POSTGRES_SCHEMES
        sizes, results = sorted({options["small"], options["articles"]}), {}
        desk_only, live_only = options["desk_only"], options["live_only"]
        if desk_only or live_only:
            sizes = [options["small"]]
        try:
            self.machine_facts()
            self.manage(["collectstatic", "--noinput", "-v0"], self.env(""))
            for size in sizes:
                results[size] = self.run_size(size, tables=not (desk_only or live_only))
            if live_only:
                self.run_live(sizes[0], results[sizes[0]])
            elif not desk_only:
                self.summary(results, sizes, self.measure_in_turn(results, sizes))
                self.run_live(sizes[-1], results[sizes[-1]])
            if not (options["no_desk"] or live_only):
                self.run_desk(sizes[0], results[sizes[0]])
        finally:
            report = self.tmp / "bench-results.txt"
            report.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
            self.stdout.write(f"\nResults written to {report}")
            for size in [] if options["keep"] else results:
                try:
                    self.drop_database(size)
                except Exception as error:  # one failed drop must not hide the others
                    self.errors.append(f"could not drop the {size:,}-article archive: {error}")
        if self.errors:
            raise CommandError("the benchmark had errors:\n  " + "\n  ".join(self.errors))

    def out(self, line: str = "") -> None:
        self.lines.append(line)
        self.stdout.write(line)
        self.stdout.flush()

    # ---- one archive ---------------------------------------------------------------------

    def run_size(self, size: int, tables: bool = True) -> dict:
        self.stdout.write(f"\nFilling an archive of {size:,} articles...")
        env = self.env(self.create_database(size), size)
        try:
            self.manage(["migrate", "--noinput", "-v0"], env)
            started = time.monotonic()
            self.manage(["fill_archive", "--articles", str(size)], env, show=True)
            fill_seconds = time.monotonic() - started
            probe_file = self.tmp / f"probe-{size}.json"
            self.manage(["bench", "--probe", str(probe_file)], env)
            probe = json.loads(probe_file.read_text())
            if not tables:  # the working desk alone measures its own
                return {"probe": probe, "fill": fill_seconds, "env": env}
            rows, page_bytes = self.measure(env, probe, size)
        except BaseException:
            if not self.options["keep"]:
                self.drop_database(size)
            raise
        # Kept for the measures in turn (handle() drops it at the end).
        result = {"rows": rows, "probe": probe, "fill": fill_seconds, "bytes": page_bytes,
                  "env": env}  # fmt: skip
        self.table(size, result)
        return result
