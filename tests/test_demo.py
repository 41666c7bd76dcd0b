"""`python manage.py load_demo` gives a newsroom to look at, and is safe to run twice."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", "--no-admin", stdout=out)
    return out.getvalue()


def test_demo_has_the_central_asia_story_in_three_linked_languages(demo):
    story = Story.objects.filter(articles__headline__contains="Центральная Азия").get()
    assert sorted(story.articles.values_list("language", flat=True)) == ["en", "kk", "ru"]
    russian = story.articles.get(language="ru")
    assert russian.hero_photo.credit.startswith("Фото: facebook.com/")
    assert russian.bylines.filter(author__name="Данира Искакова", role="author").exists()
    assert russian.earlier is not None
    assert russian.earlier.is_live
    assert russian.earlier.get_absolute_url() in russian.body


def test_demo_shows_the_visibility_rule_with_a_draft_and_a_scheduled_piece(demo):
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    assert sum(article.is_scheduled for article in Article.objects.all()) == 1
    assert Article.objects.published().count() == Article.objects.count() - 2


def test_running_the_demo_twice_adds_nothing(demo):
    counts = Article.objects.count(), Story.objects.count()
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    assert (Article.objects.count(), Story.objects.count()) == counts


def test_demo_prints_a_working_admin_login(settings, tmp_path, client):
    settings.BASE_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    password = out.getvalue().split("password:")[1].split()[0]
    assert client.login(username="admin", password=password)
    assert get_user_model().objects.get(username="admin").is_superuser
    # A second run prints the same password and keeps it working.
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert f"password: {password}" in out.getvalue()
