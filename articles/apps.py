from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from articles.search import sqlite as search_index  # noqa: PLC0415

        article = self.get_model("Article")
        # The search index's handlers, where the model's own code ran them before: a deleted
        # piece leaves the index before the page cache's post_delete handler runs...
        search_index.connect_unindexing(article)
        from articles.cache import invalidation  # noqa: F401, PLC0415  (connects the page cache's handlers)
        from articles.desk import admin  # noqa: F401, PLC0415  (registers the desk's model admins)
        from articles.distribution.deliveries import triggers  # noqa: F401, PLC0415  (plans deliveries to partners)
        from articles.distribution.wire import tasks  # noqa: F401, PLC0415  (queues "Poll now")
        from articles.http import client_address  # noqa: F401, PLC0415  (registers its system check)

        # ...and a saved one is indexed after every other post_save handler, as when
        # Article.save() indexed it once super().save() had returned.
        search_index.connect_indexing(article)
