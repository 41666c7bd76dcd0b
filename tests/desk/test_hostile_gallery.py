"""A reporter's own draft is no way into another piece's gallery: rows of other pieces'
galleries posted with the draft's form (forged ids) are never changed or deleted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, GalleryPhoto
from tests.factories import article_form

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.mark.parametrize("delete", [False, True])
def test_a_forged_row_of_a_published_gallery_in_a_reporters_draft_changes_nothing(
    reporter_client, reporter, make_article, make_photo, delete
):
    published = make_article(status=Status.PUBLISHED, published_at=timezone.now())
    theirs = GalleryPhoto.objects.create(
        article=published, photo=make_photo(), position=1, caption="Summit"
    )
    draft = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    forged = article_form(draft)
    forged.update({"gallery-TOTAL_FORMS": "1", "gallery-INITIAL_FORMS": "1",
                   "gallery-0-id": str(theirs.pk), "gallery-0-article": str(draft.pk),
                   "gallery-0-photo": str(theirs.photo_id), "gallery-0-position": "7",
                   "gallery-0-caption": "Defaced"})  # fmt: skip
    if delete:
        forged["gallery-0-DELETE"] = "on"

    reporter_client.post(reverse("admin:articles_article_change", args=[draft.pk]), forged)

    theirs_now = GalleryPhoto.objects.filter(pk=theirs.pk).first()
    assert theirs_now is not None
    kept = (theirs_now.article_id, theirs_now.caption, theirs_now.position)
    assert kept == (published.pk, "Summit", 1)
