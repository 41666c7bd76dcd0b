"""The product's URLs, and the bench's floor view (bench.settings' ROOT_URLCONF)."""

from django.urls import path

from bench import views
from newsroom.urls import handler403
from newsroom.urls import urlpatterns as product_urlpatterns

__all__ = ["handler403", "urlpatterns"]

urlpatterns = [
    # `make bench` compares every page with this trivial view.
    path("__bench__/floor/<int:size>/", views.floor, name="bench_floor"),
    *product_urlpatterns,
]
