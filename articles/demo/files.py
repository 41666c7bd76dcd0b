"""The demo newsroom's data files (data/*.json, described in data/README.md), read and
checked before anything is written: a mistake is reported with its file and entry."""

import json
from datetime import datetime
from pathlib import Path

from django.conf import settings

from articles.models import Byline

DATA = Path(__file__).resolve().parent / "data"
STATUSES = ("published", "draft", "scheduled")
PIECE = {"status", "published_at", "dateline", "source", "caption", "bylines", "live"}
# An update of a live page: its time on the piece's day ("14:10"), and what it shows.
UPDATE = {"at", "title", "pinned", "photo", "embed", "body"}
# kind: what one is called, its key, the fields it must have, the fields it may have
SHAPES = {
    "sections": ("section", "slug", {"name"}, {"position"}),
    "tags": ("tag", "slug", {"name"}, set()),
    "authors": ("author", "key", {"name"}, {"name_latin", "title", "bio"}),
    "photos": ("photo", "key", {"caption", "credit", "alt", "image"}, set()),
    "stories": ("story", "key", {"section"}, {"tags", "photo", "earlier", "gallery"}),
    "pieces": ("story", "story", {"headline", "lead", "body"}, PIECE),
}
LISTS = {"tags", "body", "bylines", "gallery"}
# fields written per language, as {language: text}
PER_LANGUAGE = {
    "sections": {"name"},
    "tags": {"name"},
    "authors": {"title", "bio"},
    "photos": {"caption", "credit", "alt"},
}


class DemoDataError(ValueError):
    """A data file is wrong; the message names the file and the entry."""


def entries(name: str, kind: str) -> dict[str, dict]:
    """The file's list `kind`, checked against SHAPES, by key in file order."""
    try:
        data = json.loads((DATA / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:  # a JSON error says the line and column
        raise DemoDataError(f"{name}: {error}") from error
    if not isinstance(data, dict) or not isinstance(items := data.get(kind), list):
        raise DemoDataError(f"{name}: expected a list {kind!r} at the top")
    called, key, required, optional = SHAPES[kind]
    languages, found = {code for code, _ in settings.NEWSROOM_CONTENT_LANGUAGES}, {}
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise DemoDataError(f"{name}, {called} #{number}: expected an object")
        where = f"{name}, {called} " + (repr(item.get(key)) if item.get(key) else f"#{number}")
        if missing := sorted(f for f in {key, *required} if item.get(f) in (None, "", [], {})):
            raise DemoDataError(f"{where}: missing {', '.join(missing)}")
        if unknown := sorted(set(item) - {key, *required, *optional}):
            raise DemoDataError(f"{where}: unknown field {', '.join(unknown)}")
        if not isinstance(item[key], str):
            raise DemoDataError(f"{where}: {key} must be text")
        if not_lists := sorted(f for f in LISTS & set(item) if not isinstance(item[f], list)):
            raise DemoDataError(f"{where}: {', '.join(not_lists)} must be a list")
        for field in PER_LANGUAGE.get(kind, set()) & set(item):
            if not isinstance(item[field], dict) or not set(item[field]) <= languages:
                raise DemoDataError(f"{where}: {field} must be {{language: text}}, {languages}")
        if item[key] in found:
            raise DemoDataError(f"{where}: appears twice")
        found[item[key]] = {**item, "where": where}
    return found


def refer(where: str, values, allowed, what: str) -> None:
    values = [] if values is None else values if isinstance(values, list) else [values]
    if unknown := [value for value in values if value not in allowed]:
        raise DemoDataError(f"{where}: unknown {what} {', '.join(map(repr, unknown))}")


def check_live(where: str, live, photos) -> None:
    """A live page's `live`: {"updates": [{"at": "14:10", "body": "…", …}, …]}."""
    if live is None:
        return
    if (
        not isinstance(live, dict)
        or set(live) != {"updates"}
        or not isinstance(live["updates"], list)
    ):
        raise DemoDataError(f'{where}: live must be {{"updates": [...]}}')
    for number, update in enumerate(live["updates"], 1):
        at = f"{where}, update #{number}"
        if not isinstance(update, dict):
            raise DemoDataError(f"{at}: expected an object")
        if unknown := sorted(set(update) - UPDATE):
            raise DemoDataError(f"{at}: unknown field {', '.join(unknown)}")
        try:
            datetime.strptime(update.get("at") or "", "%H:%M")
        except (TypeError, ValueError) as error:
            raise DemoDataError(f"{at}: at must be a time such as 14:10") from error
        if not (update.get("body") or update.get("photo") or update.get("embed")):
            raise DemoDataError(f"{at}: missing body")
        refer(at, update.get("photo"), photos, "photo")


def load_data() -> tuple[dict, dict[str, dict[str, dict]]]:
    """shared.json by kind and key, and each language's pieces by story key; all checked."""
    shared = {kind: entries("shared.json", kind) for kind in SHAPES if kind != "pieces"}
    stories = shared["stories"]
    for photo in shared["photos"].values():
        image = photo["image"] if isinstance(photo["image"], dict) else {}
        if len(image.get("colors") or ()) != 2 or not image.get("label"):
            raise DemoDataError(f"{photo['where']}: image needs two colors and a label")
    languages = [code for code, _ in settings.NEWSROOM_CONTENT_LANGUAGES]
    pieces = {code: entries(f"{code}.json", "pieces") for code in languages}
    for found in pieces.values():
        for piece in found.values():
            where, status = piece["where"], piece.get("status", "published")
            refer(where, piece["story"], stories, "story")
            refer(where, status, STATUSES, "status")
            if status == "published" or "published_at" in piece:
                try:
                    if datetime.fromisoformat(piece.get("published_at") or "").tzinfo is None:
                        raise ValueError("no UTC offset, as in 2025-11-16T14:30:00+05:00")
                except (TypeError, ValueError) as error:
                    raise DemoDataError(f"{where}: published_at: {error}") from error
            bylines = [b if isinstance(b, dict) else {} for b in piece.get("bylines", [])]
            refer(where, [b.get("author") for b in bylines], shared["authors"], "byline author")
            refer(where, [b.get("role") for b in bylines], Byline.Role.values, "byline role")
            check_live(where, piece.get("live"), shared["photos"])
            if (earlier := stories[piece["story"]].get("earlier")) not in (None, *found):
                raise DemoDataError(f"{where}: earlier story {earlier!r} has no piece here")
    for number, (key, story) in enumerate(stories.items()):
        for field, kind in (("section", "sections"), ("tags", "tags"), ("photo", "photos"),
                            ("gallery", "photos")):  # fmt: skip
            refer(story["where"], story.get(field), shared[kind], SHAPES[kind][0])
        refer(story["where"], story.get("earlier"), list(stories)[:number], "earlier story")
        if not any(key in found for found in pieces.values()):
            raise DemoDataError(f"{story['where']}: no piece in any language")
    return shared, pieces
