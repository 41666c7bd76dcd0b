"""The desk panel on the admin's front page (what waits, what is coming, what is mine), and
the admin lists' counts said as people say them."""

from django import template
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from articles.models import Article
from articles.workflow import is_editor

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


# "2 материала", "5 материалов": Django's list says "2 материалы" (the count, then the
# plural name). Models without a message of their own get "Теги: 5", right in every language.
RESULT_COUNTS = {
    "articles.article": lambda n: ngettext("%(count)s article", "%(count)s articles", n),
    "articles.author": lambda n: ngettext("%(count)s author", "%(count)s authors", n),
    "articles.photo": lambda n: ngettext("%(count)s photo", "%(count)s photos", n),
    "articles.tag": lambda n: ngettext("%(count)s tag", "%(count)s tags", n),
    "articles.section": lambda n: ngettext("%(count)s section", "%(count)s sections", n),
    "articles.story": lambda n: ngettext("%(count)s story", "%(count)s stories", n),
}


@register.simple_tag
def result_count(changelist) -> str:
    """How many rows the admin list `changelist` has, with the noun agreeing."""
    count = changelist.result_count
    message = RESULT_COUNTS.get(changelist.opts.label_lower)
    if message is not None:
        return message(count) % {"count": count}
    return gettext("%(things)s: %(count)s") % {
        "things": capfirst(changelist.opts.verbose_name_plural),
        "count": count,
    }
