"""A photo a reader can see is the editors': no reporter changes a live piece's picture."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Photo, Tag
from tests.factories import article_form, client_for, image_upload

pytestmark = pytest.mark.django_db
Status = Article.Status
OLD_CAPTION = "Финансист Расул Рысмамбетов"


def change_url(photo: Photo) -> str:
    return reverse("admin:articles_photo_change", args=[photo.pk])


def photo_form(**overrides) -> dict:
    """What the photo form posts: a new file and a new caption."""
    return {
        "image": image_upload("swap.jpg", color=(200, 0, 0)),
        "caption_ru": "Подменённая подпись",
        "credit_ru": "Фото: неизвестно",
        "alt_text_ru": "Чужая картинка",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **overrides,
    }


@pytest.fixture
def live_piece(make_article, make_photo, editor):
    """An editor's published piece with a hero photo, as readers see it."""
    return make_article(created_by=editor, hero_photo=make_photo(caption_ru=OLD_CAPTION))


def assert_readers_still_see_the_old_photo(client, piece: Article, image_name: str):
    page = client.get(piece.get_absolute_url())
    assert page.status_code == 200
    assert OLD_CAPTION in page.text
    assert "Подменённая подпись" not in page.text
    piece.hero_photo.refresh_from_db()
    assert piece.hero_photo.image.name == image_name


@pytest.mark.parametrize("uploaded_by_the_reporter", [False, True])
def test_reporter_cannot_replace_the_photo_of_a_published_piece(
    client, reporter_client, reporter, live_piece, uploaded_by_the_reporter
):
    photo = live_piece.hero_photo
    if uploaded_by_the_reporter:  # even their own upload, once a live piece shows it
        Photo.objects.filter(pk=photo.pk).update(uploaded_by=reporter)
    image_name = photo.image.name
    page = reporter_client.get(change_url(photo))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text  # shown read-only
    response = reporter_client.post(change_url(photo), photo_form())
    assert response.status_code == 403
    assert_readers_still_see_the_old_photo(client, live_piece, image_name)


@pytest.mark.parametrize("status", [Status.REVIEW, "scheduled"])
def test_reporter_cannot_change_their_photo_once_their_piece_left_the_draft(
    reporter_client, reporter, make_article, make_photo, status
):
    photo = make_photo(caption_ru=OLD_CAPTION, uploaded_by=reporter)
    if status == "scheduled":
        when = timezone.now() + timedelta(days=1)
        make_article(created_by=reporter, hero_photo=photo, published_at=when)
    else:
        make_article(created_by=reporter, hero_photo=photo, status=status, published_at=None)
    response = reporter_client.post(change_url(photo), photo_form())
    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.caption_ru == OLD_CAPTION


def test_reporter_cannot_swap_the_hero_photo_of_someone_elses_piece(
    client, reporter_client, live_piece
):
    """The other route: upload a photo through the article form's "+" and pick it there."""
    image_name = live_piece.hero_photo.image.name
    popup = reverse("admin:articles_photo_add") + "?_to_field=id&_popup=1"
    assert reporter_client.get(popup).status_code == 200  # reporters do upload photos
    reporter_client.post(popup, photo_form(caption_ru="Подменённая подпись"))
    uploaded = Photo.objects.get(caption_ru="Подменённая подпись")
    response = reporter_client.post(
        reverse("admin:articles_article_change", args=[live_piece.pk]),
        article_form(live_piece, hero_photo=str(uploaded.pk), hero_caption="Подменённая подпись"),
    )
    assert response.status_code == 403
    live_piece.refresh_from_db()
    assert live_piece.hero_photo_id != uploaded.pk
    assert_readers_still_see_the_old_photo(client, live_piece, image_name)


def test_reporter_cannot_delete_a_photo_they_did_not_upload(reporter_client, make_photo):
    photo = make_photo()
    url = reverse("admin:articles_photo_delete", args=[photo.pk])
    assert reporter_client.post(url, {"post": "yes"}).status_code == 403
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_reporter_cannot_bulk_delete_photos_they_did_not_upload(
    reporter_client, reporter, make_photo
):
    own, others = make_photo(uploaded_by=reporter), make_photo()
    response = reporter_client.post(
        reverse("admin:articles_photo_changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, others.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Photo.objects.count() == 2


def test_reporter_changes_a_photo_only_their_own_draft_uses(
    reporter_client, reporter, make_article, make_photo
):
    photo = make_photo(caption_ru=OLD_CAPTION, uploaded_by=reporter)
    make_article(created_by=reporter, hero_photo=photo, status=Status.DRAFT, published_at=None)
    response = reporter_client.post(change_url(photo), photo_form(caption_ru="Точнее подпись"))
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption_ru == "Точнее подпись"


def test_reporter_deletes_their_own_unused_photo(reporter_client, reporter, make_photo):
    photo = make_photo(uploaded_by=reporter)
    url = reverse("admin:articles_photo_delete", args=[photo.pk])
    assert reporter_client.post(url, {"post": "yes"}).status_code == 302
    assert not Photo.objects.exists()


def test_editor_changes_the_photo_of_a_published_piece(desk_client, live_piece):
    photo = live_piece.hero_photo
    response = desk_client.post(change_url(photo), photo_form(caption_ru="Исправленная подпись"))
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption_ru == "Исправленная подпись"


@pytest.mark.parametrize("how", ["delete page", "bulk action"])
def test_deleting_a_photo_in_use_names_the_pieces_that_use_it(desk_client, live_piece, how):
    photo = live_piece.hero_photo
    if how == "delete page":
        url, data = reverse("admin:articles_photo_delete", args=[photo.pk]), {"post": "yes"}
    else:
        url = reverse("admin:articles_photo_changelist")
        data = {"action": "delete_selected", "_selected_action": [photo.pk], "post": "yes"}
    response = desk_client.post(url, data)
    assert response.status_code == 200
    assert "protected" in response.text
    assert live_piece.headline in response.text
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_reporter_cannot_add_a_tag_or_section_through_the_article_forms_plus(reporter_client):
    page = reporter_client.get(reverse("admin:articles_article_add")).text
    assert 'id="add_id_hero_photo"' in page  # photos, yes
    assert 'id="add_id_tags"' not in page
    assert 'id="add_id_section"' not in page
    popup = reverse("admin:articles_tag_add") + "?_to_field=id&_popup=1"
    response = reporter_client.post(popup, {"slug": "mine", "name_ru": "Моя", "name_en": "Mine"})
    assert response.status_code == 403
    assert not Tag.objects.exists()


def test_photo_picker_refuses_staff_who_may_not_see_photos(client, make_photo):
    make_photo()
    nobody = User.objects.create_user("guest", "g@newsroom.example", "x", is_staff=True)
    query = {"app_label": "articles", "model_name": "article", "field_name": "hero_photo"}
    url = reverse("admin:articles_photo_picker")
    assert client.get(url, query).status_code == 302  # anonymous: to the login page
    assert client_for(nobody).get(url, query).status_code == 403
