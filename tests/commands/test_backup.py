"""The whole newsroom goes into one archive and comes back from it exactly as it was."""

import io
import json
import shutil
import tarfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Byline, Photo, SlugRedirect
from articles.models.partners import partner_key_check, partner_key_issue
from articles.search.sqlite import FTS_TABLES
from tests.factories import image_upload

# flush and loaddata run in the command's own transaction, committed as in production.
pytestmark = pytest.mark.django_db(transaction=True)
NATURAL_PRIMARY = {"contenttypes.contenttype", "auth.permission"}  # ids are each database's own


def snapshot() -> dict[str, list]:
    """Every row of every model, field by field, timestamps to the microsecond."""
    rows = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label == "sessions.session":
            continue
        objects = serializers.serialize(
            "python",
            model._base_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=label in NATURAL_PRIMARY,
        )
        for obj in objects:
            for field in model._meta.many_to_many:
                obj["fields"][field.name] = sorted(obj["fields"][field.name], key=repr)
        rows[label] = sorted(objects, key=repr) if label in NATURAL_PRIMARY else objects
    return rows


def media_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def newsroom(central_asia_story, make_article, author, admin_user, media_in_tmp):
    """Published and draft pieces in three languages of one story, with everything around them."""
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="publish_article"))
    olga = User.objects.create_user("olga", "olga@newsroom.example", "a-long-passphrase")
    olga.groups.add(editors)
    author.user = olga
    author.portrait.save("iskakova.jpg", image_upload(), save=False)
    author.save()
    ru = central_asia_story
    photo = Photo(
        credit_ru="Фото: агентство", alt_text_ru="Площадь в Астане", focal_x=0.3, focal_y=0.7
    )
    photo.image.save("astana.jpg", image_upload(size=(1200, 800)), save=False)
    ru.hero_photo = services.photo_save(photo=photo, user=admin_user)
    ru.body += '<p><img src="/media/uploads/2025/11/16/scheme.jpg" alt="Схема"></p>'
    (media_in_tmp / "uploads/2025/11/16").mkdir(parents=True)
    (media_in_tmp / "uploads/2025/11/16/scheme.jpg").write_bytes(image_upload().read())
    ru.slug = "tsentr-tsentralnaya-aziya"  # the old address stays as a redirect
    services.article_save(article=ru, user=admin_user)
    services.article_add_correction(article=ru, user=admin_user, text="Уточнено название центра.")
    kk = services.article_start_translation(article=ru, user=admin_user, language="kk")
    kk.headline = "«Орталық Азия» орталығы ашылды"
    services.article_publish(article=kk, user=admin_user)
    en = services.article_start_translation(article=ru, user=admin_user, language="en")
    Byline.objects.create(article=en, author=author, role=Byline.Role.TRANSLATOR, position=3)
    services.article_submit(article=en, user=admin_user)
    make_article(headline="Запланированный материал", published_at=timezone.now() + timedelta(1))
    _, raw_key = partner_key_issue(name="Kazinform, Astana desk", user=admin_user)
    return {"ru": ru, "photo": ru.hero_photo, "raw_key": raw_key}


def wipe(media_root: Path) -> None:
    """A lost server: empty tables, no search index, no media files."""
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in FTS_TABLES.values():
                cursor.execute(f"DELETE FROM {table}")
    shutil.rmtree(media_root)


