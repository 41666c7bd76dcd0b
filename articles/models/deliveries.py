"""Partners who are sent our pieces as they change (pushed, not pulled), and the log of it.

A `PartnerSubscription` names an endpoint, the languages and sections it takes, and a
signing secret made by the server. Every change of a piece it takes becomes one `Delivery`
(one logical delivery: one id, the partner's idempotency key), tried until the partner says
yes; each try is a `DeliveryAttempt`. What is sent is decided when it is sent, from the piece
as it is then (articles/distribution/deliveries/), so a retry never sends an older version.

The secret is stored as it is, unlike a partner key's: signing needs it. Only superusers
see subscriptions (workflow.SUPERUSERS_ONLY), and the desk shows a secret once.
"""

from __future__ import annotations

import logging
import re
import secrets
import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from articles import signals
from articles.i18n import LATIN_EDITIONS
from articles.models.taxonomy import Section

logger = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
DEFAULT_SIGNATURE_HEADER = "X-Newsroom-Signature"


def subscription_languages() -> list[tuple[str, str]]:
    """What a partner may take: each content language, and each Latin edition of one."""
    return [
        *settings.NEWSROOM_CONTENT_LANGUAGES,
        *((code, name) for code, name in settings.LANGUAGES if code in LATIN_EDITIONS),
    ]


def validate_header_name(value: str) -> None:
    if not value or not all(c.isascii() and (c.isalnum() or c == "-") for c in value):
        raise ValidationError(_("A header name has only Latin letters, digits and hyphens."))


def validate_endpoint(value: str) -> None:
    """HTTPS only: pieces under embargo travel to it. Plain HTTP only where the setting
    NEWSROOM_DELIVERY_ALLOW_HTTP allows it (development, tests)."""
    scheme = value.split(":", 1)[0].lower()
    allowed = ["https", "http"] if settings.NEWSROOM_DELIVERY_ALLOW_HTTP else ["https"]
    if scheme not in allowed:
        raise ValidationError(_("The endpoint must be an https:// address."), code="scheme")


