"""The newsroom's desk: the Django admin, arranged the way an editor works."""

from . import accounts, article, library, partners  # noqa: F401  (registers the model admins)
from .rights import guard_registered

guard_registered()
