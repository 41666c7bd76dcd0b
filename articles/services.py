"""Writes with consequences: publishing and its kin. Admin actions and views call these."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .models import Article


@transaction.atomic
def article_publish(
    *, article: Article, user: AbstractBaseUser | None, when: datetime | None = None
) -> Article:
    """Release `article` to readers at `when` (now if not given; a future time schedules it).

    A piece that was already live keeps its original publication time unless a new one
    is given, so re-publishing after an edit does not move it up the home page.
    """
    if when is None:
        when = article.published_at if article.is_live else timezone.now()
    article.status = Article.Status.PUBLISHED
    article.published_at = when
    article.save()
    return article
