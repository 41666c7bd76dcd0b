from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's commands, floor view and page-cache switch (installed by bench.settings
    only: see bench/__init__.py)."""

    name = "bench"
    verbose_name = "Benchmark"
