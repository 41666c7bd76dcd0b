"""Rows sorted in Python by `Meta.ordering` come in the order the database gives them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Author, Byline, Correction
from articles.models.ordering import in_meta_order

pytestmark = pytest.mark.django_db


def test_ascending_keys_with_ties_sort_as_the_database_sorts_them(make_article):
    article = make_article()
    for n, position in enumerate([5, 0, 2, 0, 5]):
        Byline.objects.create(
            article=article, author=Author.objects.create(name=f"Автор {n}"), position=position
        )
    rows = Byline.objects.filter(article=article)
    assert in_meta_order(list(rows.order_by())) == list(rows)


def test_descending_keys_with_ties_sort_as_the_database_sorts_them(make_article):
    now = timezone.now()
    when = [now - timedelta(hours=h) for h in (3, 1, 3, 2, 1)]
    for published_at in when:
        make_article(published_at=published_at)
    rows = Article.objects.all()
    assert in_meta_order(list(rows.order_by())) == list(rows)


def test_corrections_sort_as_the_database_sorts_them(make_article):
    article = make_article()
    for text in ["b", "a", "c"]:
        Correction.objects.create(article=article, text=text)
    Correction.objects.filter(text="c").update(created_at=timezone.now() - timedelta(days=1))
    rows = Correction.objects.filter(article=article)
    assert in_meta_order(list(rows.order_by())) == list(rows)


def test_no_rows_is_no_rows():
    assert in_meta_order([]) == []
