"""Reads for anonymous public pages go to the read replica (DATABASE_REPLICA_URL).

Everything else — the desk, previews, the API's key checks, every write — uses the primary,
so an editor always sees what was just saved. A reader may see a change a moment later, when
the replica has caught up (the page cache's new generation already forces the re-render).
Pages rendered ahead of readers right after a change (articles/cache/warming.py) read the primary:
a replica a moment behind would have them stored with the old text.
"""

from articles.cache.page_cache import reading_for_public
from articles.cache.warming import rendering_ahead


class PublicReadsToReplica:
    def db_for_read(self, model, **hints):
        return "replica" if reading_for_public.get() and not rendering_ahead.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: same rows, same ids

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
