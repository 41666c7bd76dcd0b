"""A partner's answer is shown as it came, never worded as one of the sender's own notes."""

from django.utils.translation import gettext

from articles.models import DeliveryAttempt
from articles.models.deliveries import HTTPS_ONLY, NOT_PUBLIC, REDIRECT, error_display, sender_note


def test_a_partners_answer_that_reads_like_a_sender_note_is_not_worded_as_one():
    assert gettext(HTTPS_ONLY) != HTTPS_ONLY  # the desk's language words the sender's notes
    assert error_display(HTTPS_ONLY, 500) == HTTPS_ONLY
    spoof = sender_note(NOT_PUBLIC, host="partner.example", address="10.0.0.1")
    assert error_display(spoof, 502) == spoof
    assert str(DeliveryAttempt(number=1, status_code=None, error=HTTPS_ONLY)).endswith(
        gettext(HTTPS_ONLY)
    )


def test_the_senders_own_notes_are_still_worded():
    assert error_display(HTTPS_ONLY) == gettext(HTTPS_ONLY)
    redirect = sender_note(REDIRECT, location="https://elsewhere.example/")
    assert error_display(redirect, 302) == sender_note(
        gettext(REDIRECT), location="https://elsewhere.example/"
    )
    assert error_display(HTTPS_ONLY, 302) == HTTPS_ONLY  # a redirect's only note is its own
