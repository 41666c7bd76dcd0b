"""Saving after a collision: a three-way merge of the article form, fields and inline rows.

A form opened on a piece carries, signed, a short digest of every value it showed: its
fields, and each byline and correction row (`baseline_of`). When its save collides with
someone else's (ArticleAdminForm._check_not_stale), a field whose posted value still has the
digest it was opened with was left alone by this editor and takes the saved value; a field
only this editor changed keeps theirs; a field both changed is listed as a conflict and
keeps this editor's value (saving again, after reading the notice, is a deliberate
overwrite). Digests, not values, keep the hidden field short whatever the body's length.
"""

import hashlib
import json
from datetime import UTC, datetime

from django.core import signing
from django.forms.models import BaseInlineFormSet
from reversion.errors import RevertError
from reversion.models import Version

from articles.models import Article
from articles.text.sanitize import sanitize_body

BASELINE_SALT = "articles.ArticleAdminForm.baseline"
# Inline rows and the columns of each that the desk edits.
INLINE_ROWS = {
    "bylines": ("author", "role", "position"),
    "gallery": ("photo", "position", "caption"),
    "corrections": ("kind", "text"),
}
# How many of a piece's latest versions are searched for the text a form was opened with.
OPENED_LOOKBACK = 20


def digest(*parts) -> str:
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _plain(value) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def comparable(field, value):
    """One form of a field's value, whether read from the row or from a posted form."""
    if field.many_to_many:
        return sorted(_plain(getattr(item, "pk", item)) for item in value or [])
    if field.is_relation:
        return _plain(getattr(value, "pk", value))
    if isinstance(value, datetime):  # the form shows whole seconds, in local time
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    if isinstance(value, bool):
        return value
    if field.name == "body":  # stored sanitized: compare what would be stored
        return _plain(sanitize_body(_plain(value)))
    return _plain(value)


def stored_values(article: Article, names) -> dict:
    """The saved piece's values of the form fields `names`, as `cleaned_data` would hold them
    (related objects as their ids)."""
    values = {}
    for name in names:
        field = Article._meta.get_field(name)
        if field.many_to_many:
            values[name] = list(getattr(article, name).values_list("pk", flat=True))
        else:
            values[name] = getattr(article, field.attname)
    return values


def stored_rows(article: Article) -> dict[str, dict[str, list[str]]]:
    """Each inline's saved rows: {"bylines": {"<id>": ["<author id>", "author", "0"]}}."""
    rows = {}
    for prefix, columns in INLINE_ROWS.items():
        manager = getattr(article, prefix)
        attnames = [manager.model._meta.get_field(column).attname for column in columns]
        rows[prefix] = {
            str(pk): [_plain(value) for value in values]
            for pk, *values in manager.order_by("pk").values_list("pk", *attnames)
        }
    return rows


def baseline_of(article: Article, values: dict, rows: dict) -> str:
    """The signed digests of `values` (field → value) and of the inline `rows`."""
    fields = {
        name: digest(name, comparable(Article._meta.get_field(name), value))
        for name, value in values.items()
    }
    digests = {
        prefix: {pk: digest(prefix, row) for pk, row in prefix_rows.items()}
        for prefix, prefix_rows in rows.items()
    }
    return signing.dumps({"pk": article.pk, "fields": fields, "rows": digests}, salt=BASELINE_SALT)


