"""What a source sent, read into `Incoming` items: ninjs (1.x to 3.x) JSON, RSS 2.0, Atom,
NewsML-G2.

XML is read only with defusedxml, DTDs forbidden: a document declaring entities (the
"billion laughs" bomb) or reaching for external files is refused before it is expanded.
JSON is read by the standard library, which expands nothing. Each item is read on its own:
one the parser cannot make sense of is reported (`ItemError`) and the others go on.
Dates are read tolerantly (ISO 8601 or RFC 822; none rather than a wrong one).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from articles.distribution.wire.fetch import WireError
from articles.wire import Incoming

KILLED_STATUSES = {"canceled", "cancelled", "withheld", "stat:canceled", "stat:withheld"}
NAR = "{http://iptc.org/std/nar/2006-10-01/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
MEDIA = "{http://search.yahoo.com/mrss/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class ItemError(Exception):
    """One item that could not be read; the others still are."""


Parsed = Iterator[Incoming | ItemError]


def parse_date(value) -> datetime | None:
    """ISO 8601 ("2025-11-16T14:30:00+05:00") or RFC 822 ("Sun, 16 Nov 2025 09:30:00 GMT");
    a time without a zone is taken as UTC; anything else is no date."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        moment = parse_datetime(value.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return moment


# ---- ninjs ---------------------------------------------------------------------------------


def load_json(data: bytes):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise WireError(_("The source answered text that is not UTF-8.")) from error
    except json.JSONDecodeError as error:
        raise WireError(
            _("The source answered malformed JSON at line %(line)d, column %(column)d.")
            % {"line": error.lineno, "column": error.colno}
        ) from error
    except RecursionError as error:
        raise WireError(_("The source answered JSON nested too deeply.")) from error


def parse_ninjs(data: bytes) -> Parsed:
    """One ninjs item, a list of them, or a listing `{"items": [...]}` (our own API's shape,
    articles/distribution/api/, so two Newsroom installs can be each other's partners)."""
    return _ninjs_items(load_json(data))


def _ninjs_items(document) -> Parsed:
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        items = document["items"]
    elif isinstance(document, list):
        items = document
    elif isinstance(document, dict):
        items = [document]
    else:
        raise WireError(_("The source answered JSON that is not ninjs."))
    for position, raw in enumerate(items, 1):
        try:
            yield ninjs_item(raw)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            yield ItemError(
                _("Item %(position)d could not be read: %(error)s")
                % {"position": position, "error": error}
            )


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _role_value(parts, *roles: str) -> str:
    """The value of the first `{role, value}` of ninjs 3.x's arrays with one of `roles`."""
    if not isinstance(parts, list):
        return ""
    for role in roles:
        for part in parts:
            if isinstance(part, dict) and part.get("role", "main") == role:
                return _text(part.get("value"))
    return ""


def ninjs_item(raw: dict) -> Incoming:
    if not isinstance(raw, dict):
        raise TypeError(_("not an object"))
    guid = _text(raw.get("uri")) or _text(raw.get("guid"))
    if not guid:
        raise ValueError(_("it has no uri"))
    status = (_text(raw.get("pubStatus")) or _text(raw.get("pubstatus"))).lower()
    headline = _text(raw.get("headline")) or _role_value(raw.get("headlines"), "main")
    lead = (
        _text(raw.get("description_text"))
        or _role_value(raw.get("descriptions"), "summary", "main")
        or _text(raw.get("description_html"))
    )
    body = _text(raw.get("body_html")) or _role_value(raw.get("bodies"), "main")
    if not body and _text(raw.get("body_text")):
        body = "".join(f"<p>{line}</p>" for line in raw["body_text"].splitlines() if line)
    credit = _text(raw.get("copyrightholder")) or _text(raw.get("copyrightnotice"))
    sources = raw.get("infoSources") or []
    if not credit and isinstance(sources, list) and sources and isinstance(sources[0], dict):
        credit = _text(sources[0].get("name"))
    link = ""
    for alt in raw.get("altIds") or []:
        if isinstance(alt, dict) and alt.get("role") == "url":
            link = _text(alt.get("value"))
    version_created = parse_date(raw.get("versionCreated") or raw.get("versioncreated"))
    return Incoming(
        guid=guid,
        version=str(raw.get("version") or "").strip(),
        language=_text(raw.get("language")),
        headline=headline,
        lead=lead,
        body=body,
        byline=_text(raw.get("by")) or _text(raw.get("byline")),
        credit=credit,
        link=link or _text(raw.get("url")),
        photos=_ninjs_photos(raw.get("associations")),
        killed=status in KILLED_STATUSES,
        version_created=version_created,
    )


