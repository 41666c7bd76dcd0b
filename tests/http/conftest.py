"""Fixtures of the tests of hostile and oversized requests."""

import pytest
from django.test import Client


@pytest.fixture
def stranger():
    """An anonymous browser that, unlike Django's test client by default, meets CSRF checks."""
    return Client(enforce_csrf_checks=True)
