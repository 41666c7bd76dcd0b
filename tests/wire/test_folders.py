"""Folder sources: ninjs JSON and NewsML-G2 files dropped in a folder under the wire root,
and nothing outside that root, however the source is configured."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from articles.distribution.wire.poll import poll_source
from articles.models import WireItem, WireSource

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


@pytest.fixture
def drop(settings) -> Path:
    folder = Path(settings.NEWSROOM_WIRE_FOLDER_ROOT) / "partner"
    folder.mkdir()
    return folder


@pytest.fixture
def folder_source(drop) -> WireSource:
    return WireSource.objects.create(
        name="Partner folder", kind=WireSource.Kind.FOLDER, folder="partner", language="en"
    )


def test_ninjs_and_newsml_files_in_the_folder_come_in(folder_source, drop):
    shutil.copy(FILES / "newsml_g2.xml", drop / "centre.xml")
    (drop / "item.json").write_text(
        json.dumps({"uri": "urn:p:1", "version": "1", "headline": "Ninjs 1.x item",
                    "body_html": "<p>Body.</p>", "pubstatus": "usable", "language": "en"})
    )  # fmt: skip
    (drop / "notes.txt").write_text("not an item")
    poll_source(folder_source)
    newsml = WireItem.objects.get(guid="urn:newsml:partner.example:20251116:ca-centre")
    assert newsml.headline == "Industrial cooperation centre opens on the border"
    assert newsml.lead == "The first residents signed agreements on opening day."
    assert newsml.body == (
        "<p>The centre works on both sides of the border.</p><p>More residents are expected.</p>"
    )
    assert (newsml.version, newsml.language, newsml.credit) == ("2", "en", "Partner Agency")
    assert newsml.byline == "Partner correspondent"
    assert WireItem.objects.get(guid="urn:p:1").headline == "Ninjs 1.x item"
    folder_source.refresh_from_db()
    assert folder_source.last_error == ""
    assert folder_source.items_received == 2


def test_a_newsml_kill_marks_the_item(folder_source, drop):
    shutil.copy(FILES / "newsml_g2.xml", drop / "centre.xml")
    poll_source(folder_source)
    killed = (FILES / "newsml_g2.xml").read_text()
    killed = killed.replace('version="2"', 'version="3"').replace("stat:usable", "stat:canceled")
    killed = killed.replace("14:45:00", "15:30:00")
    (drop / "centre.xml").write_text(killed)
    poll_source(folder_source)
    assert WireItem.objects.get().is_killed


def test_one_broken_file_is_reported_by_name_and_the_others_come_in(folder_source, drop):
    shutil.copy(FILES / "newsml_g2.xml", drop / "centre.xml")
    (drop / "broken.json").write_text('{\n  "uri": ')
    poll_source(folder_source)
    folder_source.refresh_from_db()
    assert WireItem.objects.count() == 1
    assert folder_source.last_error.startswith("broken.json: The source answered malformed JSON")


@pytest.mark.parametrize("folder", ["../", "../../etc", "/etc", "partner/../../..", ""])
def test_a_folder_outside_the_wire_root_cannot_be_configured(drop, folder):
    source = WireSource(name="Curious", kind=WireSource.Kind.FOLDER, folder=folder)
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert "folder" in refused.value.message_dict


@pytest.mark.parametrize("folder", ["../../../../../../etc", "/etc"])
def test_a_folder_outside_the_root_stored_anyway_is_not_read(drop, folder):
    """Say the row was written by hand, past the form: the poller checks again."""
    source = WireSource.objects.create(name="Curious", kind="folder", folder=folder)
    poll_source(source)
    source.refresh_from_db()
    assert source.last_error.startswith(("The folder must be inside", "Give a folder inside"))
    assert not WireItem.objects.exists()


def test_links_out_of_the_root_are_not_followed(folder_source, drop, settings, tmp_path):
    secret = tmp_path / "db.json"
    secret.write_text(json.dumps({"uri": "urn:secret", "headline": "The database"}))
    (drop / "secret.json").symlink_to(secret)
    (Path(settings.NEWSROOM_WIRE_FOLDER_ROOT) / "escape").symlink_to(tmp_path)
    poll_source(folder_source)
    assert not WireItem.objects.exists()
    escape = WireSource.objects.create(name="Escape", kind="folder", folder="escape")
    poll_source(escape)
    escape.refresh_from_db()
    assert escape.last_error.startswith("The folder must be inside")
    assert not WireItem.objects.exists()


def test_a_file_over_the_cap_is_not_read(folder_source, drop, settings):
    (drop / "huge.json").write_bytes(b" " * (settings.NEWSROOM_WIRE_MAX_BYTES + 1))
    poll_source(folder_source)
    folder_source.refresh_from_db()
    assert folder_source.last_error == (
        "huge.json: The response was larger than 1 MB and was not read."
    )
