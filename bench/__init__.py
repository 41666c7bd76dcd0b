"""The benchmark: `make bench`, `make bench-desk` and `make loadtest`, as a Django app of its own.

The product (articles/, newsroom/) never imports this package, and production never installs
it: bench/settings.py (`DJANGO_SETTINGS_MODULE=bench.settings`, which the Makefile sets for
these targets) is the product's settings plus this app, its URLs (bench/urls.py: the product's
and the floor view, bench/views.py) and its page cache (bench/middleware.py: the product's,
which can also render a page as on a miss). Every server and manage.py run the bench starts
uses those settings too. tests/bench/test_product_has_no_bench.py keeps it that way.

`make bench`: fill fresh archives, serve them as production does, load them with wrk.

Per archive size (default 100,000 and 1,000 articles): a fresh database (SQLite file in a temp
dir, or `<name>_bench_<N>` beside DATABASE_URL's database `<name>` on its PostgreSQL server),
migrate, fill_archive, gunicorn with DEBUG off, and wrk on each page beside a floor view of the
same size; then the figures the targets compare (article page against the floor, growth pages
on both archives) again, in turn, in alternating rounds (`measure_in_turn`); then, on the small
archive, the working desk (`desk`: readers while an editor works in the admin, with Varnish in
front too; `bench --desk-only` alone). Prints tables, EXPLAIN plans, the figures in turn and
PASS/FAIL targets (also to bench-results.txt). A missed target exits 0; an error (gunicorn,
wrk, non-2xx answers under load) exits 1.

The command (bench/management/commands/bench.py) is put together from this package's
parts, one per topic: `environment` (machine facts, databases, manage.py), `load` (gunicorn
and wrk), `report` (tables and targets), `probe` (URLs, a session and EXPLAIN plans, read
inside each bench database's own environment), and the working desk's `desk` (its rounds
and figures), `editor` (the admin, driven over HTTP), `readers` (wrk's mix, the access log,
Varnish) and `desk_report`.
"""

import sys
from pathlib import Path

# The checkout (settings.BASE_DIR), without reading the settings: bench.settings imports this.
BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS = "bench.settings"  # for every server and manage.py run the bench starts
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
# The word searched for: one of fill_archive's CITIES, in about 10 % of its leads.
SEARCH_WORDS = {"ru": "Шымкент", "kk": "Шымкент", "en": "Shymkent"}


def human(n: int) -> str:
    return f"{n / 1000:g}k" if n >= 1000 else str(n)
