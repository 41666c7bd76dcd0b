"""The newsroom's desk: the Django admin, arranged the way an editor works."""

from . import accounts, article, library, partners  # noqa: F401  (registers the model admins)
