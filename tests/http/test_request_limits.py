"""Bodies over the documented limit are refused (413) before they are read (finding 10).

Everyone may send 5 MB; logged-in staff may send one image of NEWSROOM_MAX_UPLOAD_BYTES plus
the rest of the form, and only to the views that take images.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from articles.http.request_limits import BoundedInput

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
BOUNDARY = "newsroom-boundary"


def multipart(file_bytes: int, **fields) -> bytes:
    """A form with `fields` and one file part of `file_bytes` bytes."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; '
        f'filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
        + os.urandom(16) * (file_bytes // 16)
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post(client: Client, url: str, body: bytes, **extra):
    return client.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}", **extra
    )


def claiming(length: int) -> dict:
    """A request that declares `length` bytes (and sends few: it must not be read at all)."""
    return {"CONTENT_LENGTH": str(length)}


def test_an_anonymous_post_with_a_large_file_part_is_refused(client):
    body = multipart(6 * MB, username="olga", password="x")
    assert post(client, reverse("admin:login"), body).status_code == 413
    response = post(client, "/en/search/", body)
    assert response.status_code == 413
    text = response.content.decode()  # in the language of the address
    assert "5 MB" in text  # says what the limit is
    assert "15 MB" in text  # and where images may go


ANYWHERE = ["/ru/", "/ru/search/", "/admin/login/", "/ckeditor/upload/",
            "/admin/articles/photo/add/", "/api/ninjs/", "/nowhere/"]  # fmt: skip


@pytest.mark.parametrize("url", ANYWHERE)
def test_no_anonymous_request_may_declare_more_than_the_limit(client, url):
    response = post(client, url, multipart(10), **claiming(60 * MB))
    assert response.status_code == 413, url


def test_staff_may_upload_a_large_image_on_the_photo_form(desk_client):
    body = multipart(8 * MB, caption_ru="Большой снимок")
    response = post(desk_client, reverse("admin:articles_photo_add"), body)
    assert response.status_code == 200  # read, and answered by the form (not an image)


def test_staff_may_upload_a_large_image_through_the_editor(desk_client):
    response = post(desk_client, "/ckeditor/upload/", multipart(8 * MB))
    assert response.status_code != 413


def test_even_staff_may_not_send_more_than_one_image_and_its_form(desk_client):
    limit = settings.NEWSROOM_MAX_UPLOAD_BYTES + settings.NEWSROOM_UPLOAD_FORM_BYTES
    url = reverse("admin:articles_photo_add")
    assert post(desk_client, url, multipart(10), **claiming(limit + 1)).status_code == 413
    assert (
        post(desk_client, "/ckeditor/upload/", multipart(10), **claiming(60 * MB)).status_code
        == 413
    )


def test_staff_get_the_larger_limit_only_where_images_are_uploaded(desk_client, make_article):
    article = make_article()
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert post(desk_client, change, multipart(10), **claiming(6 * MB)).status_code == 413
    assert post(desk_client, "/ru/", multipart(10), **claiming(6 * MB)).status_code == 413


def test_a_body_without_a_length_is_refused(client):
    response = post(client, reverse("admin:login"), b"", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411


def test_a_nonsense_length_is_refused(client):
    assert post(client, "/ru/", b"", CONTENT_LENGTH="-5").status_code == 413
    assert post(client, "/ru/", b"", CONTENT_LENGTH="lots").status_code == 413


def test_the_wsgi_input_never_yields_more_than_its_bound():
    import io

    stream = BoundedInput(io.BytesIO(b"x" * 100), 10)
    assert stream.read() == b"x" * 10
    assert stream.read(5) == b""
    assert BoundedInput(io.BytesIO(b"ab\ncd\n"), 4).readline() == b"ab\n"


# Over real HTTP: gunicorn, as in production, receiving a 60 MB upload.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    spool = tmp_path / "spool"
    spool.mkdir()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "k" * 50,
        "NEWSROOM_SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESSLOG": "",
        "TMPDIR": str(spool),  # where Django would spool an upload (FILE_UPLOAD_TEMP_DIR unset)
    }
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "newsroom/gunicorn.conf.py", "newsroom.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert server.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
    yield port, spool
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def test_a_60_mb_upload_over_http_is_refused_at_once_and_nothing_is_spooled(gunicorn):
    port, spool = gunicorn
    size = 60 * MB
    head = (
        f"POST /ru/search/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {size}\r\n\r\n"
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename="a.jpg"\r\n\r\n'
    ).encode()
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head + b"\0" * MB)  # the first megabyte; the rest is never needed
        answer = connection.recv(65536).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 5
    assert list(spool.iterdir()) == []  # no temporary file was written


def test_a_chunked_upload_over_http_is_refused(gunicorn):
    port, spool = gunicorn
    head = (
        f"POST /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Transfer-Encoding: chunked\r\nContent-Type: application/octet-stream\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head + b"100000\r\n" + b"\0" * 65536)
        answer = connection.recv(65536).decode("latin-1")
    assert answer.startswith("HTTP/1.1 411"), answer[:200]
    assert list(spool.iterdir()) == []


def test_under_asgi_a_large_body_is_refused_before_django_reads_it():
    import asyncio

    from articles.http.request_limits import bounded_asgi

    called, sent = [], []

    async def django(scope, receive, send):  # Django's handler would read the whole body
        called.append(scope)

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"\0" * MB, "more_body": True}

    scope = {"type": "http", "path": "/ru/", "headers": [(b"content-length", b"62914560")]}
    asyncio.run(bounded_asgi(django)(scope, receive, send))
    assert not called
    assert sent[0]["status"] == 413

    async def counting_django(scope, receive, send):
        while (await receive())["type"] == "http.request":
            called.append(1)

    unannounced = {"type": "http", "path": "/ru/", "headers": []}
    asyncio.run(bounded_asgi(counting_django)(unannounced, receive, send))
    assert len(called) == 5  # 5 MB read; the sixth would pass the limit: the body ends


def test_the_development_server_answers_413_too(live_server):
    """`make run` serves with Django's runserver (wsgiref), which refuses hop-by-hop headers
    from the application: the refusal must still reach the browser as our 413 page."""
    import urllib.error
    import urllib.request

    body = multipart(6 * MB)
    request = urllib.request.Request(
        f"{live_server.url}/ru/",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 413
    page = refused.value.read().decode()
    assert "Запрос слишком большой" in page
