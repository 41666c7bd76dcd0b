"""Oversized bodies are refused by their declared length, before anything reads them."""

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

TEN_MB = 10 * 1024 * 1024


@pytest.mark.parametrize("path", ["/ru/search/", "/admin/login/", "/ckeditor/upload/", "/ru/"])
@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "text/plain"],
)
@pytest.mark.parametrize("with_csrf_token", [False, True], ids=["no-csrf", "csrf-ok"])
def test_oversized_body_is_refused(stranger, path, content_type, with_csrf_token):
    """10 MB to a public page, the admin login and the editor's upload: refused (413) by its
    declared length before anything (CSRF, the form, the login redirect) reads it."""
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE < TEN_MB
    if content_type.startswith("multipart"):
        body = (
            b'--xyz\r\nContent-Disposition: form-data; name="q"\r\n\r\n'
            + b"a" * TEN_MB
            + b"\r\n--xyz--\r\n"
        )
    else:
        body = b"q=" + b"a" * TEN_MB
    headers = {}
    if with_csrf_token:
        stranger.cookies[django_settings.CSRF_COOKIE_NAME] = "a" * 32
        headers = {"x-csrftoken": "a" * 32}
    response = stranger.generic("POST", path, body, content_type=content_type, headers=headers)
    assert response.status_code == 413


def test_oversized_body_from_staff_to_the_editor_upload_is_refused(admin_client):
    """The editor's upload skips CSRF (CKEditor posts without a token): the limit still holds."""
    response = admin_client.generic(
        "POST",
        "/ckeditor/upload/",
        b"upload=" + b"a" * TEN_MB,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    too_big = (
        b'--xyz\r\nContent-Disposition: form-data; name="upload"; filename="big.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n"
        + b"\xff\xd8" + b"a" * (django_settings.NEWSROOM_MAX_UPLOAD_BYTES + 1024)
        + b"\r\n--xyz--\r\n"
    )  # fmt: skip
    response = admin_client.generic(
        "POST", "/ckeditor/upload/", too_big, content_type="multipart/form-data; boundary=xyz"
    )
    assert response.status_code < 500
    assert response.json()["uploaded"] == 0
