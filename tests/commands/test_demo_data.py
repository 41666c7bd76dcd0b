"""The demo newsroom's stories are data (articles/demo/data/*.json): they load, keep their
language versions together, and a mistake in them is reported with its file and story key."""

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from articles.demo import files
from articles.demo.files import DemoDataError, load_data
from articles.models import Article

# The stories the demo has in more than one language; every other story has one piece.
LINKED = {
    "joint-projects-launch": {"ru", "kk", "en"},
    "central-asia-centre": {"ru", "kk", "en"},
    "central-asia-centre-live": {"ru", "kk", "en"},  # the live page, with its gallery
}
SINGLE = {"ru": 29, "kk": 14, "en": 11}


def test_the_data_files_load():
    shared, pieces = load_data()
    assert len(shared["stories"]) == len(LINKED) + sum(SINGLE.values())
    assert list(pieces) == ["ru", "kk", "en"]
    assert {language: len(found) for language, found in pieces.items()} == {
        language: count + len(LINKED) for language, count in SINGLE.items()
    }
    assert len(shared["photos"]) == 24
    assert len(shared["stories"]["central-asia-centre-live"]["gallery"]) == 4
    assert set(shared["sections"]) == {"economy", "politics", "society", "world"}


def test_every_story_keeps_its_language_versions():
    shared, pieces = load_data()
    languages = {key: {code for code in pieces if key in pieces[code]} for key in shared["stories"]}
    assert {key: found for key, found in languages.items() if len(found) > 1} == LINKED
    singles = [key for key, found in languages.items() if len(found) == 1]
    for code, count in SINGLE.items():
        assert sum(code in languages[key] for key in singles) == count, code
    # The Central Asia story links back to the earlier one in each of its languages.
    assert shared["stories"]["central-asia-centre"]["earlier"] == "joint-projects-launch"
    for code in LINKED["central-asia-centre"]:
        body = "".join(pieces[code]["central-asia-centre"]["body"])
        assert 'href="{earlier_url}"' in body, code


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of the data files to break; the loader reads the copy."""
    copy = tmp_path / "data"
    shutil.copytree(files.DATA, copy)
    monkeypatch.setattr(files, "DATA", copy)

    def edit(name, change):
        path = copy / name
        content = json.loads(path.read_text(encoding="utf-8"))
        change(content)
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")

    return edit


def piece(content, key):
    return next(item for item in content["pieces"] if item["story"] == key)


def story(content, key):
    return next(item for item in content["stories"] if item["key"] == key)


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "ru.json",
            lambda c: piece(c, "kostanay-harvest").pop("lead"),
            "ru.json, story 'kostanay-harvest': missing lead",
        ),
        (
            "kk.json",
            lambda c: piece(c, "central-asia-centre").update(headline=""),
            "kk.json, story 'central-asia-centre': missing headline",
        ),
        (
            "en.json",
            lambda c: piece(c, "aktau-master-plan").update(hedline="A typo"),
            "en.json, story 'aktau-master-plan': unknown field hedline",
        ),
        (
            "en.json",
            lambda c: piece(c, "aktau-master-plan").update(published_at="2025-11-10T16:40"),
            "en.json, story 'aktau-master-plan': published_at: no UTC offset",
        ),
        (
            "ru.json",
            lambda c: piece(c, "kostanay-harvest").update(story="kostanai-harvest"),
            "ru.json, story 'kostanai-harvest': unknown story 'kostanai-harvest'",
        ),
        (
            "ru.json",
            lambda c: piece(c, "kostanay-harvest")["bylines"].append(
                {"author": "nobody", "role": "author"}
            ),
            "ru.json, story 'kostanay-harvest': unknown byline author 'nobody'",
        ),
        (
            "kk.json",
            lambda c: c["pieces"].remove(piece(c, "joint-projects-launch")),
            "kk.json, story 'central-asia-centre': earlier story 'joint-projects-launch' "
            "has no piece here",
        ),
        (
            "shared.json",
            lambda c: story(c, "kostanay-harvest")["tags"].append("harvest"),
            "shared.json, story 'kostanay-harvest': unknown tag 'harvest'",
        ),
        (
            "shared.json",
            lambda c: c["authors"][0]["title"].update(kz="Тілші"),
            "shared.json, author 'iskakova': title must be {language: text}",
        ),
        (
            "shared.json",
            lambda c: c["stories"].append({"key": "orphan", "section": "world"}),
            "shared.json, story 'orphan': no piece in any language",
        ),
        (
            "shared.json",
            lambda c: story(c, "central-asia-centre-live")["gallery"].append("nowhere"),
            "shared.json, story 'central-asia-centre-live': unknown photo 'nowhere'",
        ),
        (
            "ru.json",
            lambda c: piece(c, "central-asia-centre-live")["live"]["updates"][0].update(at="25:70"),
            "ru.json, story 'central-asia-centre-live', update #1: at must be a time",
        ),
        (
            "en.json",
            lambda c: piece(c, "central-asia-centre-live")["live"]["updates"][2].update(pin=True),
            "en.json, story 'central-asia-centre-live', update #3: unknown field pin",
        ),
    ],
)
def test_a_mistake_names_the_file_and_the_story(data, name, change, message):
    data(name, change)
    with pytest.raises(DemoDataError) as raised:
        load_data()
    assert str(raised.value).startswith(message)


@pytest.mark.django_db
def test_load_demo_stops_before_writing_when_the_data_is_wrong(data, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    data("ru.json", lambda c: piece(c, "kostanay-harvest").pop("body"))
    with pytest.raises(CommandError, match=r"ru\.json, story 'kostanay-harvest': missing body"):
        call_command("load_demo", "--no-admin", stdout=io.StringIO())
    assert not Article.objects.exists()
