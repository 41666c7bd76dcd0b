"""The newsroom's desk: the Django admin, arranged the way an editor works."""

from articles.desk.admin import accounts, article, deliveries, library, lockouts, partners  # noqa: F401  (registers the model admins)
from articles.desk.admin.labels import name_everything
from articles.desk.admin.rights import guard_registered

guard_registered()
name_everything()
