"""django-reversion in the desk: a version opens only under the piece it belongs to."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Byline
from tests.desk.rights_table import STAFF, World
from tests.factories import article_form

pytestmark = pytest.mark.django_db
Status = Article.Status


# ---- django-reversion: a version must belong to the piece in the URL ----------------------


def byline_version_with_the_same_id(world: World, article: Article) -> Version:
    """A version whose object id is the piece's own, of a byline (another model)."""
    other = world.get("articles.article", "others_draft")
    author = world.get("articles.author")
    with reversion.create_revision():
        Byline.objects.create(pk=article.pk, article=other, author=author)
    return Version.objects.get_for_object_reference(Byline, article.pk).get()


FOREIGN_VERSIONS = {
    "of another piece": lambda world, article: Version.objects.get_for_object(
        world.get("articles.article", "others_published")
    ).first(),
    "of a byline with the same id": byline_version_with_the_same_id,
}


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize(
    "which",
    [
        "of another piece",
        pytest.param("of a byline with the same id"),
    ],
)
def test_a_version_of_another_object_is_not_found(world, role, which):
    article = world.get("articles.article", "own_draft")
    version = FOREIGN_VERSIONS[which](world, article)
    client = world.client(role)
    before = world.snapshot()
    url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, article_form(article, status=Status.DRAFT)).status_code == 404
    assert world.snapshot() == before


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_recover_offers_only_deleted_pieces(world, role):
    live = world.get("articles.article", "others_published")
    version = Version.objects.get_for_object(live).first()
    url = reverse("admin:articles_article_recover", args=[version.pk])
    assert world.client(role).get(url).status_code == 404
