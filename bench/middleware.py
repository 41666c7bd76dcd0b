"""The product's page cache as the bench runs it (bench.settings puts it in its place).

Two differences, both for `make bench` only: the floor view (FLOOR_PREFIX) is never cached,
like the admin, and a request with MISS_HEADER gets its page rendered and stored as on a miss,
while everything else the cache holds stays warm: the bench's "miss after a change elsewhere"
(bench/desk.py).
"""

from articles.cache import page_cache

FLOOR_PREFIX = "/__bench__/"
MISS_HEADER = "X-Bench-Page-Miss"


class BenchPageCacheMiddleware(page_cache.PublicPageCacheMiddleware):
    def __call__(self, request):
        if request.path_info.startswith(FLOOR_PREFIX):
            return self.get_response(request)  # as the product's middleware does its NOT_CACHED
        return super().__call__(request)

    def _cached_response(self, request):
        if not request.headers.get(MISS_HEADER):
            return super()._cached_response(request)
        key = page_cache._page_key(request)
        response, entry = self._render(request, key, page_cache._sequence()[0])
        return response if entry is None else self._finish(request, response, entry, "miss")
