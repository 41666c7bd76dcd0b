"""Uploaded files for development and browser tests; production serves media elsewhere."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve


def serve_media(request, path):
    """Django's static file view, only when DEBUG or NEWSROOM_SERVE_MEDIA is on."""
    if not (settings.DEBUG or settings.NEWSROOM_SERVE_MEDIA):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