def read_baseline(token: str | None, article: Article) -> dict | None:
    """The digests a form was opened with, or None (missing, forged or for another piece)."""
    try:
        baseline = signing.loads(token or "", salt=BASELINE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(baseline, dict) or baseline.get("pk") != article.pk:
        return None
    return baseline


def opened_values(article: Article, baseline: dict | None, names) -> dict:
    """The values of `names` the form was opened with, where a saved version of the piece
    still holds them (the baseline keeps only digests): {name: value}. Looked up among the
    latest versions only; a field not found there is left out."""
    wanted = {name: (baseline or {}).get("fields", {}).get(name) for name in names}
    wanted = {name: value for name, value in wanted.items() if value}
    found = {}
    versions = Version.objects.get_for_object_reference(Article, article.pk)[:OPENED_LOOKBACK]
    for version in versions:
        if len(found) == len(wanted):
            break
        try:
            saved = version.field_dict
        except RevertError:
            continue  # a version the current model can no longer read
        for name, expected in wanted.items():
            if name in found or name not in saved:
                continue
            field = Article._meta.get_field(name)
            if digest(name, comparable(field, saved[name])) == expected:
                found[name] = saved[name]
    return found


class MergingInlineFormSet(BaseInlineFormSet):
    """Bylines, gallery photos and corrections of a form whose save collided with someone
    else's.

    The rows are merged as the form's fields are (see ArticleAdminForm): a row this editor
    left as opened shows its saved values, a row someone else added shows up, one they
    deleted goes unless this editor changed it (then it comes back as a new row); this
    editor's own edits, deletions and new rows stay. The form refuses the save and shows
    the merge; saving again writes it. Rows a save leaves out are never deleted.
    """

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if self.is_bound and self.instance.pk is not None and self.prefix in INLINE_ROWS:
            self._merge_with_saved_rows()

    def _merge_with_saved_rows(self) -> None:
        data, prefix = self.data, self.prefix
        current = Article.objects.filter(pk=self.instance.pk).values_list("edit_token", flat=True)
        if str(current.first()) == data.get("loaded_token"):
            return  # not stale: nothing to merge
        baseline = read_baseline(data.get("baseline"), self.instance)
        if baseline is None:
            return  # cannot tell who changed what: the form lists the conflict
        opened = baseline["rows"].get(prefix, {})
        saved = stored_rows(self.instance)[prefix]
        columns = INLINE_ROWS[prefix]
        try:
            total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
            initial = int(data.get(f"{prefix}-INITIAL_FORMS", 0))
        except ValueError:
            return  # a broken management form: the formset itself reports it
        posted, new_rows = {}, []
        for index in range(min(total, self.absolute_max)):
            row = [_plain(data.get(f"{prefix}-{index}-{column}")) for column in columns]
            deleted = bool(data.get(f"{prefix}-{index}-DELETE"))
            pk = _plain(data.get(f"{prefix}-{index}-id")) if index < initial else ""
            if pk:
                posted[pk] = (row, deleted)
            elif any(row):
                new_rows.append(row)
        rows = []  # (id or "", values, deleted)
        for pk, saved_row in saved.items():
            if pk not in posted:
                rows.append((pk, saved_row, False))  # added by someone else
                continue
            row, deleted = posted.pop(pk)
            untouched = not deleted and opened.get(pk) == digest(prefix, row)
            rows.append((pk, saved_row if untouched else row, deleted))
        for pk, (row, deleted) in posted.items():  # deleted by someone else meanwhile
            if not deleted and opened.get(pk) != digest(prefix, row):
                new_rows.append(row)  # changed here: kept, as a new row
        rows += [("", row, False) for row in new_rows]
        self.data = merged = data.copy()
        for key in [key for key in merged if key.startswith(f"{prefix}-")]:
            if not key.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS",
                                 "-MAX_NUM_FORMS")):  # fmt: skip
                del merged[key]
        for index, (pk, row, deleted) in enumerate(rows):
            merged[f"{prefix}-{index}-id"] = pk
            merged[f"{prefix}-{index}-{self.fk.name}"] = str(self.instance.pk)
            merged.update({f"{prefix}-{index}-{c}": v for c, v in zip(columns, row, strict=True)})
            if deleted:
                merged[f"{prefix}-{index}-DELETE"] = "on"
        merged[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        merged[f"{prefix}-INITIAL_FORMS"] = str(sum(1 for pk, _row, _d in rows if pk))
