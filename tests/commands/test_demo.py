"""`python manage.py load_demo` gives a newsroom to look at, and is safe to run twice."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Author, PartnerSubscription, Story, WireItem
from articles.text.links import slug_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", "--no-admin", stdout=out)
    return out.getvalue()


def test_demo_has_the_central_asia_story_in_three_linked_languages(demo):
    story = Story.objects.filter(
        articles__headline__contains="Центральная Азия", articles__is_live_page=False
    ).get()
    assert sorted(story.articles.values_list("language", flat=True)) == ["en", "kk", "ru"]
    russian = story.articles.get(language="ru")
    assert russian.hero_photo.credit_line("ru").startswith("Фото: facebook.com/")
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


def printed_logins(output: str) -> dict[str, str]:
    return {
        line.split("user:")[1].split()[0]: line.split("password:")[1].strip()
        for line in output.splitlines()
        if "password:" in line
    }


def test_demo_prints_working_logins_for_admin_editor_and_reporter(settings, tmp_path, client):
    settings.BASE_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    logins = printed_logins(out.getvalue())
    assert set(logins) == {"admin", "editor", "reporter"}
    for username, password in logins.items():
        response = client.post(
            "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        assert response.status_code == 302, username  # through the real login form
        assert response["Location"] == "/admin/"
        client.logout()
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="editor").has_perm("articles.publish_article")
    reporter = users.get(username="reporter")
    assert reporter.has_perm("articles.add_article")
    assert not reporter.has_perm("articles.publish_article")
    # A second run prints the same passwords and keeps them working.
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert printed_logins(out.getvalue()) == logins


def test_demo_people_and_photos_speak_each_pieces_language(demo, client):
    story = Story.objects.filter(
        articles__headline__contains="Центральная Азия", articles__is_live_page=False
    ).get()
    pages = {
        version.language: client.get(version.get_absolute_url()).text
        for version in story.articles.all()
    }
    assert "Сурет: facebook.com/rassul.rysmambetov" in pages["kk"]
    assert "Қаржыгер Расул Рысмамбетов" in pages["kk"]
    assert "Photo: facebook.com/rassul.rysmambetov" in pages["en"]
    assert "Financier Rassul Rysmambetov" in pages["en"]
    assert "Финансист" not in pages["en"]
    author = Author.objects.get(name="Данира Искакова")
    english = client.get(slug_url("articles:author", author.slug, "en")).text
    assert "Correspondent" in english
    assert "Writes about the economy" in english


def test_demo_has_a_live_page_of_the_launch_with_an_embed_and_a_gallery(demo, client):
    pages = Article.objects.filter(is_live_page=True)
    assert sorted(pages.values_list("language", flat=True)) == ["en", "kk", "ru"]
    assert len({page.story_id for page in pages}) == 1
    for page in pages:
        assert page.live_updates.count() == 6
        assert page.live_updates.filter(is_pinned=True).count() == 1
        assert page.gallery.count() == 4
        html = client.get(page.get_absolute_url()).text
        assert 'data-embed-provider="youtube"' in html
        assert "Площадка центра «Центральная Азия»" in html or page.language != "ru"


def test_demo_has_a_wire_inbox_and_a_partner_to_deliver_to(demo):
    assert WireItem.objects.count() == 3
    assert sorted(WireItem.objects.values_list("language", flat=True)) == ["en", "kk", "ru"]
    assert PartnerSubscription.objects.filter(is_active=True).count() == 1
