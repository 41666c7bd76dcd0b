"""Two people editing one piece: the second to save a stale copy is told; nothing is lost."""

import re

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles import services
from articles.models import Article, Author, Byline, Section, Tag
from tests.factories import article_form, client_for, member_of, posted_from

pytestmark = pytest.mark.django_db


def test_second_stale_save_is_told_what_changed_and_overwrites_nothing(desk_client, make_article):
    article = make_article(headline="Исходный заголовок", body="<p>Исходный текст.</p>")
    colleague = client_for(member_of("Editors", "ruslan"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    first_copy = article_form(article)  # both open the same version
    second_copy = article_form(article)

    first_copy["headline"] = "Заголовок первого редактора"
    assert desk_client.post(url, first_copy).status_code == 302

    second_copy["body"] = "<p>Текст второго редактора.</p>"
    response = colleague.post(url, second_copy)
    assert response.status_code == 200
    assert "Someone else saved this piece after you opened it" in response.text
    assert "Saved by olga" in response.text
    assert re.search(r"<ins>[^<]*первого редактора</ins>", response.text)
    assert "Текст второго редактора." in response.text  # their own text is still in the form
    assert not re.search(r"<del>[^<]*второго редактора", response.text)  # and not struck out

    article.refresh_from_db()
    assert article.headline == "Заголовок первого редактора"
    assert article.body == "<p>Исходный текст.</p>"


def test_saving_again_after_reading_the_conflict_keeps_the_second_version(
    desk_client, make_article
):
    article = make_article(headline="Исходный заголовок")
    url = reverse("admin:articles_article_change", args=[article.pk])
    stale = article_form(article, headline="Моя версия")
    desk_client.post(url, article_form(article, headline="Чужая версия"))
    response = desk_client.post(url, stale)
    assert response.status_code == 200
    fresh_token = response.context["adminform"].form["loaded_token"].value()
    assert desk_client.post(url, {**stale, "loaded_token": fresh_token}).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Моя версия"


def test_a_form_without_the_token_counts_as_stale(desk_client, make_article):
    article = make_article(headline="Без токена")
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = desk_client.post(url, article_form(article, headline="Иначе", loaded_token=""))
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).headline == "Без токена"


# Saving again after a collision: only what this editor changed is written ------------------


def _open(client, article) -> QueryDict:
    """The change form as this editor's browser would post it, untouched."""
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert page.status_code == 200
    return posted_from(page.text)


def _save(client, article, data: QueryDict):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {key: data.getlist(key) for key in data},
    )


def test_saving_again_after_a_collision_keeps_the_other_editors_headline(desk_client, make_article):
    article = make_article(headline="Исходный заголовок", lead="Исходный лид.")
    colleague = client_for(member_of("Editors", "ruslan"))
    first, second = _open(desk_client, article), _open(colleague, article)

    first["headline"] = "Заголовок первого редактора"
    assert _save(desk_client, article, first).status_code == 302
    second["lead"] = "Лид второго редактора."
    refused = _save(colleague, article, second)
    assert refused.status_code == 200
    assert "Someone else saved this piece after you opened it" in refused.text
    shown = posted_from(refused.text)
    assert shown["headline"] == "Заголовок первого редактора"  # their headline, in the box
    assert shown["lead"] == "Лид второго редактора."  # my lead, kept
    assert _save(colleague, article, shown).status_code == 302  # saving again, as advised

    article.refresh_from_db()
    assert article.headline == "Заголовок первого редактора"
    assert article.lead == "Лид второго редактора."


def test_a_field_both_editors_changed_is_listed_and_kept_only_after_the_notice(
    desk_client, make_article
):
    article = make_article(headline="Исходный")
    colleague = client_for(member_of("Editors", "ruslan"))
    first, second = _open(desk_client, article), _open(colleague, article)
    first["headline"] = "Версия первого"
    assert _save(desk_client, article, first).status_code == 302
    second["headline"] = "Версия второго"
    refused = _save(colleague, article, second)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.conflict["conflicts"] == ["Headline"]
    assert "Changed by both of you" in refused.text
    assert Article.objects.get(pk=article.pk).headline == "Версия первого"
    assert _save(colleague, article, posted_from(refused.text)).status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Версия второго"


