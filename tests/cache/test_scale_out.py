"""Settings and routing for more than one machine: replica, S3 media, gunicorn, HTTPS."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from articles.cache.page_cache import PublicPageCacheMiddleware, reading_for_public
from newsroom.db_routers import PublicReadsToReplica

ROOT = Path(__file__).resolve().parents[2]


def settings_with(**env) -> str:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'dbs': sorted(s.DATABASES), 'routers': s.DATABASE_ROUTERS, "
        "'storage': s.STORAGES['default']['BACKEND'], 'ssl': s.SECURE_SSL_REDIRECT, "
        "'secure_cookie': s.SESSION_COOKIE_SECURE, 'media_url': s.MEDIA_URL}))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWS"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


SITE = "https://news.example.kz"


def test_a_replica_url_adds_the_replica_and_its_router():
    out = settings_with(DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/newsroom")
    assert '"dbs": ["default", "replica"]' in out
    assert "newsroom.db_routers.PublicReadsToReplica" in out


def test_without_a_replica_everything_uses_the_primary():
    assert '"dbs": ["default"]' in settings_with()


def test_an_s3_bucket_moves_media_to_django_storages():
    # django-storages' S3Storage, typing each object by its extension (articles.media.storage)
    out = settings_with(NEWSROOM_S3_BUCKET="newsroom-media")
    assert "articles.media.storage.MediaS3Storage" in out
    assert "FileSystemStorage" in settings_with()


def test_a_media_domain_serves_media_from_an_origin_of_their_own():
    out = settings_with(NEWSROOM_MEDIA_DOMAIN="media.newsroom.example")
    assert '"media_url": "https://media.newsroom.example/"' in out
    assert '"media_url": "/media/"' in settings_with()  # development: the site's own view


def test_production_is_https_only_and_can_be_served_on_plain_http_locally():
    secure = settings_with(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k" * 50, NEWSROOM_SITE_URL=SITE)
    assert '"ssl": true' in secure
    assert '"secure_cookie": true' in secure
    local = settings_with(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k" * 50, DJANGO_HTTPS="0", NEWSROOM_SITE_URL=SITE
    )
    assert '"ssl": false' in local
    assert '"secure_cookie": false' in local


def test_router_sends_public_page_reads_to_the_replica_and_the_rest_to_the_primary():
    router = PublicReadsToReplica()
    assert router.db_for_read(None) == "default"
    token = reading_for_public.set(True)
    try:
        assert router.db_for_read(None) == "replica"
        assert router.db_for_write(None) == "default"
    finally:
        reading_for_public.reset(token)
    assert router.allow_migrate("replica", "articles") is False


@pytest.mark.django_db
def test_only_anonymous_public_requests_read_from_the_replica(admin_user):
    seen = []

    def view(request):
        seen.append(reading_for_public.get())
        return HttpResponse("ok")

    middleware = PublicPageCacheMiddleware(view)
    factory = RequestFactory()
    for path, user in [("/ru/", None), ("/admin/", None), ("/ru/", admin_user)]:
        request = factory.get(path)
        request.user = user or AnonymousUser()
        middleware(request)
    assert seen == [True, False, False]
    assert reading_for_public.get() is False


def test_gunicorn_configuration_is_valid_python_with_sane_values():
    namespace = {}
    exec((ROOT / "newsroom" / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102
    assert namespace["workers"] >= 2
    assert namespace["timeout"] <= 60
    assert namespace["keepalive"] >= 2
    assert namespace["max_requests"] >= 0


def test_gunicorn_workers_are_forked_with_the_loaded_app_frozen_for_the_garbage_collector():
    namespace = {}
    exec((ROOT / "newsroom" / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102
    assert namespace["preload_app"] is True
    try:
        namespace["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
