"""The newsroom's desk: the Django admin, arranged the way an editor works."""

from articles.admin import accounts, article, library, lockouts, partners  # noqa: F401  (registers the model admins)
from articles.admin.labels import name_everything
from articles.admin.rights import guard_registered

guard_registered()
name_everything()
