import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()

# No one reads more of a body than its declared length, and never more than the largest body
# anyone may send (articles/http/request_limits.py).
from articles.http.request_limits import bounded_wsgi  # noqa: E402 - needs the settings above

application = bounded_wsgi(application)
