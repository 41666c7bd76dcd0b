import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_asgi_application()

# Django's ASGI handler reads the whole body before any middleware: bodies over the limit are
# refused here, by their declared length, or ended once they outgrow it.
from articles.http.request_limits import bounded_asgi  # noqa: E402 - needs the settings above

application = bounded_asgi(application)
