"""The feeds' routes, in each language's prefix beside the reader's pages: newsroom/urls.py
puts them in the site's namespace, so they are `articles:feed_rss`, `articles:tag_feed_atom`..."""

from django.urls import path
from django.views.decorators.http import require_safe

from articles.distribution import feeds, live_feeds

# Feeds answer GET and HEAD only (Django's Feed would render for any method).
rss, atom = require_safe(feeds.NewsFeed()), require_safe(feeds.NewsAtom())

urlpatterns = [
    path("feed/rss/", rss, name="feed_rss"),
    path("feed/atom/", atom, name="feed_atom"),
]
# A live page's updates, newest first (articles/distribution/live_feeds.py).
live_rss, live_atom = require_safe(live_feeds.LiveFeed()), require_safe(live_feeds.LiveAtom())
urlpatterns += [
    path("news/<slug:slug>/live/feed/rss/", live_rss, name="live_feed_rss"),
    path("news/<slug:slug>/live/feed/atom/", live_atom, name="live_feed_atom"),
]
for kind in ("section", "tag", "author"):
    urlpatterns += [
        path(f"{kind}/<slug:slug>/feed/rss/", rss, {"kind": kind}, name=f"{kind}_feed_rss"),
        path(f"{kind}/<slug:slug>/feed/atom/", atom, {"kind": kind}, name=f"{kind}_feed_atom"),
    ]
