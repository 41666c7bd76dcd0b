"""The product's settings with the benchmark installed: `DJANGO_SETTINGS_MODULE=bench.settings`.

What the bench adds: its app (the commands `bench`, `fill_archive` and `loadtest`), its URLs
(the floor view beside the product's) and its page cache (the product's, which also renders a
page as on a miss when asked: bench/middleware.py). Everything else is production's, so that
the bench measures the product as it runs.
"""

from newsroom.settings import *  # noqa: F403 - the product's settings, all of them
from newsroom.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "bench.apps.BenchConfig"]
ROOT_URLCONF = "bench.urls"

PRODUCT_PAGE_CACHE = "articles.cache.page_cache.PublicPageCacheMiddleware"
if PRODUCT_PAGE_CACHE not in MIDDLEWARE:
    raise RuntimeError(f"bench.settings: {PRODUCT_PAGE_CACHE} is no longer in MIDDLEWARE")
MIDDLEWARE = [
    "bench.middleware.BenchPageCacheMiddleware" if name == PRODUCT_PAGE_CACHE else name
    for name in MIDDLEWARE
]