def test_every_kind_of_field_left_alone_keeps_the_other_editors_value(
    desk_client, make_article, make_photo, section, tag, author
):
    earlier = make_article(headline="Раньше")
    article = make_article(headline="Исходный")
    byline = Byline.objects.create(article=article, author=author, role="author")
    colleague = client_for(member_of("Editors", "ruslan"))
    first, second = _open(desk_client, article), _open(colleague, article)
    photo = make_photo()
    first.update({"section": str(section.pk), "earlier": str(earlier.pk),
                  "hero_photo": str(photo.pk), "dateline": "Алматы", "is_breaking": "on",
                  "published_at_0": "2025-11-16", "published_at_1": "14:30:00",
                  "seo_title": "SEO", "bylines-0-role": "photographer"})  # fmt: skip
    first.setlist("tags", [str(tag.pk)])
    assert _save(desk_client, article, first).status_code == 302
    second["body"] = "<p>Текст второго.</p>"
    shown = posted_from(_save(colleague, article, second).text)
    assert _save(colleague, article, shown).status_code == 302

    article.refresh_from_db()
    byline.refresh_from_db()
    assert article.body == "<p>Текст второго.</p>"
    assert (article.section, article.earlier, article.hero_photo) == (section, earlier, photo)
    assert list(article.tags.all()) == [tag]
    assert (article.dateline, article.seo_title, article.is_breaking) == ("Алматы", "SEO", True)
    assert timezone.localtime(article.published_at).strftime("%d.%m.%Y %H:%M") == "16.11.2025 14:30"
    assert byline.role == "photographer"


def test_bylines_added_or_removed_by_the_other_editor_stay_that_way(
    desk_client, make_article, author
):
    article = make_article()
    removed = Byline.objects.create(article=article, author=author, role="editor")
    colleague = client_for(member_of("Editors", "ruslan"))
    first, second = _open(desk_client, article), _open(colleague, article)
    first["bylines-0-DELETE"] = "on"
    other = Author.objects.create(name="Тимур Ахметов")
    first.update({"bylines-1-author": str(other.pk), "bylines-1-role": "correspondent"})
    assert _save(desk_client, article, first).status_code == 302
    second["headline"] = "Заголовок второго"
    shown = posted_from(_save(colleague, article, second).text)
    assert _save(colleague, article, shown).status_code == 302
    assert list(article.bylines.values_list("author__name", "role")) == [
        ("Тимур Ахметов", "correspondent")
    ]
    assert not Byline.objects.filter(pk=removed.pk).exists()


# The property: random interleavings of two editors --------------------------------------

TEXT_FIELDS = ["headline", "lead", "dateline", "source", "hero_caption", "seo_title"]
FIELDS = [*TEXT_FIELDS, "body", "section", "tags", "earlier", "is_breaking", "is_featured",
          "published_at", "byline_role"]  # fmt: skip
TIMES = [
    "2025-11-16 14:30:00",
    "2025-11-17 09:05:10",
    "2024-02-28 12:00:00",
]  # not 29.02 23:xx: Almaty set clocks back
ROLES = ["author", "correspondent", "photographer"]


def _snapshot(article) -> dict:
    """What readers and the desk get of each field, in the form a browser types it."""
    article = Article.objects.get(pk=article.pk)
    values = {name: getattr(article, name) for name in TEXT_FIELDS}
    return {
        **values,
        "body": article.body,
        "section": str(article.section_id or ""),
        "earlier": str(article.earlier_id or ""),
        "tags": sorted(str(pk) for pk in article.tags.values_list("pk", flat=True)),
        "is_breaking": article.is_breaking,
        "is_featured": article.is_featured,
        "published_at": timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M:%S"),
        "byline_role": article.bylines.get().role,
    }


def _type(data: QueryDict, field: str, value) -> None:
    """Change `field` in the form, as the editor would."""
    if field == "tags":
        data.setlist("tags", value)
    elif field in ("is_breaking", "is_featured"):
        data.setlist(field, ["on"] if value else [])
    elif field == "published_at":
        data["published_at_0"], data["published_at_1"] = value.split()
    elif field == "byline_role":
        data["bylines-0-role"] = value
    else:
        data[field] = value


def _value(draw_index: int, editor: int, field: str, choices: dict):
    if field in TEXT_FIELDS:
        return f"{field} {editor}.{draw_index}"
    if field == "body":
        return f"<p>Текст {editor}.{draw_index}</p>"
    options = choices[field]
    return options[draw_index % len(options)]


step = st.tuples(
    st.integers(0, 1),  # which editor
    st.sampled_from(["open", "edit", "edit", "save"]),
    st.sampled_from(FIELDS),
    st.integers(0, 99),
)


