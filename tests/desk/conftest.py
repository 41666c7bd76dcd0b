"""Fixtures of the desk's tests."""

import pytest

from tests.desk.rights_table import World


@pytest.fixture
def world(db, make_article, make_photo):
    """The objects of the rights table's cases, each made when a case first asks for it."""
    return World(make_article, make_photo)
