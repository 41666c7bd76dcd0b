"""On a phone the section menu scrolls sideways: a shadow on the edge with more sections
beyond it says so (CSS only, under the public site's strict CSP)."""

import io

import pytest
from PIL import Image

from articles.models import Section

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NAMES = ["Политика", "Экономика", "Общество", "Происшествия", "Культура", "Спорт", "В мире"]


def edge_shades(menu) -> tuple[int, int]:
    """How dark the menu's left and right edges are (0: the paper), read in its padding
    below the links, where no text is drawn."""
    shot = Image.open(io.BytesIO(menu.screenshot())).convert("L")
    y = shot.height - 2
    return 255 - shot.getpixel((1, y)), 255 - shot.getpixel((shot.width - 2, y))


def test_the_section_menu_shows_that_it_scrolls_on_a_phone(live_server, new_page, make_article):
    for position, name in enumerate(NAMES):
        Section.objects.create(slug=f"s{position}", name_ru=name, position=position)
    make_article(headline="Новость дня")
    page = new_page(width=375, height=700)
    page.emulate_media(color_scheme="light")
    page.goto(live_server.url + "/ru/")
    menu = page.locator("nav.sections")
    assert menu.evaluate("(nav) => nav.scrollWidth > nav.clientWidth")  # it does not fit

    left, right = edge_shades(menu)
    assert right > 20, (left, right)  # more to the right
    assert left < 5, (left, right)  # nothing to the left

    menu.evaluate("(nav) => { nav.scrollLeft = nav.scrollWidth; }")
    page.wait_for_timeout(100)
    left, right = edge_shades(menu)
    assert left > 20, (left, right)  # more to the left
    assert right < 5, (left, right)  # the last section in view

    last_link = menu.locator("a").last.bounding_box()
    box = menu.bounding_box()
    assert last_link["x"] + last_link["width"] <= box["x"] + box["width"] + 1


def test_a_menu_that_fits_has_no_shadow(live_server, new_page, make_article):
    Section.objects.create(slug="economy", name_ru="Экономика")
    make_article(headline="Новость дня")
    page = new_page(width=1280, height=700)
    page.emulate_media(color_scheme="light")
    page.goto(live_server.url + "/ru/")
    menu = page.locator("nav.sections")
    assert menu.evaluate("(nav) => nav.scrollWidth <= nav.clientWidth")
    assert edge_shades(menu) == (0, 0)