def _ninjs_photos(associations) -> list[dict]:
    """Pictures as received: a link to the largest rendition, caption and credit. Never
    shown inline on our pages (they are the partner's files)."""
    if isinstance(associations, dict):  # ninjs 1.x/2.x: {"name": item}
        associations = list(associations.values())
    photos = []
    for picture in associations if isinstance(associations, list) else []:
        if not isinstance(picture, dict) or picture.get("type") not in ("picture", "image"):
            continue
        renditions = picture.get("renditions") or []
        if isinstance(renditions, dict):
            renditions = list(renditions.values())
        hrefs = [
            r for r in renditions if isinstance(r, dict) and _is_web_link(_text(r.get("href")))
        ]
        largest = max(hrefs, key=lambda r: r.get("width") or 0, default=None)
        photos.append(
            {
                "url": _text(largest.get("href")) if largest else "",
                "caption": _role_value(picture.get("descriptions"), "caption")
                or _text(picture.get("description_text"))
                or _text(picture.get("headline")),
                "credit": _text(picture.get("by")) or _text(picture.get("byline")),
            }
        )
    return photos


def _is_web_link(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


# ---- XML: RSS, Atom, NewsML-G2 -------------------------------------------------------------


def load_xml(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise WireError(
            _("The XML declares a document type or entities (possible XML bomb) and was refused.")
        ) from error
    except ParseError as error:
        line, column = error.position
        raise WireError(
            _("The source answered malformed XML at line %(line)d, column %(column)d.")
            % {"line": line, "column": column}
        ) from error


def parse_xml(data: bytes) -> Parsed:
    """RSS 2.0, Atom or NewsML-G2, told by the root element."""
    return _xml_items(load_xml(data))


def _xml_items(root: Element) -> Parsed:
    if root.tag == "rss" or root.tag.endswith("RDF"):
        readers, items = _rss_item, root.iter("item")
    elif root.tag == f"{ATOM}feed":
        readers, items = _atom_entry, root.iter(f"{ATOM}entry")
    elif root.tag in (f"{NAR}newsItem", f"{NAR}newsMessage"):
        readers, items = _newsml_item, root.iter(f"{NAR}newsItem")
    else:
        raise WireError(_("The XML is neither RSS, Atom nor NewsML-G2."))
    for position, element in enumerate(items, 1):
        try:
            yield readers(element)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            yield ItemError(
                _("Item %(position)d could not be read: %(error)s")
                % {"position": position, "error": error}
            )


def _find(element: Element, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _content_version(*parts: str) -> str:
    """A feed item's version: a hash of what it says ("h" first: never read as a number)."""
    return "h" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _rss_item(item: Element) -> Incoming:
    link = _find(item, "link")
    guid = _find(item, "guid") or link
    if not guid:
        raise ValueError(_("it has neither guid nor link"))
    headline, lead = _find(item, "title"), _find(item, "description")
    body = _find(item, f"{CONTENT}encoded")
    photos = []
    for media in [*item.iter("enclosure"), *item.iter(f"{MEDIA}content")]:
        url = media.get("url", "")
        if _is_web_link(url) and media.get("type", "image/").startswith("image/"):
            photos.append(
                {"url": url, "caption": _find(media, f"{MEDIA}description"), "credit": ""}
            )
    return Incoming(
        guid=guid,
        version=_content_version(headline, lead, body),
        headline=headline,
        lead=lead,
        body=body,
        byline=_find(item, f"{DC}creator") or _find(item, "author"),
        link=link,
        photos=photos,
        version_created=parse_date(_find(item, f"{DC}date") or _find(item, "pubDate")),
    )


def _atom_entry(entry: Element) -> Incoming:
    guid = _find(entry, f"{ATOM}id")
    if not guid:
        raise ValueError(_("it has no id"))
    link = ""
    for candidate in entry.findall(f"{ATOM}link"):
        if candidate.get("rel", "alternate") == "alternate":
            link = candidate.get("href", "")
    headline, lead = _find(entry, f"{ATOM}title"), _find(entry, f"{ATOM}summary")
    body = _find(entry, f"{ATOM}content")
    return Incoming(
        guid=guid,
        version=_content_version(headline, lead, body),
        language=entry.get(XML_LANG, ""),
        headline=headline,
        lead=lead,
        body=body,
        byline=_find(entry, f"{ATOM}author/{ATOM}name"),
        credit=_find(entry, f"{ATOM}rights"),
        link=link,
        version_created=parse_date(_find(entry, f"{ATOM}updated"))
        or parse_date(_find(entry, f"{ATOM}published")),
    )


def _newsml_item(item: Element) -> Incoming:
    guid = item.get("guid", "")
    if not guid:
        raise ValueError(_("it has no guid"))
    meta = item.find(f"{NAR}itemMeta")
    content = item.find(f"{NAR}contentMeta")
    status = meta.find(f"{NAR}pubStatus") if meta is not None else None
    language = item.get(XML_LANG, "")
    if content is not None and content.find(f"{NAR}language") is not None:
        language = content.find(f"{NAR}language").get("tag", language)
    body = ""
    html_body = item.find(f".//{NAR}inlineXML//{XHTML}body")
    if html_body is not None:
        body = "".join(tostring(child, encoding="unicode") for child in html_body)
        body = body.replace(XHTML, "").replace("<html:", "<").replace("</html:", "</")
        body = body.replace(' xmlns:html="http://www.w3.org/1999/xhtml"', "")
    elif item.find(f".//{NAR}inlineData") is not None:
        text = item.find(f".//{NAR}inlineData").text or ""
        body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    credit = ""
    rights = item.find(f"{NAR}rightsInfo")
    if rights is not None:
        credit = _find(rights, f"{NAR}copyrightHolder/{NAR}name") or _find(
            rights, f"{NAR}copyrightNotice"
        )
    return Incoming(
        guid=guid,
        version=item.get("version", ""),
        language=language,
        headline=_find(content, f"{NAR}headline") if content is not None else "",
        lead=_find(content, f"{NAR}description") if content is not None else "",
        body=body,
        byline=_find(content, f"{NAR}by") if content is not None else "",
        credit=(_find(content, f"{NAR}creditline") if content is not None else "") or credit,
        killed=status is not None and status.get("qcode", "") in KILLED_STATUSES,
        version_created=parse_date(_find(meta, f"{NAR}versionCreated"))
        if meta is not None
        else None,
    )


def parse(data: bytes, *, hint: str = "") -> Parsed:
    """JSON or XML, told by the content type or file name (`hint`), else by the first byte."""
    hint = hint.lower()
    if "json" in hint:
        return parse_ninjs(data)
    if "xml" in hint or "rss" in hint or "atom" in hint:
        return parse_xml(data)
    start = data.lstrip()[:1]
    if start in (b"{", b"["):
        return parse_ninjs(data)
    if start == b"<":
        return parse_xml(data)
    raise WireError(_("The source answered something that is neither JSON nor XML."))
