"""The bench's editor: a person at the desk, driving the real admin over HTTP.

It logs in through the login form (a real session, CSRF and all), opens a piece's change
form, edits its headline and body and posts back every field the form carries (the
collision check's `loaded_token` and `baseline`, the inlines' management forms), as a
browser does. It publishes new pieces through the add form. After each save returns, it
reads the piece's page several times at once (the workers each answer some) and counts the
old headlines readers got.
"""

from __future__ import annotations

import http.client
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

USER_AGENT = "newsroom-bench-editor"  # tells its requests apart in the access log
STALE_READS = 8  # reads of the changed page after each save, 4 at a time


class FormFields(HTMLParser):
    """The fields a browser would post from the form with id `form_id`: inputs (checked
    boxes only; no buttons), selected options and textareas, in document order."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # A browser drops the one newline that follows <textarea>.
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def replaced(fields: list[tuple[str, str]], changes: dict[str, str]) -> list[tuple[str, str]]:
    """`fields` with the values of `changes` in place of (or after) their own."""
    kept = [(name, value) for name, value in fields if name not in changes]
    return kept + list(changes.items())


@dataclass
class Session:
    """One browser: a cookie jar against one server."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        parts = urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        sent = {"User-Agent": USER_AGENT, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                self.cookies[key.strip()] = val.strip()
        return response.status, dict(response.getheaders()), text

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, fields: list[tuple[str, str]]):
        body = urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + path}
        return self.request("POST", path, body, headers)


class DeskError(Exception):
    """The admin refused what the editor did (a login, a save): the bench cannot go on."""


@dataclass
class Editor:
    """Saves a published piece through the change form, publishes new ones through the add
    form, and checks what readers get right after each save."""

    base: str  # where the editor works (gunicorn)
    readers: str  # where readers read (gunicorn, or Varnish in front of it)
    piece_id: int
    run: str  # tells this run's headlines apart from the archive's and other runs'
    session: Session = field(init=False)
    saves: int = 0
    publishes: int = 0
    stale: int = 0  # reads of the changed page that showed the old headline
    unchanged: int = 0  # reads that showed neither headline (should not happen either)
    stale_reads: int = 0
    save_seconds: list[float] = field(default_factory=list)
    published: list[dict] = field(default_factory=list)  # per publish: what readers got first
    section_id: str = ""
    page_path: str = ""
    last_published: int = 0
    _body: str = ""

    def __post_init__(self):
        self.session = Session(self.base)

    def log_in(self, username: str, password: str) -> None:
        path = "/admin/login/?next=/admin/"
        status, _, html = self.session.get(path)
        if status != 200:
            raise DeskError(f"the admin login page answered {status} (collectstatic run?)")
        fields = replaced(form_fields(html, "login-form"),
                          {"username": username, "password": password})  # fmt: skip
        status, headers, html = self.session.post(path, fields)
        if status != 302:
            raise DeskError(f"the admin login answered {status}, not a redirect")

    def change_path(self, pk: int) -> str:
        return f"/admin/articles/article/{pk}/change/"

    def save_piece(self, number: int) -> None:
        """Open the piece's form, give it a new headline and body, save; then read its page."""
        status, _, html = self.session.get(self.change_path(self.piece_id))
        if status != 200:
            raise DeskError(f"the change form answered {status}")
        fields = form_fields(html, "article_form")
        old = dict(fields)["headline"]
        new = f"Правка {self.run}-{number:05d}"
        fields = replaced(fields, {
            "headline": new,
            "body": self._body + f"<p>Уточнено: правка {number}.</p>",
            "_continue": "Save",
        })  # fmt: skip
        started = time.monotonic()
        status, _, html = self.session.post(self.change_path(self.piece_id), fields)
        self.save_seconds.append(time.monotonic() - started)
        if status != 302:
            raise DeskError(f"a save was refused ({status}): {form_errors(html)}")
        self.saves += 1
        self.check_readers(self.page_path, old, new)

    def check_readers(self, path: str, old: str, new: str) -> None:
        """Read `path` STALE_READS times, 4 at a time; count the old headline's returns."""

        def read(_):
            return Session(self.readers).get(path)[2]

        with ThreadPoolExecutor(4) as pool:
            pages = list(pool.map(read, range(STALE_READS)))
        self.stale_reads += len(pages)
        self.stale += sum(old in page for page in pages)
        self.unchanged += sum(old not in page and new not in page for page in pages)

    def open_piece(self) -> None:
        """Note the edited piece's address, body and section (new pieces go there too)."""
        status, _, html = self.session.get(self.change_path(self.piece_id))
        if status != 200:
            raise DeskError(f"the change form answered {status}")
        values = dict(form_fields(html, "article_form"))
        self._body, self.section_id = values.get("body", ""), values.get("section", "")
        self.page_path = self.public_path(self.piece_id)

    def public_path(self, pk: int) -> str:
        """The piece's public address, as the admin's "view on site" link gives it."""
        status, _, html = self.session.get(self.change_path(pk))
        link = ViewOnSite()
        link.feed(html)
        if not link.href:
            raise DeskError(f"no “view on site” link on piece {pk}'s form")
        if not link.href.startswith("/admin/"):  # ArticleAdmin.view_on_site: the address
            return urlsplit(link.href).path
        status, headers, _ = self.session.get(link.href)  # Django's own: a redirect to it
        location = headers.get("Location", "")
        if status not in (301, 302) or not location:
            raise DeskError(f"“view on site” answered {status}")
        return urlsplit(location).path

    def publish(self, number: int) -> tuple[str, float]:
        """A new piece through the add form, published now: its address, and when the
        publish was answered (committed)."""
        status, _, html = self.session.get("/admin/articles/article/add/")
        if status != 200:
            raise DeskError(f"the add form answered {status}")
        headline = f"Срочно {self.run}-{number:05d}"
        fields = replaced(form_fields(html, "article_form"), {
            "language": "ru", "headline": headline,
            "lead": "Новость дня: центр промышленной кооперации открыт.",
            "body": "<p>Подробности позже.</p>", "section": self.section_id,
            "status": "published", "_continue": "Save",
        })  # fmt: skip
        status, headers, html = self.session.post("/admin/articles/article/add/", fields)
        committed = time.monotonic()
        if status != 302:
            raise DeskError(f"a publish was refused ({status}): {form_errors(html)}")
        self.publishes += 1
        self.last_published = int(headers["Location"].rstrip("/").split("/")[-2])
        return self.public_path(
            self.last_published
        ), committed  # the admin's requests render nothing public

    def publish_and_read(self, number: int) -> None:
        """Publish, then read the new piece as its first reader would (`first_reads`)."""
        path, committed = self.publish(number)
        self.published.append({"path": path, **first_reads(self.readers, path, committed)})


