"""The bench app, installed for a test as bench.settings installs it (the product never is)."""

import pytest

from bench import settings as bench_settings


@pytest.fixture
def bench_app(settings):
    """bench.settings' apps, URLs and middleware over the test settings, for one test."""
    settings.INSTALLED_APPS = bench_settings.INSTALLED_APPS
    settings.ROOT_URLCONF = bench_settings.ROOT_URLCONF
    settings.MIDDLEWARE = bench_settings.MIDDLEWARE
    return settings
