"""The desk panel on the admin's front page: what waits, what is coming, what is mine."""

from django import template
from django.urls import reverse

from ..models import Article
from ..workflow import is_editor

register = template.Library()


@register.inclusion_tag("admin/articles/desk_panel.html", takes_context=True)
def desk_panel(context):
    user = context["request"].user
    articles = Article.objects.all()
    changelist = reverse("admin:articles_article_changelist")
    rows = [
        ("review", articles.filter(status=Article.Status.REVIEW).count()),
        ("scheduled", articles.scheduled().count()),
    ]
    if not is_editor(user):
        rows.append(("mine", articles.filter(created_by=user, status="draft").count()))
    return {"rows": rows, "changelist": changelist, "user_id": user.pk}
