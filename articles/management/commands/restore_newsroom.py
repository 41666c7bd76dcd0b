"""Restore a newsroom from a backup_newsroom archive: database, media files, search index.

python manage.py restore_newsroom backups/newsroom-20251116T143000Z.tar.gz [--force]

Nothing changes until the whole archive is read into a staging folder (TMPDIR) and checked:
regular files and folders only (no links, no absolute or `..` paths), a manifest, the sha256
of every file as the manifest says, and the migrations it was made with. Then one transaction
flushes the database, loads both dumps, writes the media files into MEDIA_ROOT (or, with media
in a store such as S3, into the default storage, each object typed by its name) and refills
SQLite's search table (loaddata bypasses Article.save(); PostgreSQL indexes the columns
itself); any failure rolls the database back. Media files the archive lacks stay.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from articles.cache import page_cache
from articles.management.commands.backup_newsroom import (
    DATA_DUMP,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    META_DUMP,
    media_on_disk,
)
from articles.models import Article
from articles.search.sqlite import FTS_TABLES, index_article

UNCHANGED = "Nothing was changed."
ROLLED_BACK = "The database was left as it was."


def member_name(raw: str) -> str:
    """The member's path, if it stays inside the archive; else a refusal."""
    path = PurePosixPath(raw)
    if not path.parts or path.is_absolute() or ".." in path.parts or "\0" in raw:
        raise CommandError(
            f"Refusing archive member {raw!r}: its path leads out of the archive "
            f"(absolute or with '..'). {UNCHANGED}"
        )
    return path.as_posix()


def copy_hashing(source, destination: Path) -> dict:
    sha256, size = hashlib.sha256(), 0
    with open(destination, "xb") as out:
        while chunk := source.read(1 << 20):
            sha256.update(chunk)
            size += out.write(chunk)
    return {"sha256": sha256.hexdigest(), "bytes": size}


