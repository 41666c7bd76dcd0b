"""The benchmark's floor: the cheapest Django response of a given size (bench only)."""

from django.conf import settings
from django.http import Http404, HttpResponse


def floor(request, size: int):
    """`size` bytes through the whole middleware stack and nothing else."""
    if not settings.NEWSROOM_BENCH_FLOOR:
        raise Http404
    return HttpResponse(b"x" * min(size, 1_000_000), content_type="text/html; charset=utf-8")
