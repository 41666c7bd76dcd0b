from django.urls import path
from django.views.decorators.http import require_safe

from articles.distribution import feeds

# Feeds answer GET and HEAD only (Django's Feed would render for any method).
from articles.site import views

rss, atom = require_safe(feeds.NewsFeed()), require_safe(feeds.NewsAtom())

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("archive/<int:year>/", views.YearArchive.as_view(), name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.MonthArchive.as_view(), name="archive_month"),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        views.DayArchive.as_view(),
        name="archive_day",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("feed/rss/", rss, name="feed_rss"),
    path("feed/atom/", atom, name="feed_atom"),
]
for kind in ("section", "tag", "author"):
    urlpatterns += [
        path(f"{kind}/<slug:slug>/feed/rss/", rss, {"kind": kind}, name=f"{kind}_feed_rss"),
        path(f"{kind}/<slug:slug>/feed/atom/", atom, {"kind": kind}, name=f"{kind}_feed_atom"),
    ]