class Command(BaseCommand):
    help = (
        "Replace the database and media files with a backup_newsroom archive, once the archive "
        "is checked. A database that already has articles is refused unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .tar.gz archive written by backup_newsroom.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already has articles (all of its data is lost).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database to restore.")

    def handle(self, *args, path: str, force: bool, database: str, **options) -> None:
        archive = Path(path)
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        existing = Article.objects.using(database).count()
        if existing and not force:
            raise CommandError(
                f"This database already has {existing} articles. Restoring replaces all of its "
                "data (articles, photos, users, history) with the archive's. Back it up first "
                "(manage.py backup_newsroom), then run again with --force; or restore into an "
                f"empty, migrated database. {UNCHANGED}"
            )
        with tempfile.TemporaryDirectory(prefix="newsroom-restore-") as tmp:
            staging = Path(tmp)
            manifest = self.unpack(archive, staging)
            self.check_migrations(manifest, database)
            try:
                with transaction.atomic(using=database):
                    self.load(staging, database)
                    self.place_media(staging / "media", sorted(manifest["media"]))
                    indexed = self.rebuild_search(database)
                    counts = self.check_counts(manifest, database)
                    page_cache.site_changed()  # no reader gets a page cached before the restore
            except CommandError:
                raise
            except Exception as exc:
                raise CommandError(f"Restore failed ({exc}). {ROLLED_BACK}") from exc
        size = sum(entry["bytes"] for entry in manifest["media"].values())
        self.stdout.write(f"Restored from {archive} (made {manifest['created_at']}):")
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(f"  media files: {len(manifest['media'])} ({size / 1e6:.1f} MB)")
        if indexed is not None:
            self.stdout.write(f"  search index: {indexed} articles")

    def unpack(self, archive: Path, staging: Path) -> dict:
        """Extract into `staging`, checking every member; the manifest, verified."""
        found: dict[str, dict] = {}
        try:
            with tarfile.open(archive, "r:gz") as tar:
                for member in tar:
                    name = member_name(member.name)
                    if member.isdir():
                        continue
                    if not member.isreg():
                        raise CommandError(
                            f"Refusing archive member {member.name!r}: only regular files "
                            f"belong in a newsroom backup (no links or devices). {UNCHANGED}"
                        )
                    if name in found or (
                        name not in (MANIFEST, META_DUMP, DATA_DUMP) and name[:6] != "media/"
                    ):
                        raise CommandError(f"Unexpected or repeated {name}. {UNCHANGED}")
                    (staging / name).parent.mkdir(parents=True, exist_ok=True)
                    found[name] = copy_hashing(tar.extractfile(member), staging / name)
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise CommandError(f"Cannot read {archive} ({exc}). {UNCHANGED}") from exc
        if found.pop(MANIFEST, None) is None:
            raise CommandError(
                f"{archive} has no {MANIFEST}: not a backup_newsroom archive, or an incomplete "
                f"one. {UNCHANGED}"
            )
        try:
            manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
            expected = {f"media/{name}": entry for name, entry in manifest["media"].items()}
            expected |= manifest["database"]
            known = (manifest["format"], manifest["format_version"]) == (FORMAT, FORMAT_VERSION)
        except (ValueError, KeyError, TypeError, AttributeError):
            known = False
        if not known:
            raise CommandError(f"{MANIFEST} is not a {FORMAT} {FORMAT_VERSION} one. {UNCHANGED}")
        problems = [f"missing {name}" for name in expected.keys() - found.keys()]
        problems += [f"not in the manifest: {name}" for name in found.keys() - expected.keys()]
        problems += [
            f"checksum differs: {name}"
            for name in expected.keys() & found.keys()
            if expected[name] != found[name]
        ]
        if problems:
            listed = "; ".join(sorted(problems)[:5]) + ("…" if len(problems) > 5 else "")
            raise CommandError(
                f"The archive does not match its manifest ({listed}): it is damaged or was "
                f"altered. {UNCHANGED}"
            )
        return manifest

    def check_migrations(self, manifest: dict, database: str) -> None:
        applied = MigrationRecorder(connections[database]).applied_migrations()
        missing = sorted(set(manifest.get("migrations", [])) - {f"{a}.{n}" for a, n in applied})
        if missing:
            raise CommandError(
                f"This database lacks migrations the backup was made with: {', '.join(missing)}. "
                f"Run `manage.py migrate` with code at least as new as the backup first. "
                + UNCHANGED
            )

    def load(self, staging: Path, database: str) -> None:
        """Empty every table (content types and permissions come back at once), then load."""
        connection = connections[database]
        postgresql = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if postgresql:  # TRUNCATE refuses tables with checks pending in an outer transaction
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            call_command("flush", interactive=False, database=database, verbosity=0)
            if postgresql:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        dumps = [str(staging / META_DUMP), str(staging / DATA_DUMP)]
        call_command("loaddata", *dumps, database=database, verbosity=0)

    def place_media(self, source: Path, names: list[str]) -> None:
        """Write each file into MEDIA_ROOT, through no link that leads out of it."""
        if not media_on_disk():
            self.store_media(source, names, default_storage)
            return
        root = Path(settings.MEDIA_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        root = root.resolve()
        for name in names:
            folder = root
            for part in PurePosixPath(name).parts[:-1]:
                folder = folder / part
                if not folder.exists() and not folder.is_symlink():
                    folder.mkdir()
                if not folder.resolve().is_relative_to(root) or not folder.is_dir():
                    raise CommandError(
                        f"Refusing to write {name}: {folder} is not a folder inside MEDIA_ROOT "
                        f"(a link leading outside MEDIA_ROOT?). {ROLLED_BACK}"
                    )
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".restoring-")
            with os.fdopen(handle, "wb") as out, open(source / name, "rb") as data:
                shutil.copyfileobj(data, out)
            os.chmod(temporary, settings.FILE_UPLOAD_PERMISSIONS or 0o644)
            os.replace(temporary, folder / PurePosixPath(name).name)  # replaces a link itself

    def store_media(self, source: Path, names: list[str], storage: Storage) -> None:
        """Put each file into a media store (S3...) under its own name, replacing what is there;
        the storage sets each object's type from its name (articles.media.storage)."""
        for name in names:
            storage.delete(name)
            with open(source / name, "rb") as data:
                stored = storage.save(name, File(data, name=PurePosixPath(name).name))
            if stored != name:
                raise CommandError(
                    f"The media store kept {name} as {stored}: another upload took its name "
                    f"meanwhile? {ROLLED_BACK}"
                )

    def rebuild_search(self, database: str) -> int | None:
        """Refill SQLite's FTS5 tables from the restored articles (PostgreSQL needs nothing)."""
        if connections[database].vendor != "sqlite":
            return None
        with connections[database].cursor() as cursor:
            for table in FTS_TABLES.values():
                cursor.execute(f"DELETE FROM {table}")
        articles = Article.objects.using(database).only(
            "pk", "language", "headline", "lead", "body"
        )
        for article in articles.iterator(chunk_size=500):
            index_article(article, using=database)
        return articles.count()

    def check_counts(self, manifest: dict, database: str) -> dict[str, int]:
        counts = {}
        for label, expected in manifest["counts"].items():
            counts[label] = apps.get_model(label)._base_manager.using(database).count()
            if counts[label] != expected:
                raise CommandError(
                    f"{label}: {counts[label]} rows loaded, {expected} in the backup. {ROLLED_BACK}"
                )
        return counts
