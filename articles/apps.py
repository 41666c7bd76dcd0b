from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from articles import (  # noqa: F401, PLC0415
            client_address,  # registers its system check
            signals,  # connects the page cache's handlers
        )
