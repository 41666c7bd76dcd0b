"""Read-only JSON for partner newsrooms (ninjs), under /api/."""

from django.urls import path

from articles.distribution.api import views

app_name = "api"

urlpatterns = [
    path("ninjs/", views.item_list, name="ninjs_list"),
    path("ninjs/<int:pk>/", views.item_detail, name="ninjs_detail"),
]
