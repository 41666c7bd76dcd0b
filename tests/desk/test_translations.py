"""Every string readers and editors see is translated; a forgotten one fails here."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROJECT = ROOT / "articles" / "locale"
COMPLETION = ROOT / "articles" / "locale_django"
DJANGO = Path(django.__file__).parent


def catalogue(root: Path, language: str, domain: str = "django") -> polib.POFile:
    return polib.pofile(str(root / language / "LC_MESSAGES" / f"{domain}.po"))


def key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_project_string_is_translated_and_none_is_fuzzy(language):
    po = catalogue(PROJECT, language)
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"


@pytest.mark.parametrize(
    ("root", "language", "domain"),
    [(PROJECT, "ru", "django"), (PROJECT, "kk", "django"),
     (COMPLETION, "kk", "django"), (COMPLETION, "kk", "djangojs")],
)  # fmt: skip
def test_compiled_catalogues_match_their_sources(root, language, domain):
    folder = root / language / "LC_MESSAGES"
    with open(folder / f"{domain}.mo", "rb") as compiled:
        messages = gettext.GNUTranslations(compiled)._catalog
    for entry in polib.pofile(str(folder / f"{domain}.po")).translated_entries():
        if entry.msgid_plural:
            assert messages.get((key(entry), 0)) == entry.msgstr_plural[0], entry.msgid
        else:
            assert messages.get(key(entry)) == entry.msgstr, f"run `make messages`: {entry.msgid}"


@pytest.mark.parametrize(
    ("source", "domain"),
    [("contrib/admin", "django"), ("contrib/admin", "djangojs"), ("contrib/auth", "django"),
     ("contrib/contenttypes", "django"), ("conf", "django")],
)  # fmt: skip
def test_kazakh_admin_is_complete_where_djangos_own_catalogue_is_not(source, domain):
    english = polib.pofile(str(DJANGO / source / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"))
    ours = {key(e) for e in catalogue(COMPLETION, "kk", domain).translated_entries()}
    missing = [e.msgid for e in english if e.msgid and key(e) not in ours]
    assert not missing, f"no Kazakh for: {missing[:10]}"


def test_kazakh_months_in_dates_are_lower_case():
    po = catalogue(COMPLETION, "kk")
    months = [e.msgstr for e in po if e.msgctxt == "alt. month"]
    assert len(months) == 12
    assert all(month == month.lower() for month in months), months


@pytest.mark.skipif(
    not shutil.which("xgettext"),
    reason="CATALOGUE CHECK SKIPPED: GNU gettext (xgettext) is not installed",
)
def test_no_string_in_code_or_templates_is_missing_from_the_catalogues(tmp_path):
    """`makemessages` on a copy of the project finds no msgid our catalogue lacks."""
    copy = tmp_path / "project"
    patterns = shutil.ignore_patterns(
        ".venv", "staticfiles", ".git", "*.pyc", "tests", "node_modules"
    )

    def ignore(folder, names):  # uploaded media/ at the top, not the articles/media package
        return set(patterns(folder, names)) | ({"media"} if Path(folder) == ROOT else set())

    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--ignore=.venv",
         "--ignore=tests", "--ignore=staticfiles"],
        cwd=copy, check=True, capture_output=True,
    )  # fmt: skip
    extracted = {key(e) for e in catalogue(copy / "articles" / "locale", "ru") if not e.obsolete}
    committed = {key(e) for e in catalogue(PROJECT, "ru") if not e.obsolete}
    missing = sorted(extracted - committed)
    assert not missing, f"run `make messages` and translate: {missing}"