class PartnerSubscription(models.Model):
    """One partner's endpoint, sent each piece it takes when published, updated or killed."""

    name = models.CharField(
        _("partner"), max_length=150, help_text=_("Who receives the pieces, e.g. “Kazinform”.")
    )
    endpoint = models.URLField(
        _("endpoint"),
        max_length=500,
        help_text=_("The partner's address that receives each piece by HTTPS POST."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        help_text=_("The languages of the pieces it receives."),
    )
    sections = models.ManyToManyField(
        Section,
        verbose_name=_("sections"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty to send pieces of every section."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive partner is sent nothing.")
    )
    receives_embargoed = models.BooleanField(
        _("receives embargoed pieces"),
        default=False,
        help_text=_(
            "Send it scheduled pieces that editors release to partners early, marked with "
            "their release time. Only for partners bound to respect embargoes."
        ),
    )
    signature_header = models.CharField(
        _("signature header"),
        max_length=64,
        default=DEFAULT_SIGNATURE_HEADER,
        help_text=_("The HTTP header that carries the signature of each delivery."),
    )
    secret = models.CharField(_("signing secret"), max_length=80, editable=False)
    secret_prefix = models.CharField(_("secret prefix"), max_length=12, editable=False)
    secret_made_at = models.DateTimeField(_("secret made"), null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner subscription")
        verbose_name_plural = _("partner subscriptions")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Checked here, not as field validators: migrations would have to import them.
        problems = {}
        for field, check in (
            ("endpoint", validate_endpoint),
            ("signature_header", validate_header_name),
        ):
            try:
                check(getattr(self, field))
            except ValidationError as problem:
                problems[field] = problem
        if not self.languages:
            problems["languages"] = ValidationError(_("Choose at least one language."))
        if problems:
            raise ValidationError(problems)

    def editions_for(self, language: str) -> list[str]:
        """The editions of a piece in `language` this partner takes: "" for the language
        itself, "kk-latn" for its Latin edition."""
        wanted = set(self.languages or ())
        found = [""] if language in wanted else []
        found += [e for e, content in LATIN_EDITIONS.items() if content == language and e in wanted]
        return found

    def takes_section(self, section_id: int | None, section_ids: set[int]) -> bool:
        return not section_ids or section_id in section_ids


def _new_secret() -> str:
    return f"{SECRET_PREFIX}{secrets.token_urlsafe(32)}"


def subscription_create(*, subscription: PartnerSubscription, user=None) -> str:
    """Save a new subscription with a secret made here; the secret, to show once."""
    raw = _new_secret()
    subscription.secret, subscription.secret_prefix = raw, raw[: len(SECRET_PREFIX) + 4]
    subscription.secret_made_at = timezone.now()
    if user is not None and user.pk is not None:
        subscription.created_by = user
    subscription.save()
    logger.info("Partner subscription %r created by %s", subscription.name, user or "a command")
    return raw


def subscription_new_secret(*, subscription: PartnerSubscription, user=None) -> str:
    """A new secret for `subscription` (the old one stops at once); the secret, to show once."""
    raw = _new_secret()
    PartnerSubscription.objects.filter(pk=subscription.pk).update(
        secret=raw, secret_prefix=raw[: len(SECRET_PREFIX) + 4], secret_made_at=timezone.now()
    )
    subscription.refresh_from_db()
    logger.info("Partner subscription %r: new secret by %s", subscription.name, user or "-")
    return raw


class Delivery(models.Model):
    """One logical delivery of a piece to a partner: one id, however many attempts it takes."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Given up")
        SUPERSEDED = "superseded", _("Replaced by a later delivery")
        SKIPPED = "skipped", _("Nothing to send")

    class Reason(models.TextChoices):
        CHANGE = "change", _("Published or changed")
        RELEASE = "release", _("Released at its time")
        EMBARGO = "embargo", _("Sent early, under embargo")
        KILL = "kill", _("Withdrawn")
        RESEND = "resend", _("Sent again from the desk")

    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(
        PartnerSubscription,
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("piece"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    article_ref = models.PositiveBigIntegerField(_("piece id"), db_index=True)
    edition = models.CharField(_("edition"), max_length=10, blank=True)
    reason = models.CharField(_("why"), max_length=10, choices=Reason.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    # What the last attempt sent: the ninjs pubStatus ("embargoed" for an early piece), the
    # item's version and the SHA-256 of the body.
    kind = models.CharField(_("sent as"), max_length=10, blank=True)
    version = models.CharField(_("version"), max_length=20, blank=True)
    payload_digest = models.CharField(_("body SHA-256"), max_length=64, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # While an attempt runs: until when it is the sender's; after that, another may retry.
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_status = models.CharField(_("last answer"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="delivery_newest"),
            models.Index(fields=["subscription", "article_ref", "state"], name="delivery_pair"),
        ]
        verbose_name = _("delivery to a partner")
        verbose_name_plural = _("deliveries to partners")

    def __str__(self) -> str:
        return f"{self.subscription} ← {self.article_ref} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.PENDING, self.State.SENDING)


# What the sender itself writes as an attempt's error, where no partner answered: stored in
# English (`sender_note`), shown in the reader's language (`error_display`). A partner's own
# answer and the system's error texts ("ConnectionRefusedError: ...") are kept as they came.
NO_ANSWER = gettext_noop("no answer recorded: the sender stopped during the attempt")
HTTPS_ONLY = gettext_noop("only https:// endpoints are sent to")
NO_HOST = gettext_noop("the endpoint names no host")
NOT_RESOLVED = gettext_noop("the host does not resolve: %(reason)s")
NOT_PUBLIC = gettext_noop("%(host)s resolves to a non-public address (%(address)s)")
REDIRECT = gettext_noop("redirect not followed: %(location)s")
# Why a delivery was skipped (its last answer, where no attempt was made).
INACTIVE = gettext_noop("the partner is inactive")
NOTHING_TO_SEND = gettext_noop("nothing to send")
SENDER_NOTES = (
    NO_ANSWER, HTTPS_ONLY, NO_HOST, NOT_RESOLVED, NOT_PUBLIC, REDIRECT, INACTIVE, NOTHING_TO_SEND
)  # fmt: skip


def sender_note(note: str, **params) -> str:
    """One of SENDER_NOTES as stored: in English, whoever's language is active."""
    return note % params if params else note


def _note_pattern(note: str) -> re.Pattern:
    """`note` as a pattern that matches it stored, its %(name)s parts as named groups."""
    pieces = re.split(r"%\((\w+)\)s", note)  # text, name, text, name, ..., text
    pattern = "".join(
        f"(?P<{piece}>.*)" if odd else re.escape(piece)
        for odd, piece in zip([0, 1] * len(pieces), pieces, strict=False)
    )
    return re.compile(pattern + r"\Z", re.DOTALL)


_NOTE_PATTERNS = [(note, _note_pattern(note)) for note in SENDER_NOTES]


def error_display(error: str, status_code: int | None = None) -> str:
    """An attempt's error (or a delivery's last answer) in the reader's language where the
    sender wrote it; anything else as it came.

    With an attempt's `status_code`, the error is the partner's own answer (its body), which
    is never worded: a partner answering "500 only https:// endpoints are sent to" must not
    read as the sender's refusal. A redirect's note is the sender's (the location is data)."""
    if status_code is not None and not 300 <= status_code < 400:
        return error
    for note, pattern in _NOTE_PATTERNS:
        if status_code is not None and note != REDIRECT:
            continue
        found = pattern.match(error or "")
        if found:
            return sender_note(gettext(note), **found.groupdict())
    return error


class DeliveryAttempt(models.Model):
    """One try of a delivery: what was sent, and what the partner answered (or why not)."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="tries"
    )
    number = models.PositiveIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started"))
    kind = models.CharField(_("sent as"), max_length=10, blank=True)
    version = models.CharField(_("version"), max_length=20, blank=True)
    payload_digest = models.CharField(_("body SHA-256"), max_length=64, blank=True)
    status_code = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    response_ms = models.PositiveIntegerField(_("response time, ms"), null=True, blank=True)
    next_retry_at = models.DateTimeField(_("next retry"), null=True, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_number")
        ]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        shown = error_display(self.error, self.status_code)
        return f"#{self.number}: {self.status_code or shown or '…'}"


# ---- planning: which partners get what, and when -------------------------------------------


def _matching(article) -> list[tuple[PartnerSubscription, str]]:
    """Active partners that take `article` (its language or Latin edition, its section)."""
    found = []
    subscriptions = PartnerSubscription.objects.filter(is_active=True).prefetch_related("sections")
    for subscription in subscriptions:
        sections = {s.pk for s in subscription.sections.all()}
        if not subscription.takes_section(article.section_id, sections):
            continue
        found += [
            (subscription, edition) for edition in subscription.editions_for(article.language)
        ]
    return found


def _supersede(article_id: int, subscription_ids=None, keep_kills: bool = False) -> None:
    """Waiting deliveries of the piece are replaced by the ones planned now: a partner is
    sent its latest state once, not each state it passed through."""
    waiting = Delivery.objects.filter(article_ref=article_id, state=Delivery.State.PENDING)
    if keep_kills:
        waiting = waiting.exclude(reason=Delivery.Reason.KILL)
    if subscription_ids is not None:
        waiting = waiting.filter(subscription_id__in=subscription_ids)
    waiting.update(state=Delivery.State.SUPERSEDED, next_attempt_at=None)


def _create(pairs, article, reason: str, due: datetime) -> list[Delivery]:
    deliveries = [
        Delivery(
            subscription=subscription,
            article=article,
            article_ref=article.pk,
            edition=edition,
            reason=reason,
            next_attempt_at=due,
        )
        for subscription, edition in pairs
    ]
    return Delivery.objects.bulk_create(deliveries)


@transaction.atomic
def deliveries_plan(*, article, announce: bool = True) -> list[Delivery]:
    """The deliveries a change of `article` (as stored now) calls for.

    Live: each partner that takes it gets it now. Scheduled: each gets it at its time, and,
    if editors release it early, those who take embargoed pieces get it now. No longer
    published: those who were sent it get a kill. A draft's edit: nothing. With `announce`
    False, the caller queues them itself (the worker's `plan` task, which sends them at once).
    """
    now = timezone.now()
    planned: list[Delivery] = []
    if article.status == article.Status.PUBLISHED and article.published_at is not None:
        pairs = _matching(article)
        _supersede(article.pk)
        if article.published_at <= now:
            planned = _create(pairs, article, Delivery.Reason.CHANGE, now)
        else:
            planned = _create(pairs, article, Delivery.Reason.RELEASE, article.published_at)
            if article.send_early_to_partners:
                early = [(s, e) for s, e in pairs if s.receives_embargoed]
                planned += _create(early, article, Delivery.Reason.EMBARGO, now)
    elif article.published_at is not None:  # released once: those who were sent it
        _supersede(article.pk, keep_kills=True)  # a kill on its way still goes
        subscriptions = PartnerSubscription.objects.filter(is_active=True).in_bulk()
        pairs = [(subscriptions[s], e) for s, e in _to_kill(article.pk) if s in subscriptions]
        planned = _create(pairs, article, Delivery.Reason.KILL, now)
    if announce:
        _announce(planned)
    return planned


def _to_kill(article_id: int) -> list[tuple[int, str]]:
    """(subscription id, edition) of the partners sent the piece since their last kill."""
    latest: dict[tuple[int, str], bool] = {}
    history = (
        Delivery.objects.filter(article_ref=article_id)
        .filter(models.Q(attempts__gt=0) | models.Q(reason=Delivery.Reason.KILL))
        .order_by("-pk")
        .values_list("subscription_id", "edition", "reason")
    )
    for subscription_id, edition, reason in history:
        latest.setdefault((subscription_id, edition), reason != Delivery.Reason.KILL)
    return [pair for pair, needs_kill in latest.items() if needs_kill]


@transaction.atomic
def delivery_resend(*, delivery: Delivery, user=None) -> Delivery | None:
    """Send the piece of `delivery` to its partner again, as it stands now, under a new id."""
    if delivery.article_id is None:
        return None
    _supersede(delivery.article_ref, [delivery.subscription_id])
    again = Delivery.objects.create(
        subscription_id=delivery.subscription_id,
        article_id=delivery.article_id,
        article_ref=delivery.article_ref,
        edition=delivery.edition,
        reason=Delivery.Reason.RESEND,
        next_attempt_at=timezone.now(),
    )
    logger.info("Delivery %s sent again as %s by %s", delivery.uuid, again.uuid, user or "-")
    _announce([again])
    return again


def _announce(deliveries: list[Delivery]) -> None:
    if deliveries:
        signals.deliveries_due.send(
            sender=Delivery, due=[(d.pk, d.next_attempt_at) for d in deliveries]
        )
