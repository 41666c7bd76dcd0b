"""The bench's probe: run inside a bench database's environment (`bench --probe FILE`)."""

import json
import os
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.db import connection, connections
from django.db.models.query import RawQuerySet
from django.urls import reverse
from django.utils import translation

from articles import search, selectors
from articles.cache import page_cache
from articles.models import Section
from articles.page_keys import SITEMAP_KEY, list_key
from articles.selectors import newest_sharing_a_tag
from articles.site import views
from bench import SEARCH_WORDS

DESK_ARTICLES = 12  # Russian pieces in the readers' mix (the edited one among them)


def explain(queryset) -> str:
    """EXPLAIN (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite) of a queryset, as an indented tree.

    By hand: QuerySet.explain() puts SQLite's prefix inside the subquery that Django wraps
    around a filter on a window function, which is a syntax error.
    """
    db = connections[queryset.db]
    if isinstance(queryset, RawQuerySet):
        query, params = queryset.raw_query, queryset.params
    else:
        query, params = queryset.query.get_compiler(queryset.db).as_sql()
    with db.cursor() as cursor:
        cursor.execute(f"{db.ops.explain_query_prefix()} {query}", params)
        rows = cursor.fetchall()
    if db.vendor != "sqlite":
        return "\n".join(row[0] for row in rows)
    depth, lines = {0: -1}, []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return "\n".join(lines)


def write_probe(path: Path) -> None:
    """Pick the URLs, log a superuser in, EXPLAIN the list queries; JSON into `path`."""
    word = SEARCH_WORDS["ru"]
    with translation.override("ru"):
        published = selectors.published_in(language="ru")
        article = published.filter(hero_photo__isnull=False).first() or published.first()
        section, listing = Section.objects.first(), published.for_listing()
        tag_ids = list(article.tags.values_list("pk", flat=True))
        queries = {
            "home list (latest)": listing[: views.HOME_LATEST + 1],
            "section list": listing.filter(section=section)[: views.LIST_SIZE],
            f"search “{word}”: the pieces to rank": search.candidates(listing, word, "ru"),
            "home section block": listing.filter(section=section)[: views.SECTION_BLOCK],
            "article: related pieces (sharing a tag)": listing.exclude(pk=article.pk).filter(
                pk__in=newest_sharing_a_tag(tag_ids)
            )[:4],
        }
        data = {
            "urls": {
                "article": article.get_absolute_url(),
                "home": reverse("articles:home"),
                "section": section.get_absolute_url(),
                "feed": reverse("articles:feed_rss"),
                "search": reverse("articles:search") + "?" + urlencode({"q": word}),
                "admin": reverse("admin:articles_article_changelist"),
            },  # fmt: skip
            "plans": {name: explain(query) for name, query in queries.items()},
            "word": word,
            # The city is written in leads only (fill_archive); search ranks the newest
            # MAX_CANDIDATES of these.
            "matches": published.filter(lead__contains=word).count(),
            "published_ru": published.count(),
        }
    data["desk"] = desk_probe()
    users = auth.get_user_model().objects
    user = users.filter(username="bench").first()
    user = user or users.create_superuser("bench", "bench@example.invalid")
    if password := os.environ.get("NEWSROOM_BENCH_PASSWORD"):
        # The working desk's editor logs in through the login form (bench/editor.py).
        user.set_password(password)
        user.save(update_fields=["password"])
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[auth.SESSION_KEY] = str(user.pk)
    # The backend that logs people in (not django-axes' lockout check, which comes first).
    store[auth.BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(auth.load_backend(path), "get_user")
    )  # fmt: skip
    store[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    data.update(session=store.session_key, cookie_name=settings.SESSION_COOKIE_NAME)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            data["db_bytes"] = cursor.fetchone()[0]
        data["vendor"] = f"PostgreSQL {connection.pg_version // 10000}"
    else:
        with connection.cursor() as cursor:  # the file's size, or an in-memory test database's
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            data["db_bytes"] = pages * cursor.execute("PRAGMA page_size").fetchone()[0]
        data["vendor"] = "SQLite"
    path.write_text(json.dumps(data, ensure_ascii=False))


def desk_probe() -> dict:
    """The readers' mix of the working desk (bench/desk.py): home pages in every
    language, Russian pieces, the Russian sections and feed; the piece the editor edits (the
    newest Russian one, on the home page and its section's), and the keys its changes touch.
    """
    homes = []
    for language, _name in settings.NEWSROOM_CONTENT_LANGUAGES:
        with translation.override(language):
            homes.append(reverse("articles:home"))
    with translation.override("ru"):
        newest = list(selectors.published_in(language="ru")[: DESK_ARTICLES * 5])
        edited, others = newest[0], newest[5::5][: DESK_ARTICLES - 1]
        sections = [section.get_absolute_url() for section in Section.objects.all()]
        feed = reverse("articles:feed_rss")
    # A new piece in the edited one's section touches its lists; a save of it touches these
    # and its own page, its story, its tags' and authors' lists.
    lists = {list_key(kind, "ru") for kind in ("home", "archive", "search")}
    lists |= {SITEMAP_KEY, list_key("section", "ru", edited.section_id)}
    return {
        "homes": homes,
        "articles": [edited.get_absolute_url(), *(a.get_absolute_url() for a in others)],
        "sections": sections,
        "feed": feed,
        "edited": edited.pk,
        "save_keys": sorted(page_cache.article_keys(edited)),
        "publish_keys": sorted(lists),
    }
