"""The bench's environment: machine facts, one database per archive, manage.py runs."""

import os
import platform
import re
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
import psycopg
import redis
from django.conf import settings
from django.core.management.base import CommandError
from psycopg import sql

from bench import BASE_DIR, MANAGE, SETTINGS


class EnvironmentMixin:
    """For the bench command: what it runs on, and the archives' databases."""

    def machine_facts(self):
        def proc(name: str, pattern: str) -> str:
            text = Path(f"/proc/{name}").read_text() if Path(f"/proc/{name}").exists() else ""
            return found.group(1) if (found := re.search(pattern, text, re.M)) else "?"

        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        where = urlsplit(settings.REDIS_URL)  # host, port and db only: never a password
        cache += f" at {where.hostname}:{where.port or 6379}{where.path}" if settings.REDIS_URL \
            else " (files in the temp dir, shared by the workers)"  # fmt: skip
        database = f"SQLite {sqlite3.sqlite_version}, a file per archive in the temp dir"
        if self.postgres:
            with self.pg_admin() as conn:
                server = conn.execute("SHOW server_version").fetchone()[0]
            host = urlsplit(self.database_url).hostname
            database = f"PostgreSQL {server}, {self.database_name('<N>')} on {host}"
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
            f"  Load:     gunicorn {self.workers_text()}, DEBUG off; wrk "
            f"-t{min(2, c)} -c{c} -d{self.options['duration']}s on 127.0.0.1",
            f"  Temp dir: {self.tmp}",
        ]:
            self.out(line)

    def workers_text(self) -> str:
        workers, threads = self.options["workers"], self.options["threads"]
        if threads > 1:
            return f"{workers} gthread workers of {threads} threads"
        return f"{workers} sync workers"

    def env(self, database_url: str, size: int = 0) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
        env.update(
            DJANGO_DEBUG="0", DJANGO_HTTPS="0", DJANGO_SECRET_KEY=self.secret,
            DJANGO_ALLOWED_HOSTS="127.0.0.1", PYTHONUNBUFFERED="1",
            DJANGO_SETTINGS_MODULE=SETTINGS,  # the floor view, the miss header, these commands
            DJANGO_MEDIA_ROOT=str(self.tmp / f"media-{size}"),
            # Its own keys in a shared Redis: never the site's pages, nor the other archive's.
            DJANGO_CACHE_PREFIX=f"newsroom-bench-{self.token}-{size}",
            NEWSROOM_CACHE_DIR=str(self.tmp / f"cache-{size}"),  # without Redis: files
            NEWSROOM_BENCH_PASSWORD=self.secret,  # the working desk's editor (probe.py)
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

    def database_name(self, size: int | str) -> str:
        """`newsroom_bench_<N>` beside DATABASE_URL's `newsroom`; beside any other name
        (`newsroom_x`), `newsroom_x_bench_<N>`: two checkouts sharing a server can bench at
        once without dropping each other's archives."""
        name = urlsplit(self.database_url).path.lstrip("/") or "newsroom"
        return f"{name}_bench_{size}"

    def create_database(self, size: int) -> str:
        if not self.postgres:
            return f"sqlite:///{self.tmp / f'bench-{size}.sqlite3'}"
        self.drop_database(size)
        with self.pg_admin() as conn:
            name = sql.Identifier(self.database_name(size))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        return urlunsplit(urlsplit(self.database_url)._replace(path=f"/{self.database_name(size)}"))

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
            name = sql.Identifier(self.database_name(size))
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
