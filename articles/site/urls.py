"""The reader's pages, in each language's prefix; their feeds' routes are the distribution's
(articles/distribution/feed_urls.py), joined to this namespace by newsroom/urls.py."""

from django.urls import path

from articles.site import views

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
    path("news/<slug:slug>/live/updates/", views.LiveUpdatesView.as_view(), name="live_updates"),
]
