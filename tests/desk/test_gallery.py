"""The desk builds a piece's gallery in the article form: picks library photos as it picks the
hero photo, numbers them, previews them; only who may edit the piece may change its gallery."""

import pytest
import reversion
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import services, workflow
from articles.models import Article, GalleryPhoto, Photo
from tests.factories import article_form, posted_from

pytestmark = pytest.mark.django_db
Status = Article.Status


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def gallery_rows(*photos, start: int = 0) -> dict:
    """The gallery inline's POST for new rows of `photos`, numbered in the order given."""
    data = {"gallery-TOTAL_FORMS": str(len(photos)), "gallery-INITIAL_FORMS": "0"}
    for index, photo in enumerate(photos):
        data.update({f"gallery-{index}-photo": str(photo.pk),
                     f"gallery-{index}-position": str(start + index + 1),
                     f"gallery-{index}-caption": ""})  # fmt: skip
    return data


def saved(article) -> list[tuple[int, int]]:
    return list(GalleryPhoto.objects.filter(article=article).values_list("photo_id", "position"))


def test_the_article_form_has_a_gallery_after_the_media_with_the_photo_picker(
    editor_client, make_article, make_photo
):
    piece = make_article()
    photo = make_photo()
    GalleryPhoto.objects.create(article=piece, photo=photo, position=1)
    page = editor_client.get(change_url(piece)).text
    assert 'id="gallery-group"' in page
    assert page.index("Media") < page.index('id="gallery-group"') < page.index("Publishing")
    assert 'data-field-name="photo"' in page
    assert "photo-picker" in page
    assert 'name="gallery-0-photo"' in page
    assert 'name="gallery-0-position"' in page
    assert 'type="number"' in page
    assert f'src="{photo.image.url}"' in page  # the row's preview
    assert "Add a photo to the gallery" in page
    assert "newsroom/admin-photo-picker.js" in page


