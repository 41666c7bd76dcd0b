from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from articles.cache import invalidation  # noqa: F401, PLC0415  (connects the page cache's handlers)
        from articles.desk import admin  # noqa: F401, PLC0415  (registers the desk's model admins)
        from articles.http import client_address  # noqa: F401, PLC0415  (registers its system check)
