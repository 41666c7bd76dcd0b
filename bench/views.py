"""The benchmark's floor: the cheapest Django response of a given size."""

from django.http import HttpResponse


def floor(request, size: int):
    """`size` bytes through the whole middleware stack and nothing else."""
    return HttpResponse(b"x" * min(size, 1_000_000), content_type="text/html; charset=utf-8")