def test_an_editor_builds_a_gallery_and_readers_see_it_in_that_order(
    editor_client, make_article, make_photo, client
):
    piece = make_article()
    first = make_photo(caption_ru="Первое фото")
    second = make_photo(caption_ru="Второе фото")
    form = article_form(piece, **gallery_rows(second, first))
    form["gallery-1-position"] = "0"  # the second row typed as first
    response = editor_client.post(change_url(piece), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert saved(piece) == [(first.pk, 0), (second.pk, 1)]
    page = client.get(piece.get_absolute_url()).text
    assert page.index("Первое фото") < page.index("Второе фото")


def test_reordering_and_removing_gallery_photos_in_the_form(
    editor_client, make_article, make_photo
):
    piece = make_article()
    photos = [make_photo() for _ in range(3)]
    for number, photo in enumerate(photos, start=1):
        GalleryPhoto.objects.create(article=piece, photo=photo, position=number)
    data = posted_from(editor_client.get(change_url(piece)).text)
    rows = {data[f"gallery-{n}-photo"]: n for n in range(3)}
    data[f"gallery-{rows[str(photos[2].pk)]}-position"] = "0"  # the last comes first
    data[f"gallery-{rows[str(photos[1].pk)]}-DELETE"] = "on"
    response = editor_client.post(change_url(piece), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert saved(piece) == [(photos[2].pk, 0), (photos[0].pk, 1)]


def test_a_photo_cannot_be_in_one_gallery_twice(editor_client, make_article, make_photo):
    piece = make_article()
    photo = make_photo()
    twice = article_form(piece, **gallery_rows(photo, photo))
    response = editor_client.post(change_url(piece), twice)
    assert response.status_code == 200
    assert not GalleryPhoto.objects.exists()


def test_a_reporter_builds_the_gallery_of_their_own_draft(
    reporter_client, reporter, make_article, make_photo
):
    draft = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    photo = make_photo()  # someone else's library photo: a reporter may use it, as a hero
    response = reporter_client.post(change_url(draft), article_form(draft, **gallery_rows(photo)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert saved(draft) == [(photo.pk, 1)]


@pytest.mark.parametrize("state", ["own_review", "own_published", "others_draft"])
def test_a_reporter_cannot_change_a_gallery_they_may_not_edit_even_by_a_forged_post(
    reporter_client, reporter, other_reporter, make_article, make_photo, state
):
    owner = reporter if state.startswith("own") else other_reporter
    status = {"own_review": Status.REVIEW, "own_published": Status.PUBLISHED}.get(state, "draft")
    when = timezone.now() if status == Status.PUBLISHED else None
    piece = make_article(status=status, created_by=owner, published_at=when)
    kept = make_photo()
    row = GalleryPhoto.objects.create(article=piece, photo=kept, position=1)
    # The form is read-only: no gallery inputs to fill in.
    page = reporter_client.get(change_url(piece)).text
    assert 'name="gallery-0-photo"' not in page
    # Adding a photo, renumbering and deleting the row, all forged.
    added = make_photo()
    forged = article_form(piece, **gallery_rows(added))
    forged.update({"gallery-TOTAL_FORMS": "2", "gallery-INITIAL_FORMS": "1",
                   "gallery-1-id": str(row.pk), "gallery-1-article": str(piece.pk),
                   "gallery-1-photo": str(kept.pk), "gallery-1-position": "9",
                   "gallery-1-DELETE": "on"})  # fmt: skip
    assert reporter_client.post(change_url(piece), forged).status_code == 403
    assert saved(piece) == [(kept.pk, 1)]


def test_the_gallerys_rights_are_the_pieces(reporter, editor, make_article):
    from articles.desk.admin.article import GalleryPhotoInline

    class Request:
        def __init__(self, user):
            self.user = user

    inline = GalleryPhotoInline(Article, admin.site)
    own_draft = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    in_review = make_article(status=Status.REVIEW, published_at=None, created_by=reporter)
    for piece in (own_draft, in_review):
        for right in ("add", "change", "delete"):
            allowed = getattr(inline, f"has_{right}_permission")(Request(reporter), piece)
            assert allowed == workflow.can_edit(reporter, piece), (piece.status, right)
            assert getattr(inline, f"has_{right}_permission")(Request(editor), piece)


def test_a_reporters_photo_in_a_published_gallery_is_the_editors(
    reporter_client, reporter, make_article, make_photo
):
    photo = make_photo(uploaded_by=reporter)
    own_draft = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    GalleryPhoto.objects.create(article=own_draft, photo=photo)
    assert workflow.may_change_photo(reporter, photo)  # only their own draft shows it
    GalleryPhoto.objects.create(article=make_article(), photo=photo)  # a published piece's
    assert not workflow.may_change_photo(reporter, photo)
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    response = reporter_client.post(url, {"caption_ru": "Подмена", "credit_ru": "Я",
                                          "alt_text_ru": "Подмена"})  # fmt: skip
    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.caption_ru != "Подмена"
    delete = reverse("admin:articles_photo_delete", args=[photo.pk])
    assert reporter_client.post(delete, {"post": "yes"}).status_code == 403


def test_deleting_a_photo_in_a_gallery_names_the_piece_and_keeps_the_photo(
    desk_client, make_article, make_photo
):
    piece = make_article(headline="Саммит в Астане")
    photo = make_photo()
    GalleryPhoto.objects.create(article=piece, photo=photo, position=1)
    response = desk_client.post(reverse("admin:articles_photo_delete", args=[photo.pk]),
                                {"post": "yes"})  # fmt: skip
    assert response.status_code == 200
    assert "protected" in response.text
    assert "in the gallery of “Саммит в Астане”" in response.text
    assert "doesn't have permission" not in response.text
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_the_gallery_is_saved_in_every_revision_and_comes_back_with_a_recovered_piece(
    editor_client, editor, make_article, make_photo
):
    piece = make_article()
    photos = [make_photo(), make_photo()]
    response = editor_client.post(change_url(piece), article_form(piece, **gallery_rows(*photos)))
    assert response.status_code == 302
    version = Version.objects.get_for_object(piece).first()
    kept = [v for v in version.revision.version_set.all()
            if v.content_type.model_class() is GalleryPhoto]  # fmt: skip
    assert sorted(v.field_dict["photo_id"] for v in kept) == sorted(p.pk for p in photos)
    assert '"added": {"name": "gallery photo"' in version.revision.comment  # the history says
    pk = piece.pk
    services.article_delete(articles=piece, user=editor)
    deleted = Version.objects.get_deleted(Article).get(object_id=str(pk))
    recovered = services.article_recover(version=deleted, user=editor)
    assert sorted(saved(recovered)) == sorted((p.pk, n) for n, p in enumerate(photos, start=1))


def test_a_translation_starts_with_the_gallery_but_not_its_captions(
    editor, make_article, make_photo
):
    piece = make_article()
    photo = make_photo()
    with reversion.create_revision():
        GalleryPhoto.objects.create(article=piece, photo=photo, position=3, caption="Подпись")
    english = services.article_start_translation(article=piece, user=editor, language="en")
    assert list(english.gallery.values_list("photo_id", "position", "caption")) == [
        (photo.pk, 3, "")
    ]


def test_the_desk_hears_what_a_gallery_photo_lacks_in_the_pieces_language(
    editor_client, make_article, make_photo
):
    piece = make_article(language="en", headline="Summit")
    GalleryPhoto.objects.create(article=piece, photo=make_photo(), position=1)
    page = editor_client.get(change_url(piece)).text
    assert "Gallery photo 1 has no caption, credit, alternative text in this piece" in page


def save_with(client, article, **changes):
    article.refresh_from_db()
    response = client.post(change_url(article), article_form(article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_comparing_versions_shows_the_gallery_that_changed_and_restore_brings_it_back(
    desk_client, make_article, make_photo
):
    piece = make_article()
    first = make_photo(caption_ru="Первое фото")
    second = make_photo(caption_ru="Второе фото")
    save_with(desk_client, piece, **gallery_rows(first))
    save_with(desk_client, piece, **gallery_rows(second, start=1))
    newer, older = Version.objects.get_for_object(piece)
    compare = reverse("admin:articles_article_compare", args=[piece.pk])
    page = desk_client.get(compare, {"from": older.pk, "to": newer.pk}).text
    assert "<h2>Gallery</h2>" in page
    gallery = page[page.index("<h2>Gallery</h2>") :]
    assert gallery.index("<ins>") < gallery.index("2. Второе фото") < gallery.index("</ins>")
    assert saved(piece) == [(first.pk, 1), (second.pk, 2)]
    # Restoring the older version: its gallery (one photo) comes back with its text.
    url = reverse("admin:articles_article_revision", args=[piece.pk, older.pk])
    form_page = desk_client.get(url).text
    assert "gallery" in form_page.split("Loaded from that version:")[1].split("</p>")[0]
    assert 'name="gallery-TOTAL_FORMS"' not in form_page  # the version's, not the form's
    data = posted_from(form_page)
    assert desk_client.post(url, data).status_code == 302
    assert saved(piece) == [(first.pk, 1)]


def test_a_reporter_cannot_restore_a_gallery_into_a_piece_in_review(
    reporter, make_article, make_photo
):
    piece = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    with reversion.create_revision():
        piece.save()
    version = Version.objects.get_for_object(piece).first()
    piece.status = Status.REVIEW
    piece.save()
    GalleryPhoto.objects.create(article=piece, photo=make_photo(), position=1)
    with pytest.raises(PermissionDenied):
        services.article_restore(article=piece, user=reporter, version=version)
    assert piece.gallery.count() == 1
