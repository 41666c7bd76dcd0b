"""`make bench`: fill fresh archives, serve them as production does, load them with wrk.

Per archive size (default 100,000 and 1,000 articles): a fresh database (SQLite file in a temp
dir, or `newsroom_bench_<N>` on DATABASE_URL's PostgreSQL server), migrate, fill_archive,
gunicorn with DEBUG off, and wrk on each page beside a floor view of the same size; then the
figures the targets compare (article page against the floor, growth pages on both archives)
again, in turn, in alternating rounds (`measure_in_turn`). Prints tables, EXPLAIN plans, the
figures in turn and PASS/FAIL targets (also to bench-results.txt). A missed target exits 0;
an error (gunicorn, wrk, non-2xx answers under load) exits 1.
"""

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from importlib import import_module
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import django
import psycopg
import redis
from django.conf import settings
from django.contrib import auth
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.models.query import RawQuerySet
from django.urls import reverse
from django.utils import translation
from psycopg import sql

from articles import search, views
from articles.models import Article, Section

from .fill_archive import SEARCH_WORDS

BASE_DIR = Path(settings.BASE_DIR)
MANAGE = [sys.executable, str(BASE_DIR / "manage.py")]
GUNICORN = Path(sys.executable).with_name("gunicorn")
PAGES = {  # key: label, in the order of the table
    "floor": "floor (same bytes)", "article_cached": "article, page cache on",
    "article": "article, uncached", "home": "home", "section": "section", "search": "search",
    "feed": "RSS feed", "admin": "admin article list", "admin_one": "admin list, one editor",
}  # fmt: skip
UNCACHED = ["floor", "article", "home", "section", "search", "feed", "admin"]
GROWTH = ["home", "section", "search", "feed"]
IN_TURN_ROUNDS = 5  # a-b, b-a, a-b...: odd, so the median ratio is one round's
UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4, "h": 3.6e6}
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}


def human(n: int) -> str:
    return f"{n / 1000:g}k" if n >= 1000 else str(n)