def rewrite(source: Path, target: Path, change) -> Path:
    """Copy the archive member by member; `change(name, data)` returns (name, data) or None."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = old.extractfile(member).read() if member.isreg() else b""
            changed = change(member.name, data)
            if changed is not None:
                info = tarfile.TarInfo(changed[0])
                info.size = len(changed[1])
                new.addfile(info, io.BytesIO(changed[1]))
    return target


def test_a_restored_newsroom_is_the_backed_up_one_row_for_row_and_byte_for_byte(
    newsroom, media_in_tmp, tmp_path, client
):
    before, media_before = snapshot(), media_files(media_in_tmp)
    assert SlugRedirect.objects.exists()
    assert len(before["reversion.version"]) > 3
    assert any(obj["fields"]["created_at"].microsecond % 1000 for obj in before["articles.article"])
    archive = tmp_path / "newsroom.tar.gz"
    call_command("backup_newsroom", str(archive), verbosity=0)
    wipe(media_in_tmp)
    assert not Article.objects.exists()

    out = io.StringIO()
    call_command("restore_newsroom", str(archive), stdout=out)

    assert "articles.article: 5" in out.getvalue()
    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert media_files(media_in_tmp) == media_before
    ru, photo = newsroom["ru"], newsroom["photo"]
    page = client.get(ru.get_absolute_url())
    assert page.status_code == 200
    for rendition in photo.renditions + photo.card_renditions:
        assert (media_in_tmp / rendition["name"]).is_file()
    for rendition in photo.renditions:
        assert f"/media/{rendition['name']}" in page.text
    found = client.get(reverse("articles:search"), {"q": "промышленной кооперации"})
    assert ru.headline in found.text  # on SQLite: the refilled FTS5 table
    api = client.get(reverse("api:ninjs_list"), HTTP_AUTHORIZATION=f"Bearer {newsroom['raw_key']}")
    assert api.status_code == 200
    assert partner_key_check(newsroom["raw_key"]) is not None


def test_the_archive_holds_the_dumps_the_media_and_a_manifest_with_checksums(
    newsroom, media_in_tmp, settings, tmp_path
):
    settings.BASE_DIR = tmp_path
    call_command("backup_newsroom", verbosity=0)
    (archive,) = (tmp_path / "backups").glob("newsroom-*.tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[-1] == "manifest.json"
    assert {"database/auth_meta.json", "database/data.json"} <= set(names)
    assert manifest["format_version"] == 1
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["counts"]["articles.article"] == 5
    assert manifest["counts"]["articles.article_tags"] == Article.tags.through.objects.count()
    assert manifest["skipped_media"] == []
    assert set(manifest["media"]) == set(media_files(media_in_tmp))
    assert {f"media/{name}" for name in manifest["media"]} <= set(names)


def test_restore_refuses_a_database_with_articles_unless_forced(
    newsroom, admin_user, tmp_path, client
):
    archive = tmp_path / "newsroom.tar.gz"
    call_command("backup_newsroom", str(archive), verbosity=0)
    ru = newsroom["ru"]
    ru.headline = "Заголовок, изменённый после копии"
    services.article_save(article=ru, user=admin_user)
    assert ru.headline in client.get(ru.get_absolute_url()).text  # and in the page cache
    changed = snapshot()
    with pytest.raises(CommandError, match="already has 5 articles.*--force"):
        call_command("restore_newsroom", str(archive))
    assert snapshot() == changed
    call_command("restore_newsroom", str(archive), force=True, stdout=io.StringIO())
    page = client.get(ru.get_absolute_url()).text
    assert "Центр «Центральная Азия»: что он даст казахстанцам" in page
    assert ru.headline not in page


def tampered_photo(name, data):
    return (name, data + b"x") if name.startswith("media/photos/") else (name, data)


def without_manifest(name, data):
    return None if name == "manifest.json" else (name, data)


def escaping(name, data):
    return ("media/../../escaped.txt", b"gotcha") if name == "manifest.json" else (name, data)


def absolute(name, data):
    return ("/tmp/escaped.txt", b"gotcha") if name == "manifest.json" else (name, data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (tampered_photo, "does not match its manifest.*checksum differs: media/photos/"),
        (without_manifest, "has no manifest.json"),
        (escaping, "Refusing archive member 'media/../../escaped.txt'"),
        (absolute, "Refusing archive member '/tmp/escaped.txt'"),
    ],
    ids=["tampered media file", "no manifest", "member with ../", "absolute member"],
)
def test_a_damaged_or_hostile_archive_is_refused_before_anything_changes(
    newsroom, media_in_tmp, tmp_path, change, message
):
    archive = tmp_path / "newsroom.tar.gz"
    call_command("backup_newsroom", str(archive), verbosity=0)
    bad = rewrite(archive, tmp_path / "bad.tar.gz", change)
    before, media_before = snapshot(), media_files(media_in_tmp)
    with pytest.raises(CommandError, match=message):
        call_command("restore_newsroom", str(bad), force=True)
    assert snapshot() == before
    assert media_files(media_in_tmp) == media_before
    assert not (tmp_path / "escaped.txt").exists()


def test_a_symbolic_link_in_the_archive_is_refused(newsroom, tmp_path):
    archive = tmp_path / "newsroom.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        link = tarfile.TarInfo("media/photos/passwd")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    with pytest.raises(CommandError, match="only regular files"):
        call_command("restore_newsroom", str(archive), force=True)


def test_restore_writes_nothing_through_a_link_leading_out_of_media_root(
    newsroom, media_in_tmp, tmp_path
):
    archive = tmp_path / "newsroom.tar.gz"
    call_command("backup_newsroom", str(archive), verbosity=0)
    before = snapshot()
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(media_in_tmp / "photos")
    (media_in_tmp / "photos").symlink_to(outside)
    with pytest.raises(CommandError, match="link leading outside MEDIA_ROOT"):
        call_command("restore_newsroom", str(archive), force=True)
    assert list(outside.iterdir()) == []
    assert snapshot() == before  # rolled back


def test_a_backup_that_cannot_be_written_fails_with_a_message(newsroom, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup_newsroom", str(tmp_path / "no" / "such" / "x.tar.gz"), verbosity=0)
    assert not list(tmp_path.glob("**/*.partial"))
