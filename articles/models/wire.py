"""The wire: partners' news coming in. Sources the editors configure, and the items they send.

What a source sent is kept as it was sent (text cleaned of anything unsafe, pictures as
links): the Wires inbox shows it read-only, and "Take" copies it into a draft of our own
(`articles.wire.wire_item_take`). Fetching and parsing are distribution's
(articles/distribution/wire/); what arrives is stored by `articles.wire.wire_item_receive`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.text.sanitize import sanitize_body

# Pictures in a partner's body would be hot-linked from the partner's server on our pages:
# the body keeps its text; pictures come as the item's photos (links, never shown inline).
_IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def wire_body(html: str) -> str:
    """A partner's body as the desk may keep it: the allow-list of every body, no pictures."""
    return _IMAGE_TAG.sub("", sanitize_body(html or ""))


def folder_root() -> Path:
    """The one folder under which folder sources may read (NEWSROOM_WIRE_FOLDER_ROOT)."""
    return Path(settings.NEWSROOM_WIRE_FOLDER_ROOT).resolve()


def confined_folder(folder: str) -> Path:
    """`folder` (relative to the root) as a real path inside the root, else ValidationError.

    Resolved with its symbolic links, so neither "../" nor a link out of the root reaches
    /etc or the database."""
    root = folder_root()
    if not folder or os.path.isabs(folder) or "\x00" in folder:
        raise ValidationError(
            _("Give a folder inside %(root)s, as a relative path (e.g. “kazinform”)."),
            params={"root": root},
        )
    path = (root / folder).resolve()
    if path != root and root not in path.parents:
        raise ValidationError(
            _("The folder must be inside %(root)s."), params={"root": root}, code="outside_root"
        )
    return path


class WireSource(models.Model):
    """A partner whose news comes in: a ninjs API, an RSS/Atom feed, or a folder of files."""

    class Kind(models.TextChoices):
        NINJS_API = "ninjs", _("Partner's ninjs API")
        FEED = "feed", _("RSS or Atom feed")
        FOLDER = "folder", _("Folder of ninjs JSON or NewsML-G2 files")

    name = models.CharField(_("name"), max_length=150, help_text=_("E.g. “Kazinform, English”."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    url = models.CharField(
        _("address"),
        max_length=500,
        blank=True,
        help_text=_(
            "For an API or a feed: its http(s) address, e.g. https://partner.kz/api/ninjs/."
        ),
    )
    folder = models.CharField(
        _("folder"),
        max_length=300,
        blank=True,
        help_text=_("For a folder: its path inside the wire folder of the server."),
    )
    auth_header = models.CharField(
        _("key header"),
        max_length=100,
        blank=True,
        default="Authorization",
        help_text=_("The header the partner's API reads the key from."),
    )
    auth_value = models.CharField(
        _("key"),
        max_length=500,
        blank=True,
        help_text=_(
            "Sent in the key header, e.g. “Bearer nr_…”. Never shown again once saved; "
            "leave empty to keep the one stored."
        ),
    )
    language = models.CharField(
        _("default language"),
        max_length=5,
        choices=settings.NEWSROOM_CONTENT_LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("For items that do not say their language."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=300,
        blank=True,
        help_text=_("Kept with every item taken from this source, e.g. “Kazinform”."),
    )
    source_line = models.CharField(
        _("source line"),
        max_length=300,
        blank=True,
        help_text=_("The source line of drafts taken from it, e.g. “Kazinform, via the wire”."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    poll_minutes = models.PositiveSmallIntegerField(
        _("poll every (minutes)"), default=5, validators=[MinValueValidator(1)]
    )
    # Written by the poller, shown to the editors.
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_report = models.CharField(_("last poll"), max_length=300, blank=True, editable=False)
    items_received = models.PositiveIntegerField(_("items received"), default=0, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("wire source")
        verbose_name_plural = _("wire sources")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.kind in (self.Kind.NINJS_API, self.Kind.FEED):
            scheme = urlsplit(self.url).scheme.lower()
            if scheme not in ("http", "https") or not urlsplit(self.url).hostname:
                raise ValidationError({"url": _("Give an http:// or https:// address.")})
        if self.kind == self.Kind.FOLDER:
            try:
                confined_folder(self.folder)
            except ValidationError as error:
                raise ValidationError({"folder": error.messages}) from error

    @property
    def credit_line(self) -> str:
        return self.credit or self.name


class WireItemQuerySet(models.QuerySet):
    def usable(self) -> WireItemQuerySet:
        return self.filter(status=WireItem.Status.USABLE)


class WireItem(models.Model):
    """One item as a source sent it, in its latest version; earlier versions are kept."""

    class Status(models.TextChoices):
        USABLE = "usable", _("Usable")
        KILLED = "canceled", _("Killed")

    source = models.ForeignKey(
        WireSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="items"
    )
    guid = models.CharField(_("id at the source"), max_length=500)
    version = models.CharField(_("version"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    headline = models.CharField(_("headline"), max_length=500, blank=True)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True)
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=300, blank=True)
    link = models.CharField(_("link at the source"), max_length=1000, blank=True)
    photos = models.JSONField(_("photos"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.USABLE
    )
    version_created = models.DateTimeField(_("version created"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last version received"), auto_now_add=True)

    objects = WireItemQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["-received_at", "-id"], name="wireitem_newest")]
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="wireitem_one_per_guid")
        ]
        verbose_name = _("wire item")
        verbose_name_plural = _("wires")

    def __str__(self) -> str:
        return self.headline or self.guid

    def save(self, *args, **kwargs):
        self.body = wire_body(self.body)  # hostile input, whoever saves it
        super().save(*args, **kwargs)

    @property
    def is_killed(self) -> bool:
        return self.status == self.Status.KILLED


class WireItemVersion(models.Model):
    """An earlier version of an item, as it was before a newer one replaced it."""

    item = models.ForeignKey(WireItem, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=100, blank=True)
    headline = models.CharField(_("headline"), max_length=500, blank=True)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=WireItem.Status.choices)
    version_created = models.DateTimeField(_("version created"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version}"
