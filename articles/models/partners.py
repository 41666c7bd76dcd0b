"""API keys of partner newsrooms, and the three things done with them: issue, revoke, check.

A key is shown once, when it is issued; only its SHA-256 is stored. A 256-bit random key
needs no salt or slow hash: nobody can guess it, so its digest is enough to find it again.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

KEY_PREFIX = "nr_"
PREFIX_LENGTH = 8  # "nr_" and five characters of the random part: enough to tell keys apart
# last_used_at is for people ("is this partner still pulling?"): one write a minute is plenty.
LAST_USED_RESOLUTION = timedelta(minutes=1)
_LONGEST_KEY = 200  # anything longer is not ours; do not hash megabytes of header


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class PartnerKey(models.Model):
    """One partner newsroom's key to the syndication feed (/api/ninjs/)."""

    name = models.CharField(
        _("partner"),
        max_length=150,
        help_text=_(
            "Who uses this key, e.g. “Kazinform, Astana desk”. Give each partner its own "
            "key, so that one can be revoked without cutting off the others."
        ),
    )
    prefix = models.CharField(
        _("key prefix"),
        max_length=PREFIX_LENGTH,
        editable=False,
        help_text=_("The first characters of the key, to tell which key a partner holds."),
    )
    key_hash = models.CharField(
        _("key fingerprint"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_(
            "SHA-256 of the key. The key itself is not stored: it is shown once, when it "
            "is issued. A partner who lost it needs a new key."
        ),
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    revoked_at = models.DateTimeField(
        _("revoked"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("From this moment the key is refused. Revoking cannot be undone."),
    )
    last_used_at = models.DateTimeField(
        _("last used"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The partner's latest request with this key, to the minute."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="partnerkey_newest_first")]
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


def partner_key_issue(*, name: str, user=None) -> tuple[PartnerKey, str]:
    """A new key for `name`: the stored row, and the key itself (to show once, never again)."""
    raw = f"{KEY_PREFIX}{secrets.token_urlsafe(32)}"
    key = PartnerKey.objects.create(
        name=name,
        prefix=raw[:PREFIX_LENGTH],
        key_hash=_digest(raw),
        created_by=user if user is not None and user.pk is not None else None,
    )
    logger.info("Partner key %s for %r issued by %s", key.prefix, key.name, user or "a command")
    return key, raw


def partner_key_revoke(*, key: PartnerKey, user=None) -> PartnerKey:
    """Refuse `key` from now on. Revoking a revoked key keeps its first revocation time."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        PartnerKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
            revoked_at=key.revoked_at
        )
        logger.info(
            "Partner key %s for %r revoked by %s", key.prefix, key.name, user or "a command"
        )
    return key


def partner_key_check(raw: str | None) -> PartnerKey | None:
    """The active key `raw` is, or None (unknown, malformed or revoked).

    The lookup is by digest, so its timing says nothing about how much of a guess was
    right; the digests are compared once more in constant time all the same.
    """
    if not raw or len(raw) > _LONGEST_KEY or not raw.startswith(KEY_PREFIX):
        return None
    digest = _digest(raw)
    key = PartnerKey.objects.filter(key_hash=digest, revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.key_hash, digest):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