def first_reads(base: str, path: str, since: float, patience: float = 10.0) -> dict:
    """Read `path` until it comes from the page cache: what the first read got, how long it
    took, and how long after `since` (the publish's answer) a read was first a hit."""
    reader, first, took = Session(base), None, 0.0
    while time.monotonic() - since < patience:
        started = time.monotonic()
        status, headers, _ = reader.get(path)
        how = served_by(headers) if status == 200 else str(status)
        if first is None:
            first, took = how, time.monotonic() - started
        if how in ("hit", "waited", "stale", "Varnish hit"):
            return {"first": first, "first_ms": took * 1000,
                    "hit_after_ms": (time.monotonic() - since) * 1000}  # fmt: skip
        time.sleep(0.01)
    return {"first": first, "first_ms": took * 1000, "hit_after_ms": float("nan")}


def served_by(headers: dict) -> str:
    """How a page was served: the page cache's answer, or Varnish's (it keeps the page
    cache's header of the response it stored, so that one says nothing about this read)."""
    if "X-Varnish" in headers:  # one id: fetched for this request; two: a hit
        return "Varnish hit" if len(headers["X-Varnish"].split()) == 2 else "Varnish miss"
    return headers.get("X-Page-Cache", "")


class ViewOnSite(HTMLParser):
    def __init__(self):
        super().__init__()
        self.href = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "viewsitelink" in (attrs.get("class") or "") and not self.href:
            self.href = attrs.get("href", "")


def form_errors(html: str) -> str:
    """The admin's error notes on a refused form, as text, for the bench's error message."""
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    text = " | ".join(re.sub(r"<[^>]+>", " ", item).strip() for item in found)
    return " ".join(text.split())[:500] or "(no error list on the page)"
