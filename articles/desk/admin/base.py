"""What every ModelAdmin of the desk is made of, in one name.

- `ObjectRights`: the rights table (articles/workflow.py) on top of the group's permissions;
- `SafeChoicesMixin`: posted ids are checked against the key's type and range before any query;
- `CleanTextAdminMixin`: control characters are removed from posted text before validation.
"""

from articles.desk.admin.rights import ObjectRights
from articles.desk.forms import CleanTextAdminMixin
from articles.desk.safe_ids import SafeChoicesMixin


class DeskAdminMixin(ObjectRights, SafeChoicesMixin, CleanTextAdminMixin):
    """Put first in the bases of every ModelAdmin of the desk."""
