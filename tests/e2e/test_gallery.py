"""A piece's gallery in Chromium: a keyboard carousel with JavaScript, every photo without it,
and no serious or critical accessibility violation either way."""

import pytest

from articles import services
from articles.models import GalleryPhoto, Photo
from tests.e2e.conftest import screenshot
from tests.factories import image_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TOTAL = 4


@pytest.fixture
def gallery_piece(settings, live_server, make_article):
    settings.NEWSROOM_SERVE_MEDIA = True
    piece = make_article(language="en", headline="The summit opens in Astana",
                         body="<p>Leaders met in the capital.</p>")  # fmt: skip
    colours = [(200, 40, 40), (40, 160, 40), (40, 40, 200), (200, 160, 40)]
    for number, colour in enumerate(colours, start=1):
        photo = Photo(caption_en=f"Summit photo {number}", credit_en="Akorda",
                      alt_text_en=f"Delegates in the hall, view {number}")  # fmt: skip
        photo.image.save(f"summit-{number}.jpg", image_upload(size=(640, 480), color=colour),
                         save=False)  # fmt: skip
        services.photo_save(photo=photo)
        GalleryPhoto.objects.create(article=piece, photo=photo, position=number)
    return live_server.url + piece.get_absolute_url()


def visible_photos(page) -> list[str]:
    return [
        item.get_attribute("id")
        for item in page.locator(".gallery__item").all()
        if item.is_visible()
    ]


def active_in_gallery(page) -> bool:
    return page.evaluate("() => !!document.activeElement.closest('#gallery')")


def test_a_reader_walks_the_gallery_with_the_keyboard(gallery_piece, new_page):
    page = new_page(locale="en-US")
    page.goto(gallery_piece)
    page.wait_for_load_state("networkidle")
    assert visible_photos(page) == ["gallery-1"]
    status = page.locator("#gallery [role=status]")
    assert status.text_content() == ""  # nothing announced on arrival
    # Tab from the top of the page until the gallery has the focus: its Previous button.
    for _ in range(60):
        page.keyboard.press("Tab")
        if active_in_gallery(page):
            break
    assert page.evaluate("document.activeElement.textContent") == "Previous photo"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Next photo"
    page.keyboard.press("Enter")
    assert visible_photos(page) == ["gallery-2"]
    assert status.text_content() == f"Photo 2 of {TOTAL}"
    assert page.locator("#gallery-2 img").evaluate("img => img.complete && img.naturalWidth > 0")
    page.keyboard.press("ArrowRight")
    assert visible_photos(page) == ["gallery-3"]
    assert status.text_content() == f"Photo 3 of {TOTAL}"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert visible_photos(page) == ["gallery-1"]
    assert status.text_content() == f"Photo 1 of {TOTAL}"
    page.keyboard.press("ArrowLeft")  # wraps round: no button is ever disabled under focus
    assert visible_photos(page) == [f"gallery-{TOTAL}"]
    screenshot(page, "gallery-carousel")
    # The focus is never trapped: Tab goes on to the photo, then out of the gallery.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.gallery__list')")
    page.keyboard.press("Tab")
    assert not active_in_gallery(page)


def test_without_javascript_every_photo_is_in_the_page(gallery_piece, browser):
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    try:
        page = context.new_page()
        page.goto(gallery_piece)
        page.wait_for_load_state("networkidle")
        assert visible_photos(page) == [f"gallery-{n}" for n in range(1, TOTAL + 1)]
        assert not page.locator(".gallery__controls").is_visible()  # no dead buttons
        for number in range(1, TOTAL + 1):
            assert (
                page.locator(f"#gallery-{number}")
                .get_by_text(f"Photo {number} of {TOTAL}")
                .is_visible()
            )
        screenshot(page, "gallery-no-js")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_gallery_has_no_serious_accessibility_violations(
    axe, gallery_piece, browser, javascript
):
    context = browser.new_context(bypass_csp=True, java_script_enabled=True, locale="en-US")
    try:
        page = context.new_page()
        if not javascript:  # the page as it is without our script, checked by axe's
            page.route("**/gallery*.js", lambda route: route.abort())
        page.goto(gallery_piece)
        page.wait_for_load_state("networkidle")
        carousel = page.locator(".gallery--carousel").count() == 1
        assert carousel == javascript
        assert axe(page) == []
    finally:
        context.close()


@pytest.fixture
def editor(django_user_model, newsroom_groups):
    from django.contrib.auth.models import Group

    from tests.e2e.conftest import PASSWORD

    user = django_user_model.objects.create_user("olga", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_the_desk_picks_gallery_photos_with_the_photo_picker(
    live_server, new_page, editor, make_article, make_photo
):
    from tests.e2e.conftest import log_in

    piece = make_article(created_by=editor)
    make_photo(caption_ru="Фото из библиотеки")
    url = f"/admin/articles/article/{piece.pk}/change/"
    page = new_page(locale="en-US")
    log_in(page, live_server, "olga", url)
    page.wait_for_load_state("networkidle")
    group = page.locator("#gallery-group")
    # Each row's photo field is the picker (select2, with thumbnails), new rows' too; the
    # picker is set up by the admin's scripts once the page has loaded: wait for it.
    group.locator("select[name='gallery-0-photo'] + .select2-container").wait_for()
    assert group.locator("select[name='gallery-0-photo'] + .select2-container").count() == 1
    group.get_by_text("Add a photo to the gallery").click()
    assert group.locator("select[name='gallery-1-photo'] + .select2-container").count() == 1
    group.locator("select[name='gallery-1-photo'] + .select2-container").click()
    page.locator(".select2-results__option .photo-option").first.wait_for()
    page.locator(".select2-results__option .photo-option").first.click()
    preview = group.locator("tr.form-row").nth(1).locator(".field-preview img")
    assert preview.count() == 1  # the row's preview follows the choice
