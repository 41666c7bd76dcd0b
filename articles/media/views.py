"""Uploaded files for development and browser tests; production serves media elsewhere."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

from articles.media.uploads import media_headers


def serve_media(request, path):
    """Django's static file view, only when DEBUG or NEWSROOM_SERVE_MEDIA is on.

    The type comes from our list of image extensions, never from Python's guess (which says
    text/html for `.html`, and adds Content-Encoding for `.gz`): anything else is a download.
    With `nosniff` and `Content-Security-Policy: default-src 'none'; sandbox`, no file under
    MEDIA_ROOT (an old upload, a stray backup) can run script on the site's origin.
    """
    if not (settings.DEBUG or settings.NEWSROOM_SERVE_MEDIA):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response.headers.pop("Content-Encoding", None)
    for name, value in media_headers(path).items():
        response[name] = value
    return response
