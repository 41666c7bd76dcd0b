"""The newsroom's desk: the Django admin, arranged the way an editor works."""

from articles.desk.admin import (  # noqa: F401  (registers the model admins)
    accounts,
    article,
    library,
    lockouts,
    partners,
    wires,
)
from articles.desk.admin.labels import name_everything
from articles.desk.admin.rights import guard_registered

guard_registered()
name_everything()
