"""The newsroom's desk: the Django admin, arranged the way an editor works."""

from . import accounts, article, library, lockouts, partners  # noqa: F401  (registers the model admins)
from .labels import name_everything
from .rights import guard_registered

guard_registered()
name_everything()
