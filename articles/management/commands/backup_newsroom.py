"""Back up the whole newsroom into one .tar.gz that restore_newsroom reads back.

python manage.py backup_newsroom [PATH]   # default: backups/newsroom-<UTC time>.tar.gz

  database/auth_meta.json  content types and permissions, by natural key (their ids are
                           each database's own, so nothing below refers to them by id)
  database/data.json       every row of every other app, ids kept (sessions excepted);
                           users, groups, content types and permissions referred to by natural
                           key, so reversion's Versions and group rights survive new ids
  media/<path>             every regular file under MEDIA_ROOT or, with media in a store
                           such as S3, every object of the default storage
  manifest.json            last: format, versions, migrations, row counts, sha256 of each file
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import posixpath
import tarfile
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers import json as json_serializer
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT, FORMAT_VERSION, MANIFEST = "newsroom-backup", 1, "manifest.json"
META_DUMP, DATA_DUMP = "database/auth_meta.json", "database/data.json"
META_MODELS = ["contenttypes.contenttype", "auth.permission"]
SKIPPED_APPS = ["sessions"]  # logins, not newsroom data: a restored site starts logged out
SERIALIZATION_FORMAT = "newsroom_json"


class PreciseJSONEncoder(json_serializer.DjangoJSONEncoder):
    """Django's encoder keeps only milliseconds of a time; a backup keeps every digit."""

    def default(self, o):
        return o.isoformat() if isinstance(o, dt.datetime | dt.time) else super().default(o)


class Serializer(json_serializer.Serializer):
    """dumpdata's JSON with exact times; loaddata reads it back as the ordinary json format."""

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseJSONEncoder


Deserializer = json_serializer.Deserializer


def dumped_models() -> list[str]:
    """Labels of the tables data.json holds (many-to-many ones included), for the counts."""
    return [
        model._meta.label_lower
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.app_label not in SKIPPED_APPS
        and model._meta.label_lower not in META_MODELS
    ]


@contextmanager
def one_snapshot(connection):
    """One consistent view of every table for the whole dump, blocking no writer."""
    if connection.in_atomic_block:  # the caller's transaction already is one
        yield
    elif connection.vendor == "sqlite":
        # Not atomic(): the project's SQLite transactions are IMMEDIATE and would hold the
        # write lock through the dump; a deferred (read) transaction in WAL mode holds none.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


class HashingReader:
    """The file object tarfile reads from, hashing what it reads."""

    def __init__(self, file):
        self.file, self.sha256 = file, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.file.read(size)
        self.sha256.update(chunk)
        return chunk


def add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict:
    """Add `path` (never through a symlink) as `arcname`; its sha256 and size, read once."""
    with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as file:
        stat = os.fstat(file.fileno())
        return add_stream(tar, file, arcname, stat.st_size, stat.st_mtime)


def add_stream(tar: tarfile.TarFile, file, arcname: str, size: int, mtime: float) -> dict:
    """Add `size` bytes read from `file` as `arcname`; their sha256 and size."""
    info = tarfile.TarInfo(arcname)
    info.size, info.mtime, info.mode = size, int(mtime), 0o644
    tar.addfile(info, reader := HashingReader(file))
    return {"sha256": reader.sha256.hexdigest(), "bytes": size}


def media_on_disk() -> bool:
    """Media are files under MEDIA_ROOT; otherwise they are in a store such as S3, read and
    written through Django's storage API."""
    return isinstance(default_storage, FileSystemStorage)


