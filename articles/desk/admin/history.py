"""History, restore and recovery for the desk's versioned models, through the workflow.

django-reversion's own views revert a whole revision in the database first and ask
whether the user may change the object afterwards, reading the reverted row; their version
ids are not tied to the object in the URL either (a byline's version reverts another
piece's revision). Here nothing is ever reverted in place:

- every history URL looks the version up among the versions of the object in the URL
  (its content type and id), and answers 404 for any other id, junk included;
- restoring a version is an ordinary edit by the current user (the model admin decides how,
  `restore_view`), checked against the stored row before anything is read or written;
- recovering a deleted object is for editors only (`recover_deleted`).
"""

from __future__ import annotations

import re

from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.urls import re_path
from django.utils import translation
from reversion import is_active, set_comment
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import workflow
from articles.text.notes import shown

# reversion's Version.id is an AutoField: 32 bits on PostgreSQL. A larger number, a sign or
# anything but digits names no version; refusing it here keeps it away from the database
# (where it would overflow) on every backend.
MAX_VERSION_ID = 2**31 - 1
VERSION_ID = re.compile(r"[0-9]{1,10}")


def version_id_or_404(raw) -> int:
    """The version id `raw` (from a URL or a query string) as an int, or Http404."""
    if not isinstance(raw, str | int) or not VERSION_ID.fullmatch(str(raw)):
        raise Http404
    value = int(raw)
    if not 0 < value <= MAX_VERSION_ID:
        raise Http404
    return value


def field_names(model, names) -> list[str]:
    """The model fields among `names`, by verbose name (untranslated: the log translates
    them when it is read); form-only fields are left out."""
    labels = []
    with translation.override(None):
        for name in names:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if hasattr(field, "verbose_name"):
                labels.append(str(field.verbose_name))
    return labels


def change_message(form, formsets, add: bool, describe=str) -> list[dict]:
    """What a save changed, as Django's admin logs it, in the desk's words.

    Django names an inline's changed fields by their form labels ("Author", capitalised: a
    msgid no catalogue has, so it shows in English in every language), and lists the form's
    hidden fields too; here every field is named by its model's verbose name, and each
    inline row as `describe(row)` says (a byline by its author's name).
    """
    message: list[dict] = []
    if add:
        message.append({"added": {}})
    elif form.changed_data:
        fields = field_names(form._meta.model, form.changed_data)
        if fields:
            message.append({"changed": {"fields": fields}})
    with translation.override(None):
        for formset in formsets or []:
            name = str(formset.model._meta.verbose_name)
            for row in formset.new_objects:
                message.append({"added": {"name": name, "object": describe(row)}})
            for row, changed in formset.changed_objects:
                fields = field_names(formset.model, changed)
                entry = {"name": name, "object": describe(row), "fields": fields}
                message.append({"changed": entry})
            for row in formset.deleted_objects:
                message.append({"deleted": {"name": name, "object": describe(row)}})
    return message


class GuardedVersionAdmin(VersionAdmin):
    """A VersionAdmin whose history URLs only ever show versions of the object they name,
    never write on GET, and never revert a revision in the database.

    Subclasses say how a version is restored (`restore_view`) and how a deleted object
    comes back (`recover_deleted`).
    """

    change_list_template = "admin/versioned_change_list.html"

    # ---- who may ------------------------------------------------------------------------

    def has_recover_permission(self, request) -> bool:
        """Deleted objects may hold what the desk removed on purpose: editors only."""
        return (
            workflow.may_recover(request.user)
            and self.has_add_permission(request)
            and self.has_change_permission(request)
        )

    # ---- what a revision says happened ----------------------------------------------------

    def log_addition(self, request, obj, message):
        return self._comment_as_logged(super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self._comment_as_logged(super().log_change(request, obj, message))

    @staticmethod
    def _comment_as_logged(entry):
        """reversion keeps the change message as the saver read it (an English-speaking
        editor's "Changed headline." stays English for everyone); kept as Django logs it,
        the history page words it in each reader's language (`Revision.get_comment`)."""
        if is_active() and entry.change_message:
            set_comment(entry.change_message)
        return entry

    # ---- lookups that 404 rather than guess ---------------------------------------------

    def get_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def versions_of(self, obj):
        """The saved versions of `obj` itself: its content type and its id, nothing else."""
        return Version.objects.get_for_object(obj).select_related("revision__user")

    def get_version_or_404(self, obj, version_id) -> Version:
        version = self.versions_of(obj).filter(pk=version_id_or_404(version_id)).first()
        if version is None:
            raise Http404
        return version

    def get_deleted_version_or_404(self, version_id) -> Version:
        """A version of an object of this model that no longer exists."""
        version = (
            Version.objects.get_for_model(self.model)
            .filter(pk=version_id_or_404(version_id))
            .select_related("revision__user")
            .first()
        )
        if version is None:
            raise Http404
        pk_field = self.model._meta.pk
        try:
            pk = pk_field.to_python(version.object_id)
        except ValidationError:  # a malformed stored id names nothing to recover
            raise Http404 from None
        if self.model._default_manager.filter(pk=pk).exists():
            raise Http404  # not deleted: its history is under its own URL
        return version

    # ---- the views reversion's URLs call ------------------------------------------------

    def get_urls(self):
        """reversion's URLs, with any version id segment: a junk one is our 404, not a miss
        that falls through to the admin's catch-all redirect."""
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        ours = [
            re_path(
                r"^recover/$",
                self.admin_site.admin_view(self.recoverlist_view),
                name=f"{prefix}_recoverlist",
            ),
            re_path(
                r"^recover/([^/]+)/$",
                self.admin_site.admin_view(self.recover_view),
                name=f"{prefix}_recover",
            ),
            re_path(
                r"^([^/]+)/history/([^/]+)/$",
                self.admin_site.admin_view(self.revision_view),
                name=f"{prefix}_revision",
            ),
        ]
        names = {url.name for url in ours}
        return ours + [url for url in super().get_urls() if getattr(url, "name", None) not in names]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            "versions": self.versions_of(obj),
            "can_restore": self.has_change_permission(request, obj),
            **(extra_context or {}),
        }
        response = super().history_view(request, object_id, context)
        # Each revision's comment in the reader's language: stored notes are worded here,
        # on the rows the page shows (never saved), before the page is drawn.
        actions = getattr(response, "context_data", {}).get("action_list") or []
        revisions = [action["revision"] for action in actions if isinstance(action, dict)]
        for revision in [*revisions, *(version.revision for version in context["versions"])]:
            revision.comment = shown(revision.comment)
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object_or_404(request, object_id)
        version = self.get_version_or_404(obj, version_id)
        # Checked on the stored row, before anything of the version is read.
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return self.restore_view(request, obj, version, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        version = self.get_deleted_version_or_404(version_id)
        return self.recover_deleted(request, version, extra_context)

    def changelist_view(self, request, extra_context=None):
        context = {"has_recover_permission": self.has_recover_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # reversion's revert-then-check view: nothing here calls it, and nothing may.
        raise PermissionDenied

    # ---- what subclasses provide --------------------------------------------------------

    def restore_view(self, request, obj, version, extra_context=None):
        raise NotImplementedError

    def recover_deleted(self, request, version, extra_context=None):
        raise NotImplementedError
