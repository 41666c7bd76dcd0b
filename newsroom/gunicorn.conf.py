"""gunicorn settings for production (`make serve`, `make bench`); each can be set by env.

Sync workers suit this CPU-bound, cache-fronted site: 2 × cores + 1 of them, short timeouts
(a page takes milliseconds; anything near 30 s is a fault to kill), keep-alive for the load
balancer, and workers recycled now and then so that no leak can grow for ever.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))  # 0: no recycling
max_requests_jitter = max_requests // 10
# Recycling (e.g. 20000) guards against leaks but empties a local-memory cache; with Redis it
# costs little.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """The loaded app's objects (preload_app) join Python's permanent generation: workers'
    full garbage collections no longer walk them (they did, every few requests, at a cost
    measured in docs/benchmarks.md), and fewer of the master's memory pages are copied into them."""
    gc.freeze()
