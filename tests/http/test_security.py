"""Safe defaults: deploy check, headers and CSP, login throttling, concurrent SQLite writers,
hostile uploads."""

import base64
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Photo
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-production-secret-" + "k" * 40,
    "DJANGO_ALLOWED_HOSTS": "news.example.kz",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://news.example.kz",
}


def manage(*args, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_public_pages_send_the_security_headers(client, make_article):
    response = client.get(make_article().get_absolute_url())
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'",
                      "frame-ancestors 'none'", "style-src 'self'"):  # fmt: skip
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_the_only_inline_script_is_the_json_ld_block_allowed_by_its_hash(client, make_article):
    response = client.get(make_article().get_absolute_url())
    scripts = re.findall(rb"<script([^>]*)>(.*?)</script>", response.content, re.S)
    # Our own script files (the reading beacon) are files, loaded with defer, never code.
    files = [(attrs, code) for attrs, code in scripts if b" src=" in attrs]
    assert all(code == b"" and attrs.endswith(b" defer") for attrs, code in files)
    scripts = [script for script in scripts if script not in files]
    assert [attrs for attrs, _ in scripts] == [b' type="application/ld+json"']
    digest = base64.b64encode(hashlib.sha256(scripts[0][1]).digest()).decode()
    assert f"'sha256-{digest}'" in response["Content-Security-Policy"]


def test_a_cached_page_keeps_a_matching_policy(client, make_article):
    url = make_article().get_absolute_url()
    first, second = client.get(url), client.get(url)
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_revalidated_page_keeps_the_policy_the_browser_stored_with_it(client, make_article):
    """A 304 has no body to work a policy out from: one sent with it would replace the
    stored page's, and block the page's own script files on every revalidation."""
    url = make_article().get_absolute_url()
    page = client.get(url)
    assert "script-src 'self'" in page["Content-Security-Policy"]
    again = client.get(url, HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 304
    assert "Content-Security-Policy" not in again


def test_pages_without_scripts_allow_none(client):
    assert "script-src 'none'" in client.get("/ru/search/")["Content-Security-Policy"]


def test_a_page_loading_our_own_script_file_allows_self_and_no_inline_code():
    from articles.http.security import public_policy

    page = b'<main></main><script src="/static/newsroom/live.js" defer></script>'
    csp = public_policy(page)
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    # A script from elsewhere (protocol-relative or absolute) earns nothing.
    for foreign in (b'<script src="//evil.example/x.js"></script>',
                    b'<script src="https://evil.example/x.js"></script>'):  # fmt: skip
        assert "script-src 'none'" in public_policy(foreign)


def test_the_admin_alone_gets_the_policy_ckeditor_needs(editor_client):
    csp = editor_client.get(reverse("admin:articles_article_add"))["Content-Security-Policy"]
    assert "'unsafe-inline'" in csp
    assert "'unsafe-eval'" in csp
    assert "frame-ancestors 'self'" in csp


def test_admin_login_is_throttled_after_repeated_failures(client, admin_user):
    login = reverse("admin:login")
    for _ in range(5):
        client.post(login, {"username": admin_user.username, "password": "wrong"})
    locked = client.post(login, {"username": admin_user.username, "password": "password"})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode() or "Слишком много" in (
        locked.content.decode()
    )


def test_a_correct_password_resets_the_failure_count(client, admin_user):
    login = reverse("admin:login")
    for _ in range(3):
        client.post(login, {"username": admin_user.username, "password": "wrong"})
    response = client.post(
        login + "?next=/admin/", {"username": admin_user.username, "password": "password"}
    )
    assert response["Location"] == "/admin/"


def test_strong_passwords_are_required(settings):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("short123")
    validate_password("a-long-and-unusual-passphrase")
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


def test_sqlite_editors_saving_at_once_wait_and_succeed(tmp_path):
    """Eight threads saving 25 times each into one SQLite file: no "database is locked"."""
    script = textwrap.dedent(
        """
        import threading, django
        django.setup()
        from django.core.management import call_command
        from django.db import connection
        call_command("migrate", verbosity=0)
        from django.contrib.auth.models import User
        from articles import services
        from articles.models import Article
        user = User.objects.create_superuser("desk", "desk@example.kz", "x")
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            print("journal", cursor.fetchone()[0])
        errors = []
        def editor(number):
            try:
                for n in range(25):
                    article = Article(language="ru", headline=f"Поток {number} правка {n}",
                                      lead="Лид", body="<p>Текст</p>")
                    services.article_save(article=article, user=user, to_status="draft")
            except Exception as error:  # noqa: BLE001 - reported to the test
                errors.append(repr(error))
            finally:
                connection.close()
        threads = [threading.Thread(target=editor, args=(n,)) for n in range(8)]
        [t.start() for t in threads]; [t.join() for t in threads]
        print("errors", errors)
        print("saved", Article.objects.count())
        """
    )
    database = tmp_path / "desk.sqlite3"
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "newsroom.settings",
             "DATABASE_URL": f"sqlite:///{database}"},
        capture_output=True, text=True, check=False, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "journal wal" in result.stdout
    assert "errors []" in result.stdout
    assert "saved 200" in result.stdout


