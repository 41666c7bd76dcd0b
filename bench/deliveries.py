"""Deliveries to partners (`make bench-deliveries`): the editor's save with 50 partners and
with none, and how long after one publish all 50 partners have the piece.

On a fresh SQLite database in a temp dir (DEBUG off), in a process of its own:

1. The editor's save: SAVES publishes through the service, each in one transaction with its
   commit (as the admin's save is), with no partner active and with PARTNERS, in alternating
   turns; median and slowest. The save queues one task whatever the number of partners:
   the figures should match.
2. The deliveries: WORKERS `manage.py db_worker` processes (default interval, as `make run`
   starts them) and PARTNERS subscriptions to one local HTTP server (a path each); ROUNDS
   publishes, each timed from its commit to the first and to the last partner's receipt.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from articles import services
from articles.models import Article, Delivery, DeliveryAttempt, PartnerSubscription
from articles.models.deliveries import subscription_create
from bench import BASE_DIR, MANAGE


class Receiver:
    """A partner's server for every subscription: the time each piece reached each path."""

    def __init__(self):
        self.arrivals: dict[str, list[tuple[str, float]]] = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                now = time.monotonic()
                uri = self.headers.get("X-Bench-Uri", "")
                with receiver.lock:
                    receiver.arrivals.setdefault(self.path, []).append((uri, now))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def received_since(self, started: float) -> list[float]:
        with self.lock:
            return sorted(
                t for times in self.arrivals.values() for _uri, t in times if t >= started
            )


def _piece(number: int) -> Article:
    return Article.objects.create(
        language="ru",
        headline=f"Доставка партнёрам, номер {number}",
        lead="Короткий лид о том, что произошло сегодня.",
        body="<p>Текст новости для партнёров.</p>" * 20,
        status=Article.Status.DRAFT,
    )


def _timed_publish(article: Article, editor) -> float:
    started = time.perf_counter()
    with transaction.atomic():  # the admin's save: one transaction, and its commit
        services.article_publish(article=article, user=editor)
    return time.perf_counter() - started


def save_times(editor, saves: int) -> tuple[list[float], list[float]]:
    """The editor's save without partners and with them, in alternating turns (the partners
    switched off and on between saves), so that neither side gets a warmer machine."""
    _timed_publish(_piece(0), editor)  # warm up
    quiet, busy = [], []
    for i in range(saves * 2):
        with_partners = i % 2 == 1
        PartnerSubscription.objects.update(is_active=with_partners)
        (busy if with_partners else quiet).append(_timed_publish(_piece(1 + i), editor))
    return quiet, busy


def run(*, partners: int, saves: int, rounds: int, workers: int, write) -> None:
    editor = get_user_model().objects.create_superuser("bench", "bench@example.kz", "x" * 20)
    receiver = Receiver()

    for i in range(partners):
        subscription_create(
            subscription=PartnerSubscription(
                name=f"Partner {i}", endpoint=receiver.url(f"/p/{i}"), languages=["ru"]
            )
        )
    quiet, busy = save_times(editor, saves)
    write(f"Editor's save (publish + commit), {saves} saves, median / slowest:")
    write(f"  no partners:   {_ms(statistics.median(quiet))} / {_ms(max(quiet))}")
    write(f"  {partners} partners:   {_ms(statistics.median(busy))} / {_ms(max(busy))}")
    # Deliveries of the saves above are not part of what follows.
    DBTaskResult.objects.all().delete()
    Delivery.objects.all().delete()

    procs = [
        subprocess.Popen(
            [*MANAGE, "db_worker", "--no-reload", "--no-startup-delay"],
            cwd=BASE_DIR,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    try:
        time.sleep(2)  # the workers are up
        firsts, lasts = [], []
        for n in range(rounds):
            article = _piece(5000 + n)
            started = time.monotonic()
            _timed_publish(article, editor)
            deadline = started + 120
            while len(receiver.received_since(started)) < partners:
                if time.monotonic() > deadline:
                    raise RuntimeError("deliveries did not all arrive within 2 minutes")
                time.sleep(0.01)
            times = receiver.received_since(started)
            firsts.append(times[0] - started)
            lasts.append(times[partners - 1] - started)
            time.sleep(1)
        write(
            f"One publish to {partners} partners, {workers} db_worker process(es), "
            f"{rounds} rounds, median (min–max):"
        )
        write(f"  first partner has it:  {_s(firsts)}")
        write(f"  all {partners} have it:      {_s(lasts)}")
        answers = [
            ms / 1000 for ms in DeliveryAttempt.objects.values_list("response_ms", flat=True)
        ]
        write(f"  one POST and its answer: {_s(answers)}")
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(30)
        receiver.server.shutdown()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _s(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"
