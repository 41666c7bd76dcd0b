"""`manage.py loadtest`: 64 connections for 60 s against gunicorn, with faults on the way.

A fresh SQLite newsroom (the demo) is served by gunicorn as in production; wrk holds the
connections over a rotation of public pages while an editor keeps publishing (cache
invalidations and SQLite writes under load). Halfway, Redis is stopped when REDIS_URL is set:
the site must keep serving, uncached, and log the fault; Redis is started again at the end.
Prints requests, errors and 5xx; exits non-zero on any error.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench import SETTINGS

SEARCH = "/ru/search/?q=%D1%86%D0%B5%D0%BD%D1%82%D1%80"  # "центр", encoded as browsers send it
PAGES = ["/ru/", "/kk/", "/en/", "/kk-latn/", "/ru/section/economy/", SEARCH, "/ru/feed/rss/",
         "/sitemap.xml", "/robots.txt", "/ru/archive/2025/11/"]  # fmt: skip
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
               "--save", "", "--appendonly", "no"]  # fmt: skip
LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Command(BaseCommand):
    help = "Hold 64 connections for 60 s against gunicorn, with Redis stopped mid-run."

    def add_arguments(self, parser):
        parser.add_argument("--connections", type=int, default=64)
        parser.add_argument("--duration", type=int, default=60, help="seconds")
        parser.add_argument(
            "--no-redis-fault", action="store_true", help="do not stop Redis halfway"
        )

    def handle(self, *args, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is needed: apt-get install wrk")
        work = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
        env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DATABASE_URL": f"sqlite:///{work / 'load.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(work / "media"),
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "NEWSROOM_SERVE_MEDIA": "1",
            "DJANGO_SETTINGS_MODULE": SETTINGS,
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        self.step("Preparing a demo newsroom in " + str(work))
        for command in (["migrate", "-v0"], ["load_demo", "--no-admin", "-v0"],
                        ["collectstatic", "--noinput", "-v0"]):  # fmt: skip
            subprocess.run([*manage, *command], env=env, check=True, cwd=settings.BASE_DIR)
        port = free_port()
        log = open(work / "gunicorn.log", "w")  # noqa: SIM115 - closed after the run
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "-c", "newsroom/gunicorn.conf.py",
             "newsroom.wsgi"],
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESSLOG": ""},
            cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            self.wait_until_up(base)
            self.check_pages(base)
            result = self.run_load(base, env, manage, options, work)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            log.close()
        logged = (work / "gunicorn.log").read_text()
        faults = logged.lower().count("cache unavailable")  # page cache and Redis backend
        server_errors = logged.count("Internal Server Error")  # Django logs every 500 so
        self.report(result, faults, server_errors, options)
        if result["errors"] or result["non2xx"] or server_errors or result["requests"] == 0:
            raise CommandError("the site did not hold: see the figures above and " + str(work))
        shutil.rmtree(work, ignore_errors=True)

    def step(self, text: str) -> None:
        self.stderr.write(f"== {text}")

    def wait_until_up(self, base: str) -> None:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=1)  # noqa: S310 - local
                return
            except OSError:
                time.sleep(0.2)
        raise CommandError("gunicorn did not start; see its log")

    def check_pages(self, base: str) -> None:
        """Every page of the rotation answers 200 before the load starts."""
        for path in PAGES:
            try:
                status = urllib.request.urlopen(base + path, timeout=10).status  # noqa: S310
            except urllib.error.HTTPError as error:
                status = error.code
            if status != 200:
                raise CommandError(f"{path} answers {status} before any load; fix that first")

    def run_load(self, base, env, manage, options, work) -> dict:
        script = work / "rotate.lua"
        script.write_text(LUA % ", ".join(f'"{p}"' for p in PAGES))
        stop = threading.Event()
        editor = threading.Thread(target=self.keep_publishing, args=(env, manage, stop))
        redis_url = os.environ.get("REDIS_URL", "")
        fault = bool(redis_url) and not options["no_redis_fault"]
        self.step(
            f"wrk: {options['connections']} connections for {options['duration']} s over "
            f"{len(PAGES)} pages; an editor publishes meanwhile"
            + ("; Redis stops halfway" if fault else "")
        )
        editor.start()
        wrk = subprocess.Popen(
            ["wrk", "-t2", f"-c{options['connections']}", f"-d{options['duration']}s",
             "--timeout", "10s", "-s", str(script), base],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        if fault:
            time.sleep(options["duration"] / 2)
            self.step("stopping Redis")
            subprocess.run(["redis-cli", "-u", redis_url, "shutdown", "nosave"], check=False)
        output, _ = wrk.communicate()
        stop.set()
        editor.join()
        if fault:
            self.step("starting Redis again")
            subprocess.run(REDIS_START, check=True)
        self.stdout.write(output)
        return {
            "requests": int(re.search(r"(\d+) requests in", output)[1]),
            "non2xx": int((re.search(r"Non-2xx or 3xx responses: (\d+)", output) or [0, 0])[1]),
            "errors": sum(
                int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
            ),
            "rate": (re.search(r"Requests/sec:\s+([\d.]+)", output) or [0, "0"])[1],
            "fault": fault,
            "publishes": self.publishes,
        }

    publishes = 0

    def keep_publishing(self, env, manage, stop: threading.Event) -> None:
        """An editor re-publishing the lead story every half second, through the services."""
        code = (
            "import django, sys; django.setup()\n"
            "from django.contrib.auth.models import User\n"
            "from articles import services\nfrom articles.models import Article\n"
            "user = User.objects.get_or_create(username='load-editor', is_superuser=True)[0]\n"
            "article = Article.objects.published().filter(language='ru').first()\n"
            "article.lead = article.lead.rstrip('.') + '.'\n"
            "services.article_save(article=article, user=user)\n"
        )
        while not stop.is_set():
            subprocess.run([sys.executable, "-c", code], env=env, check=True,
                           cwd=settings.BASE_DIR)  # fmt: skip
            self.publishes += 1
            stop.wait(0.5)

    def report(self, result, faults, server_errors, options) -> None:
        self.stdout.write("")
        self.stdout.write(f"requests      {result['requests']}  ({result['rate']}/s)")
        self.stdout.write(f"socket errors {result['errors']}")
        self.stdout.write(f"non-2xx/3xx   {result['non2xx']}")
        self.stdout.write(f"5xx in log    {server_errors}")
        self.stdout.write(f"publishes     {result['publishes']} during the run")
        if result["fault"]:
            self.stdout.write(f"redis faults  {faults} logged while Redis was down")