# ---- hostile uploads -------------------------------------------------------------------


def upload_photo(client, upload) -> tuple[int, str]:
    response = client.post(
        reverse("admin:articles_photo_add"),
        {"image": upload, "caption_ru": "x", "credit_ru": "y", "alt_text_ru": "z",
         "focal_x": "0.5", "focal_y": "0.5"},
    )  # fmt: skip
    return response.status_code, response.content.decode()


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas (a decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("bomb.png", png_header_claiming(60000, 60000), "image/png"),
        ("script.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
         "image/svg+xml"),
        ("page.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        ("cut.jpg", image_bytes(size=(300, 300))[:300], "image/jpeg"),
        ("exe.png", b"MZ\x90\x00" + b"\x00" * 200, "image/png"),
    ],
    ids=["decompression-bomb", "svg-with-script", "html-as-jpeg", "truncated", "executable"],
)  # fmt: skip
def test_hostile_files_are_refused_with_a_message_and_nothing_is_stored(
    editor_client, media_in_tmp, name, data, content_type
):
    status, page = upload_photo(editor_client, SimpleUploadedFile(name, data, content_type))
    assert status == 200
    assert 'class="errorlist' in page
    assert not Photo.objects.exists()
    assert not list(media_in_tmp.rglob(name.split(".")[0] + "*"))


def test_a_gif_javascript_polyglot_reaches_readers_only_as_re_encoded_renditions(
    editor_client, media_in_tmp
):
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (200, 30, 30)).save(buffer, format="GIF")
    polyglot = buffer.getvalue() + b"/*</script><script>alert(1)</script>*/"
    status, _ = upload_photo(editor_client, SimpleUploadedFile("poly.gif", polyglot, "image/gif"))
    assert status == 302
    photo = Photo.objects.get()
    for rendition in photo.renditions + photo.card_renditions:
        assert b"<script>" not in (media_in_tmp / rendition["name"]).read_bytes()


def test_the_editor_uploader_re_encodes_polyglots_in_their_own_format(editor_client, media_in_tmp):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, format="PNG")
    polyglot = SimpleUploadedFile("x.png", buffer.getvalue() + b"<script>alert(1)</script>")
    data = editor_client.post(reverse("ckeditor_upload"), {"upload": polyglot}).json()
    assert data["url"].endswith("/x.png")
    stored = next(media_in_tmp.rglob("x.png"))
    assert b"<script>" not in stored.read_bytes()


def test_only_json_ld_blocks_are_ever_allowed_by_hash():
    from articles.http.security import public_policy

    page = b'<script type="application/ld+json">{}</script><script>alert(1)</script>'
    policy = public_policy(page)
    assert policy.count("'sha256-") == 1
    assert "'unsafe-inline'" not in policy


def test_json_ld_cannot_end_its_script_whatever_the_headline_says(client, make_article):
    article = make_article(headline="Цена & качество </script><script>alert(1)</script>")
    page = client.get(article.get_absolute_url()).content.decode()
    block = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "Цена \\u0026 качество \\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in block
    assert json.loads(block)["headline"] == article.headline
