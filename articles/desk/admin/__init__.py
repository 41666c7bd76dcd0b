"""The newsroom's desk: the Django admin, arranged the way an editor works."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from articles.desk.admin import (  # noqa: F401  (registers the model admins)
    accounts,
    article,
    deliveries,
    library,
    live,
    lockouts,
    partners,
    wires,
)
from articles.desk.admin.labels import name_everything
from articles.desk.admin.rights import guard_registered

# The background worker's own table (task arguments, tracebacks) is the operators', read with
# the worker's log; the desk sees background work where it matters to it: the wire sources'
# status and the partners' delivery log.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
guard_registered()
name_everything()