@settings(
    max_examples=8,
    deadline=None,
    database=None,  # write nothing into the project (no .hypothesis/ folder)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=2, max_size=8))
# The review's case, and the same with a byline and with the tags, always played.
@example(
    steps=[
        (0, "edit", "headline", 1),
        (0, "save", "headline", 0),
        (1, "edit", "lead", 2),
        (1, "save", "lead", 0),
        (1, "save", "lead", 0),
    ]
)
@example(
    steps=[
        (0, "edit", "byline_role", 1),
        (0, "edit", "tags", 2),
        (0, "save", "", 0),
        (1, "edit", "body", 3),
        (1, "save", "", 0),
        (1, "save", "", 0),
    ]
)
def test_no_field_changed_by_one_editor_is_silently_reverted_by_the_other(
    desk_client, make_article, section, tag, author, steps
):
    """Both open the piece; then they type, save, and save again after a refusal, in any
    order. Every successful save writes exactly what its editor typed, and every field
    they did not type keeps the value it had just before (whoever put it there)."""
    other_section = Section.objects.get_or_create(slug="politics", name_ru="Политика")[0]
    other_tag = Tag.objects.get_or_create(slug="astana", name_ru="Астана")[0]
    earlier = make_article(headline="Раньше")
    article = make_article(headline="Исходный", tags=[tag], section=section)
    Byline.objects.create(article=article, author=author)
    choices = {
        "section": ["", str(section.pk), str(other_section.pk)],
        "earlier": ["", str(earlier.pk)],
        "tags": [[], [str(tag.pk)], sorted([str(tag.pk), str(other_tag.pk)])],
        "is_breaking": [False, True],
        "is_featured": [False, True],
        "published_at": TIMES,
        "byline_role": ROLES,
    }
    if not hasattr(desk_client, "colleague"):
        desk_client.colleague = client_for(member_of("Editors", "ruslan"))
    clients = [desk_client, desk_client.colleague]
    forms = [_open(client, article) for client in clients]
    typed: list[dict] = [{}, {}]
    for editor, action, field, index in steps:
        client = clients[editor]
        if action == "open" or forms[editor] is None:
            forms[editor], typed[editor] = _open(client, article), {}
        elif action == "edit":
            value = _value(index, editor, field, choices)
            _type(forms[editor], field, value)
            typed[editor][field] = value
        else:
            before = _snapshot(article)
            response = _save(client, article, forms[editor])
            after = _snapshot(article)
            if response.status_code == 302:
                for name in FIELDS:
                    expected = typed[editor].get(name, before[name])
                    assert after[name] == expected, (name, editor, steps)
                forms[editor], typed[editor] = None, {}
                continue
            assert "Someone else saved this piece" in response.text, response.context["errors"]
            assert after == before  # refused: nothing written
            forms[editor] = posted_from(response.text)  # the page they now read
            shown = forms[editor]
            for name, value in typed[editor].items():  # what they typed is still there
                if name in TEXT_FIELDS or name == "body":
                    assert shown[name] == value, (name, steps)


def _notice(response) -> str:
    return re.search(r'<div class="edit-conflict".*?</div>', response.text, re.S)[0]


def test_the_merge_notice_shows_what_the_other_editor_changed_and_what_of_mine_is_kept(
    desk_client, editor, make_article
):
    article = make_article(headline="Исходный заголовок", lead="Исходный лид.")
    services.article_save(article=article, user=editor)  # a saved version: the merge base
    colleague = client_for(member_of("Editors", "ruslan"))
    first, second = _open(desk_client, article), _open(colleague, article)
    first["headline"] = "Заголовок первого редактора"
    first["lead"] = "Лид первого редактора."
    assert _save(desk_client, article, first).status_code == 302
    second["lead"] = "Лид второго редактора."
    second["body"] = "<p>Текст второго редактора.</p>"
    notice = _notice(_save(colleague, article, second))

    assert "olga saved this piece while you were editing it" in notice
    headline = notice.split("<h3>Headline</h3>")[1].split("</section>")[0]
    assert "Changed by olga; the form now shows their text." in headline
    assert "<del>Исходный</del>" in headline  # what she replaced, and with what
    assert "<ins>первого редактора</ins>" in headline
    lead = notice.split("<h3>Lead</h3>")[1].split("</section>")[0]
    assert "What olga changed" in lead  # from the text both opened: her change alone
    assert re.search(r"<del>Исходный[^<]*</del>", lead)
    assert re.search(r"<ins>[^<]*первого редактора.</ins>", lead)
    assert "Your text, kept in the form:" in lead
    assert "Лид второго редактора." in lead
    assert "<del>Лид второго" not in lead
    body = notice.split("<h3>Body</h3>")[1].split("</section>")[0]
    assert "Only you changed it: your text is kept in the form." in body
    assert "<del>" not in body