def stored_names(storage: Storage, folder: str = ""):
    """Every file name in `storage` under `folder`, folder by folder, in name order."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for name in sorted(folders):
        # Object keys are any strings: `a/../b` or `/b` give folders named `..` or worse,
        # which are listed (and skipped as unarchivable) rather than entered.
        if not archivable(name) or "/" in name:
            yield posixpath.join(folder, name) + "/"
        else:
            yield from stored_names(storage, posixpath.join(folder, name))


def archivable(name: str) -> bool:
    """A name restore_newsroom accepts: relative, no `..`, `.` or empty parts, no NUL.
    (An object store's keys are any strings; a folder's names are not.)"""
    parts = name.split("/")
    return bool(name) and "\0" not in name and all(p not in ("", ".", "..") for p in parts)


class Command(BaseCommand):
    help = (
        "Write the newsroom (database, media files, a manifest with checksums) to one .tar.gz "
        "archive for restore_newsroom."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Archive to write, or a folder to write it in "
            "(default: backups/newsroom-<UTC time>.tar.gz in the project folder).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database to back up.")

    def handle(self, *args, path: str | None = None, database: str, **options) -> None:
        self.verbosity = options["verbosity"]
        now = dt.datetime.now(dt.UTC)
        target = self.target_path(path, now)
        partial = target.with_name(f".{target.name}.partial")
        try:
            with tempfile.TemporaryDirectory(prefix="newsroom-backup-") as tmp:
                manifest = self.dump_database(Path(tmp), database, now)
                with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
                    for name in (META_DUMP, DATA_DUMP):
                        manifest["database"][name] = add_file(tar, Path(tmp, name), name)
                    self.add_media(tar, manifest)
                    text = json.dumps(manifest, indent=2, ensure_ascii=False)
                    Path(tmp, MANIFEST).write_text(text, encoding="utf-8")
                    add_file(tar, Path(tmp, MANIFEST), MANIFEST)
            os.replace(partial, target)
        except BaseException as exc:
            partial.unlink(missing_ok=True)
            if isinstance(exc, KeyboardInterrupt):
                raise
            raise CommandError(f"Backup failed, no archive was written: {exc}") from exc
        size = sum(entry["bytes"] for entry in manifest["media"].values())
        self.stdout.write(
            f"Backup written to {target}: {sum(manifest['counts'].values())} rows, "
            f"{len(manifest['media'])} media files ({size / 1e6:.1f} MB)."
        )

    def target_path(self, path: str | None, now: dt.datetime) -> Path:
        target = Path(path) if path else Path(settings.BASE_DIR) / "backups"
        if path is None or target.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            target = target / f"newsroom-{now:%Y%m%dT%H%M%SZ}.tar.gz"
        if target.exists():
            raise CommandError(f"{target} already exists; give another path or move it away.")
        if not target.parent.is_dir():
            raise CommandError(f"Folder {target.parent} does not exist; create it first.")
        if target.parent.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
            raise CommandError("Write the archive outside MEDIA_ROOT, which it backs up.")
        return target

    def dump_database(self, folder: Path, database: str, now: dt.datetime) -> dict:
        """Both dumps and the row counts, from one snapshot of the database."""
        serializers.register_serializer(SERIALIZATION_FORMAT, __name__)
        (folder / "database").mkdir()
        connection = connections[database]
        self.progress("Dumping the database…")
        options = {"database": database, "format": SERIALIZATION_FORMAT, "verbosity": 0}
        options |= {"use_base_manager": True, "use_natural_foreign_keys": True}
        excluded = [*META_MODELS, *(app for app in SKIPPED_APPS if apps.is_installed(app))]
        with one_snapshot(connection):
            meta = {"use_natural_primary_keys": True, "output": str(folder / META_DUMP)}
            call_command("dumpdata", *META_MODELS, **meta, **options)
            call_command("dumpdata", exclude=excluded, output=str(folder / DATA_DUMP), **options)
            counts = {
                label: apps.get_model(label)._base_manager.using(database).count()
                for label in dumped_models()
            }
            applied = MigrationRecorder(connection).applied_migrations()
        return dict(
            format=FORMAT, format_version=FORMAT_VERSION, created_at=now.isoformat(),
            django_version=django.get_version(), database_vendor=connection.vendor,
            migrations=sorted(f"{app}.{name}" for app, name in applied), counts=counts,
            database={}, media={}, skipped_media=[],
        )  # fmt: skip

    def add_media(self, tar: tarfile.TarFile, manifest: dict) -> None:
        """Every regular file under MEDIA_ROOT; links and special files are listed, not followed."""
        if not media_on_disk():
            self.add_stored_media(tar, manifest, default_storage)
            return
        root = Path(settings.MEDIA_ROOT).resolve()
        files: list[tuple[str, Path, int]] = []
        for folder, dirs, names in os.walk(root):  # followlinks=False: linked folders stay out
            dirs.sort()
            for name in sorted(names) + [d for d in dirs if Path(folder, d).is_symlink()]:
                path = Path(folder, name)
                relative = path.relative_to(root).as_posix()
                if path.is_symlink() or not path.is_file():
                    manifest["skipped_media"].append(relative)
                    self.stderr.write(f"Skipped {relative}: not a regular file (a link?).")
                else:
                    files.append((relative, path, path.lstat().st_size))
        total, done, shown = sum(size for *_, size in files), 0, 0.0
        for number, (relative, path, size) in enumerate(files, 1):
            manifest["media"][relative] = add_file(tar, path, f"media/{relative}")
            done += size
            if time.monotonic() - shown > 1 or number == len(files):
                shown = time.monotonic()
                self.progress(
                    f"Media: {number}/{len(files)} files, {done / 1e6:.1f}/{total / 1e6:.1f} MB"
                )

    def add_stored_media(self, tar: tarfile.TarFile, manifest: dict, storage: Storage) -> None:
        """Every file of a media store (S3...); names restore could not place are listed."""
        self.progress("Listing the media store…")
        files: list[tuple[str, int]] = []
        for name in stored_names(storage):
            if archivable(name):
                files.append((name, storage.size(name)))
            else:
                manifest["skipped_media"].append(name)
                self.stderr.write(f"Skipped {name!r}: not a name a restore could place.")
        total, done, shown = sum(size for _, size in files), 0, 0.0
        for number, (name, size) in enumerate(files, 1):
            with storage.open(name, "rb") as file:
                mtime = storage.get_modified_time(name).timestamp()
                manifest["media"][name] = add_stream(tar, file, f"media/{name}", size, mtime)
            done += size
            if time.monotonic() - shown > 1 or number == len(files):
                shown = time.monotonic()
                self.progress(
                    f"Media: {number}/{len(files)} files, {done / 1e6:.1f}/{total / 1e6:.1f} MB"
                )

    def progress(self, message: str) -> None:
        if self.verbosity > 0:
            self.stderr.write(message)