def http_get(url: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    """Status, body and headers of one GET (redirects are not followed)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.netloc, timeout=60)
    conn.request("GET", urlunsplit(("", "", parts.path, parts.query, "")), headers=headers or {})
    response = conn.getresponse()
    return response.status, response.read(), dict(response.getheaders())


def explain(queryset) -> str:
    """EXPLAIN (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite) of a queryset, as an indented tree.

    By hand: QuerySet.explain() puts SQLite's prefix inside the subquery that Django wraps
    around a filter on a window function, which is a syntax error.
    """
    db = connections[queryset.db]
    if isinstance(queryset, RawQuerySet):
        query, params = queryset.raw_query, queryset.params
    else:
        query, params = queryset.query.get_compiler(queryset.db).as_sql()
    with db.cursor() as cursor:
        cursor.execute(f"{db.ops.explain_query_prefix()} {query}", params)
        rows = cursor.fetchall()
    if db.vendor != "sqlite":
        return "\n".join(row[0] for row in rows)
    depth, lines = {0: -1}, []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Benchmark the production stack (gunicorn, DEBUG off) on big and small archives."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000, help="the big archive")
        parser.add_argument("--small", type=int, default=1000, help="the small archive")
        parser.add_argument("--duration", type=int, default=8, help="seconds of wrk per page")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--keep", action="store_true", help="keep the bench databases")
        parser.add_argument("--probe", help=argparse.SUPPRESS)  # internal: see probe()

    def handle(self, *args, **options):
        if options["probe"]:
            return self.probe(Path(options["probe"]))
        self.wrk_path = shutil.which("wrk")
        if not self.wrk_path:
            raise CommandError("wrk is not installed; install it with: apt-get install wrk")
        self.options, self.lines, self.errors = options, [], []
        self.tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
        self.secret, self.token = secrets.token_urlsafe(50), secrets.token_hex(4)
        self.database_url = os.environ.get("DATABASE_URL", "")
        self.postgres = urlsplit(self.database_url).scheme in POSTGRES_SCHEMES
        sizes, results = sorted({options["small"], options["articles"]}), {}
        try:
            self.machine_facts()
            self.manage(["collectstatic", "--noinput", "-v0"], self.env(""))
            for size in sizes:
                results[size] = self.run_size(size)
            self.summary(results, sizes, self.measure_in_turn(results, sizes))
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

    # ---- the environment ----------------------------------------------------------------

    def machine_facts(self):
        def proc(name: str, pattern: str) -> str:
            text = Path(f"/proc/{name}").read_text() if Path(f"/proc/{name}").exists() else ""
            return found.group(1) if (found := re.search(pattern, text, re.M)) else "?"

        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        where = urlsplit(settings.REDIS_URL)  # host, port and db only: never a password
        cache += f" at {where.hostname}:{where.port or 6379}{where.path}" if settings.REDIS_URL \
            else " (one per gunicorn worker)"  # fmt: skip
        database = f"SQLite {sqlite3.sqlite_version}, a file per archive in the temp dir"
        if self.postgres:
            with self.pg_admin() as conn:
                server = conn.execute("SHOW server_version").fetchone()[0]
            database = (
                f"PostgreSQL {server}, newsroom_bench_<N> on {urlsplit(self.database_url).hostname}"  # noqa: E501
            )
        wrk = subprocess.run([self.wrk_path, "-v"], capture_output=True, text=True).stdout
        c, mem_kb = self.options["connections"], proc("meminfo", r"MemTotal:\s+(\d+)")
        cpu = proc("cpuinfo", r"^model name\s*:\s*(.+)$")
        for line in [
            "Newsroom benchmark (make bench)",
            f"  CPU:      {cpu}, {os.cpu_count()} logical cores",
            f"  Memory:   {int(mem_kb) / 2**20:.1f} GiB" if mem_kb.isdigit() else "  Memory:   ?",
            f"  Software: Python {platform.python_version()}, Django {django.get_version()}, "
            f"gunicorn {version('gunicorn')}, {wrk.split(' [')[0].strip()}",
            f"  Database: {database}",
            f"  Cache:    {cache}",
            f"  Load:     gunicorn {self.options['workers']} sync workers, DEBUG off; wrk "
            f"-t{min(2, c)} -c{c} -d{self.options['duration']}s on 127.0.0.1",
            f"  Temp dir: {self.tmp}",
        ]:
            self.out(line)

    def env(self, database_url: str, size: int = 0) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
        env.update(
            DJANGO_DEBUG="0", DJANGO_HTTPS="0", DJANGO_SECRET_KEY=self.secret,
            DJANGO_ALLOWED_HOSTS="127.0.0.1", NEWSROOM_BENCH_FLOOR="1", PYTHONUNBUFFERED="1",
            DJANGO_MEDIA_ROOT=str(self.tmp / f"media-{size}"),
            # Its own keys in a shared Redis: never the site's pages, nor the other archive's.
            DJANGO_CACHE_PREFIX=f"newsroom-bench-{self.token}-{size}",
        )  # fmt: skip
        if database_url:
            env["DATABASE_URL"] = database_url
        return env

    def manage(self, args: list[str], env: dict, show: bool = False) -> None:
        proc = subprocess.Popen([*MANAGE, *args], cwd=BASE_DIR, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        tail = []
        for line in proc.stdout:
            tail = [*tail[-30:], line.rstrip()]
            if show:
                self.stdout.write("    " + line.rstrip())
        if proc.wait():
            raise CommandError(f"manage.py {args[0]} failed:\n" + "\n".join(tail))

    @contextmanager
    def pg_admin(self):
        """The server's maintenance database: DATABASE_URL's own need not exist."""
        url = urlsplit(self.database_url)._replace(scheme="postgresql", path="/postgres").geturl()
        with psycopg.connect(url, autocommit=True) as conn:
            yield conn

    def create_database(self, size: int) -> str:
        if not self.postgres:
            return f"sqlite:///{self.tmp / f'bench-{size}.sqlite3'}"
        self.drop_database(size)
        with self.pg_admin() as conn:
            name = sql.Identifier(f"newsroom_bench_{size}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        return urlunsplit(urlsplit(self.database_url)._replace(path=f"/newsroom_bench_{size}"))

    def drop_database(self, size: int) -> None:
        shutil.rmtree(self.tmp / f"media-{size}", ignore_errors=True)
        if settings.REDIS_URL:  # this run's pages, sessions and generation for this archive
            client = redis.Redis.from_url(settings.REDIS_URL)
            for key in client.scan_iter(match=f"newsroom-bench-{self.token}-{size}:*"):
                client.delete(key)
        if not self.postgres:
            for suffix in ("", "-wal", "-shm", "-journal"):
                (self.tmp / f"bench-{size}.sqlite3{suffix}").unlink(missing_ok=True)
            return
        with self.pg_admin() as conn:
            name = sql.Identifier(f"newsroom_bench_{size}")
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))

    # ---- one archive ---------------------------------------------------------------------

    def run_size(self, size: int) -> dict:
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

    def measure(self, env: dict, probe: dict, size: int) -> tuple[dict, int]:
        urls, rows = dict(probe["urls"]), {}
        admin_headers = {"Cookie": f"{probe['cookie_name']}={probe['session']}"}
        with self.server(env, size, cached=False) as base:
            status, body, _ = http_get(base + urls["article"])
            if status != 200:
                raise CommandError(f"{urls['article']} answered {status}")
            urls["floor"] = f"/__bench__/floor/{len(body)}/"
            for key in UNCACHED:
                headers = admin_headers if key == "admin" else {}
                self.warm(base + urls[key], headers)
                rows[key] = self.wrk(base + urls[key], headers, f"{size}-{key}")
            # What an editor waits for: one request at a time. Under 16 connections on 2
            # workers, the list's p50 is mostly time spent queueing behind the other 15.
            rows["admin_one"] = self.wrk(base + urls["admin"], admin_headers, f"{size}-admin-one",
                                         connections=1)  # fmt: skip
        with self.server(env, size, cached=True) as base:
            if not self.warm(base + urls["article"], {}).get("ETag"):
                self.errors.append("the page cache did not answer the article page (no ETag)")
            rows["article_cached"] = self.wrk(base + urls["article"], {}, f"{size}-cached")
        for key, row in rows.items():
            row["url"] = urls[{"article_cached": "article", "admin_one": "admin"}.get(key, key)]
        return rows, len(body)

    @contextmanager
    def server(self, env: dict, size: int, cached: bool, phase: str = ""):
        with socket.socket() as sock:  # a free port
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        kind = phase + ("cached" if cached else "uncached")
        env = {
            **env, "GUNICORN_WORKERS": str(self.options["workers"]),
            "GUNICORN_BIND": f"127.0.0.1:{port}", "NEWSROOM_PAGE_CACHE": "1" if cached else "0",
            # An empty GUNICORN_ACCESSLOG reaches gunicorn as a file name "" and fails.
            "GUNICORN_ACCESSLOG": "/dev/null",
        }  # fmt: skip
        log_path = self.tmp / f"gunicorn-{size}-{kind}.log"
        with log_path.open("w") as log:
            command = [str(GUNICORN), "-c", "newsroom/gunicorn.conf.py", "newsroom.wsgi"]
            proc = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=log)
        try:
            base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    raise CommandError(f"gunicorn exited ({proc.returncode}):\n"
                                       + log_path.read_text()[-3000:])  # fmt: skip
                try:
                    status = http_get(base + "/__bench__/floor/16/")[0]
                except OSError:
                    status = None
                if status == 200:
                    break
                if status is not None or time.monotonic() > deadline:
                    raise CommandError(f"gunicorn ({kind}) did not serve the floor view "
                                       f"(answer {status}); see {log_path}")  # fmt: skip
                time.sleep(0.2)
            yield base
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()

    def warm(self, url: str, headers: dict, times: int = 6) -> dict:
        for _ in range(times):
            status, _, response_headers = http_get(url, headers)
            if status != 200:
                raise CommandError(f"{url} answered {status} while warming up")
        return response_headers

    def wrk(self, url: str, headers: dict, name: str, connections: int | None = None,
            duration: int | None = None) -> dict:  # fmt: skip
        c = connections or self.options["connections"]
        duration = duration or self.options["duration"]
        header_args = [arg for k, v in headers.items() for arg in ("-H", f"{k}: {v}")]
        cmd = [self.wrk_path, f"-t{min(2, c)}", f"-c{c}", f"-d{duration}s", "--latency",
               "--timeout", "30s", *header_args, url]  # fmt: skip
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 120)
        text = run.stdout + run.stderr
        (self.tmp / f"wrk-{name}.txt").write_text(" ".join(cmd) + "\n" + text)
        rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
        if run.returncode or not rps:
            raise CommandError(f"wrk failed on {url}:\n{text}")

        def latency(percent: int) -> float:
            found = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.M)
            return float(found.group(1)) * UNITS_MS[found.group(2)] if found else float("nan")

        row = {"rps": float(rps.group(1)), "p50": latency(50), "p99": latency(99), "notes": []}
        if non2xx := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text):
            row["notes"].append(f"{non2xx.group(1)} non-2xx")
            self.errors.append(f"{url}: {non2xx.group(1)} non-2xx/3xx responses under load")
        if sockets := re.search(r"Socket errors: (.+)", text):  # connect, read, write, timeout
            row["notes"].append(sockets.group(1).strip())
        return row

    def measure_in_turn(self, results: dict, sizes: list[int]) -> dict:
        """The figures the targets compare, measured again in turn: each growth page on both
        archives, and the big archive's article page (uncached, and from the page cache)
        against the floor.

        The tables above measure one page after the other, minutes apart, and on a shared
        machine the machine's own speed drifts in between (the floor has moved by a quarter
        between two phases of one run). Here every server involved is up at once and loaded
        one at a time, in rounds: a run of each of the two pages compared, back to back,
        in alternating order. A ratio is taken within each round; the median is judged.
        """
        small, big = sizes[0], sizes[-1]
        rows = results[big]["rows"]
        self.stdout.write(f"\nIn turn: {IN_TURN_ROUNDS} rounds of "
                          f"{self.in_turn_seconds()} s per page compared...")  # fmt: skip
        with (
            self.server(results[small]["env"], small, cached=False, phase="turn-") as small_base,
            self.server(results[big]["env"], big, cached=False, phase="turn-") as big_base,
            self.server(results[big]["env"], big, cached=True, phase="turn-") as cached_base,
        ):
            floor, article = big_base + rows["floor"]["url"], rows["article"]["url"]
            if not self.warm(cached_base + article, {}).get("ETag"):
                self.errors.append("the page cache did not answer the article page (no ETag)")
            measured = {
                "article": self.in_turn("turn-uncached", floor, big_base + article),
                "article_cached": self.in_turn("turn-cached", floor, cached_base + article),
            }
            if small != big:
                for key in GROWTH:
                    measured[key] = self.in_turn(
                        f"turn-{key}",
                        small_base + results[small]["rows"][key]["url"],
                        big_base + rows[key]["url"],
                    )
        return measured

    def in_turn_seconds(self) -> int:
        return max(2, self.options["duration"] // 2)

    def in_turn(self, name: str, first: str, second: str) -> dict:
        """`first` and `second` loaded in IN_TURN_ROUNDS rounds (first-second, second-first,
        ...): the median of each figure, and the median of each round's second ÷ first."""
        runs: dict[str, list[dict]] = {first: [], second: []}
        for url in runs:
            self.warm(url, {})
        for number in range(IN_TURN_ROUNDS):
            for url in (first, second) if number % 2 == 0 else (second, first):
                label = "first" if url == first else "second"
                runs[url].append(self.wrk(url, {}, f"{name}-{label}-{number}",
                                          duration=self.in_turn_seconds()))  # fmt: skip
        stats = ("rps", "p50", "p99")
        return {
            "first": {s: statistics.median(r[s] for r in runs[first]) for s in stats},
            "second": {s: statistics.median(r[s] for r in runs[second]) for s in stats},
            "ratio": {
                s: statistics.median(
                    b[s] / a[s] for a, b in zip(runs[first], runs[second], strict=True)
                )
                for s in stats
            },
        }

    # ---- the report ----------------------------------------------------------------------

    def table(self, size: int, result: dict) -> None:
        rows, probe = result["rows"], result["probe"]
        floor = rows["floor"]
        self.out()
        self.out(f"== Archive of {size:,} articles ({probe['vendor']}) ==")
        self.out(f"  filled in {result['fill']:.0f} s; database {probe['db_bytes'] / 2**20:,.0f} "
                 f"MiB; {probe['published_ru']:,} published in Russian; search "
                 f"“{probe['word']}” matches {probe['matches']:,} of them (the newest "
                 f"{search.MAX_CANDIDATES} ranked); article page "
                 f"{result['bytes']:,} bytes")  # fmt: skip
        self.out("  × floor: req/s ÷ floor req/s; for latencies, latency ÷ floor latency")
        self.out(f"  {'page':<24}{'req/s':>9}{'×floor':>8}{'p50 ms':>10}{'×floor':>8}"
                 f"{'p99 ms':>10}{'×floor':>8}  errors")  # fmt: skip
        for key, label in PAGES.items():
            row = rows[key]
            # One connection against the floor's many: no ratio means anything there.
            ratios = {
                stat: "–" if key == "admin_one" else f"{row[stat] / floor[stat]:.{digits}f}"
                for stat, digits in (("rps", 2), ("p50", 1), ("p99", 1))
            }
            self.out(f"  {label:<24}{row['rps']:>9,.0f}{ratios['rps']:>8}"
                     f"{row['p50']:>10.1f}{ratios['p50']:>8}"
                     f"{row['p99']:>10.1f}{ratios['p99']:>8}  "
                     f"{', '.join(row['notes']) or '-'}")  # fmt: skip
        self.out(f"  ({self.options['connections']} connections; the last row one at a time)")
        self.out("  URLs: " + "  ".join(f"{k}={rows[k]['url']}" for k in UNCACHED))

    def summary(self, results: dict, sizes: list[int], in_turn: dict) -> None:
        big, small = sizes[-1], sizes[0]
        rows, probe = results[big]["rows"], results[big]["probe"]
        self.out()
        self.out(f"== EXPLAIN on the {big:,}-article archive ({probe['vendor']}) ==")
        for name, plan in probe["plans"].items():
            self.out(f"-- {name}")
            self.out("\n".join("   " + line for line in plan.splitlines()))
        self.out()
        self.out(f"== Measured in turn ({IN_TURN_ROUNDS} rounds of {self.in_turn_seconds()} s "
                 f"each; medians; a ratio is taken within each round) ==")  # fmt: skip
        floor = in_turn["article"]["first"]
        self.out(f"  floor on the {big:,}-article archive: {floor['rps']:,.0f} req/s, "
                 f"p50 {floor['p50']:.1f} ms")  # fmt: skip
        self.out(f"  {'page ÷ floor':<24}{'req/s':>9}{'ratio':>8}{'in table':>10}")
        for key in ("article_cached", "article"):
            second, ratio = in_turn[key]["second"], in_turn[key]["ratio"]["rps"]
            apart = rows[key]["rps"] / rows["floor"]["rps"]  # the table's own ratio
            self.out(f"  {PAGES[key]:<24}{second['rps']:>9,.0f}{ratio:>8.2f}{apart:>10.2f}")
        growth = []
        if small != big:
            self.out()
            self.out(f"  {'growth, ' + human(big) + ' ÷ ' + human(small):<24}"
                     f"{'p50 ' + human(small):>9}{'p50 ' + human(big):>10}{'ratio':>8}"
                     f"{'p99 ratio':>11}{'req/s ratio':>13}{'in tables':>11}")  # fmt: skip
            for key in GROWTH:
                a, b, ratios = in_turn[key]["first"], in_turn[key]["second"], in_turn[key]["ratio"]
                ratio = ratios["p50"]
                apart = rows[key]["p50"] / results[small]["rows"][key]["p50"]  # minutes apart
                self.out(f"  {PAGES[key]:<24}{a['p50']:>9.1f}{b['p50']:>10.1f}{ratio:>8.2f}"
                         f"{ratios['p99']:>11.2f}{ratios['rps']:>13.2f}{apart:>11.2f}")  # fmt: skip
                growth.append((f"{PAGES[key]} p50 at {human(big)} ≤ 1.2 × p50 at {human(small)}",
                               f"{ratio:.2f}×", ratio <= 1.2))  # fmt: skip
        cached = in_turn["article_cached"]["ratio"]["rps"]
        uncached = in_turn["article"]["ratio"]["rps"]
        admin = rows["admin_one"]["p50"]
        checks = [
            ("cached article req/s ≥ 0.8 × floor", f"{cached:.2f}×", cached >= 0.8),
            ("uncached article req/s ≥ 0.12 × floor", f"{uncached:.2f}×", uncached >= 0.12),
            *growth,
            (
                f"admin list p50 at {human(big)}, one editor, < 300 ms",
                f"{admin:.0f} ms",
                admin < 300,
            ),
        ]
        loaded = rows["admin"]["p50"]
        self.out()
        self.out(f"== Targets (archive of {big:,} articles) ==")
        for name, value, ok in checks:
            self.out(f"  [{'PASS' if ok else 'FAIL'}] {name:<48} {value}")
        self.out(f"  {sum(ok for *_, ok in checks)} of {len(checks)} targets met.")
        self.out(
            f"  (for information: the admin list under {self.options['connections']} "
            f"connections, p50 {loaded:.0f} ms, mostly waiting behind the other requests; "
            f"the same ratios from the tables, measured minutes apart, are the 'in table(s)' "
            f"columns)"
        )

    # ---- the probe: runs inside the bench database's environment -------------------------

    def probe(self, path: Path) -> None:
        """Pick the URLs, log a superuser in, EXPLAIN the list queries; JSON into `path`."""
        word = SEARCH_WORDS["ru"]
        with translation.override("ru"):
            published = views.published_here()
            article = published.filter(hero_photo__isnull=False).first() or published.first()
            section, listing = Section.objects.first(), published.for_listing()
            tag_ids = list(article.tags.values_list("pk", flat=True))
            sharing = Article.tags.through.objects.filter(tag_id__in=tag_ids)
            queries = {
                "home list (latest)": listing[: views.HOME_LATEST + 1],
                "section list": listing.filter(section=section)[: views.LIST_SIZE],
                f"search “{word}”: the pieces to rank": search.candidates(listing, word, "ru"),
                "home section block": listing.filter(section=section)[: views.SECTION_BLOCK],
                "article: related pieces (sharing a tag)": listing.exclude(pk=article.pk).filter(
                    pk__in=sharing.values("article_id")
                )[:4],
            }
            data = {
                "urls": {
                    "article": article.get_absolute_url(),
                    "home": reverse("articles:home"),
                    "section": section.get_absolute_url(),
                    "feed": reverse("articles:feed_rss"),
                    "search": reverse("articles:search") + "?" + urlencode({"q": word}),
                    "admin": reverse("admin:articles_article_changelist"),
                },  # fmt: skip
                "plans": {name: explain(query) for name, query in queries.items()},
                "word": word,
                # The city is written in leads only (fill_archive); search ranks the newest
                # MAX_CANDIDATES of these.
                "matches": published.filter(lead__contains=word).count(),
                "published_ru": published.count(),
            }
        users = auth.get_user_model().objects
        user = users.filter(username="bench").first()
        user = user or users.create_superuser("bench", "bench@example.invalid")
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[auth.SESSION_KEY] = str(user.pk)
        # The backend that logs people in (not django-axes' lockout check, which comes first).
        store[auth.BACKEND_SESSION_KEY] = next(
            path for path in settings.AUTHENTICATION_BACKENDS
            if hasattr(auth.load_backend(path), "get_user")
        )  # fmt: skip
        store[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        data.update(session=store.session_key, cookie_name=settings.SESSION_COOKIE_NAME)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_database_size(current_database())")
                data["db_bytes"] = cursor.fetchone()[0]
            data["vendor"] = f"PostgreSQL {connection.pg_version // 10000}"
        else:
            data["db_bytes"] = Path(settings.DATABASES["default"]["NAME"]).stat().st_size
            data["vendor"] = "SQLite"
        path.write_text(json.dumps(data, ensure_ascii=False))
