"""Settings come from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(env)
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_debug_off_without_a_secret_key_is_refused():
    result = load_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_off_with_a_secret_key_and_a_site_address_starts():
    result = load_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, NEWSROOM_SITE_URL="https://news.example.kz"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def read_setting(name: str, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NEWSROOM_SITE_URL"))
    }
    code = f"import django; django.setup(); from django.conf import settings as s; print(s.{name})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, **env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50}


def test_production_without_a_site_address_or_a_plain_allowed_host_is_refused():
    for hosts in ("", "*", ".example.kz"):
        result = read_setting("NEWSROOM_SITE_URL", **PRODUCTION, DJANGO_ALLOWED_HOSTS=hosts)
        assert result.returncode != 0
        assert "NEWSROOM_SITE_URL must be set" in result.stderr


def test_production_takes_the_site_address_from_the_first_allowed_host_if_not_given():
    result = read_setting(
        "NEWSROOM_SITE_URL", **PRODUCTION, DJANGO_ALLOWED_HOSTS="news.kz,www.news.kz"
    )
    assert result.stdout.strip() == "https://news.kz"


def test_the_site_address_is_allowed_as_host_when_no_hosts_are_listed():
    result = read_setting("ALLOWED_HOSTS", **PRODUCTION, NEWSROOM_SITE_URL="https://News.kz:8443/")
    assert result.stdout.strip() == "['news.kz']"


def test_development_defaults_to_make_runs_address():
    assert read_setting("NEWSROOM_SITE_URL").stdout.strip() == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "address",
    ["news.kz", "ftp://news.kz", "https://news.kz/ru/", "https://news.kz:99999",
     "https://user:secret@news.kz", "https://news.kz/?a=1", "https://news.kz#top", "https://",
     "https://news kz", "https://-news.kz"],
)  # fmt: skip
def test_a_malformed_site_address_is_refused_loudly(address):
    result = read_setting("NEWSROOM_SITE_URL", NEWSROOM_SITE_URL=address)
    assert result.returncode != 0
    assert "NEWSROOM_SITE_URL must be a scheme and a host" in result.stderr


def test_database_url_selects_postgresql():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/newsroom",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    engine, cache = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert cache == "newsroom.redis_cache.NewsroomRedisCache"  # Django's, one client per pool


def test_the_redis_cache_is_djangos_with_one_client_per_pool():
    from django.core.cache.backends.redis import RedisCache

    from newsroom.redis_cache import NewsroomRedisCache

    cache = NewsroomRedisCache("redis://127.0.0.1:6379/0", {})  # connects only when used
    assert isinstance(cache, RedisCache)
    client = cache._cache.get_client("key")
    assert cache._cache.get_client("other key", write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(write=True)
