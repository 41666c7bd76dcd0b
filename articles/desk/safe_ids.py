"""Ids typed or forged into the admin's choice fields: a form error, never a 500.

A select posts an id as text. Django's choice fields catch text that is not a number, but
not a number the database cannot hold (SQLite raises OverflowError past 64 bits), and the
autocomplete widgets, which re-render the form with its errors, filter the database by the
posted value before anything has checked it (ValueError for `abc`, `1.5` or `²`). Every
admin of the project goes through `SafeChoicesMixin`, so each of its foreign-key and
many-to-many fields checks an id before any query sees it.
"""

import contextlib
import re

from django import forms
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import (
    EmptyResultSet,
    FieldDoesNotExist,
    FullResultSet,
    ValidationError,
)
from django.db import DataError, connections, router, transaction


def is_usable_key(model, field_name: str | None, value) -> bool:
    """Whether `value` can be looked up as `model.<field_name>` (the primary key if None)
    without the database or the driver raising: right type, and within the column's range."""
    field = model._meta.get_field(field_name) if field_name else model._meta.pk
    while field.is_relation and getattr(field, "target_field", None) is not None:
        field = field.target_field  # a primary key that is itself a foreign key
    try:
        python_value = field.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    if isinstance(python_value, int) and not isinstance(python_value, bool):
        connection = connections[router.db_for_read(model)]
        try:
            low, high = connection.ops.integer_field_range(field.get_internal_type())
        except KeyError:
            return True
        return (low is None or python_value >= low) and (high is None or python_value <= high)
    return python_value is not None


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model):
            return super().to_python(value)
        if not is_usable_key(self.queryset.model, self.to_field_name, value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for key in value if isinstance(value, (list, tuple, set, frozenset)) else [value]:
            if not is_usable_key(self.queryset.model, self.to_field_name, key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return super()._check_values(value)


class _UsableSelection:
    """Draws only the posted values that are usable ids: Django's widget filters the table
    by them to find their labels, and junk would raise there, while re-rendering the error."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        model = remote.model
        to_field = getattr(remote, "field_name", None)
        usable = [
            v
            for v in value
            if v in self.choices.field.empty_values or is_usable_key(model, to_field, v)
        ]
        return super().optgroups(name, usable, attr)


class SafeAutocompleteSelect(_UsableSelection, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_UsableSelection, AutocompleteSelectMultiple):
    pass


class SafeChoicesMixin:
    """For every ModelAdmin and inline of the project (see `is_usable_key`)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", SafeModelChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        # `?published_at=abc` on an add form: Django hands the text to the field's widget as
        # it is, and the date-time widget crashes on a string. Each value a model field is
        # given must be one it can take (a date parsed, a usable id, a boolean...); any
        # other is dropped, and the form starts empty there.
        initial = super().get_changeform_initial_data(request)
        opts = self.model._meta
        for name in list(initial):
            try:
                field = opts.get_field(name)
            except FieldDoesNotExist:
                continue  # not a model field (`_changelist_filters`): Django ignores it
            value = _initial_value(field, initial[name])
            if value is None:
                del initial[name]
            else:
                initial[name] = value
        return initial

    def get_search_results(self, request, queryset, search_term):
        # A NUL in the search box, the autocomplete or the photo picker's `term`: PostgreSQL
        # refuses it in any string (DataError). No text of ours holds one.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def get_changelist_instance(self, request):
        """The list, or Django's "invalid lookup" answer (a redirect to `?e=1`), never a 500.

        Django checks a filter typed into the address only as far as `filter()` goes; the
        rest fails when the query is compiled or run: `?published_at__year=0` and
        `?published_at__iso_year=99999999999` (ValueError), `?word_count__range=0`
        (IndexError), `?headline__range=abc` (a wrong number of query parameters), an id past
        the column's range (OverflowError in SQLite's driver), a NUL or a broken regular
        expression (DataError in PostgreSQL). The list is counted while it is built (in a
        savepoint, so a refused query leaves the request's transaction usable) and its page's
        query compiled here, before the template renders it lazily.
        """
        for key, value in request.GET.items():
            # The admin passes `__range` on as text, which the lookup reads a character at a
            # time (a wrong number of query parameters): no filter of the admin offers it.
            if key.endswith("__range"):
                raise IncorrectLookupParameters(f"{key}: not a filter of this list")
            if key.endswith("regex") and not _compiles_as_regex(value):
                raise IncorrectLookupParameters(f"{key}: not a regular expression")
        try:
            with transaction.atomic(using=router.db_for_read(self.model)):
                changelist = super().get_changelist_instance(request)
                queryset = changelist.result_list
                if hasattr(queryset, "query"):
                    # A filter matching nothing (or everything) is a fine list.
                    with contextlib.suppress(EmptyResultSet, FullResultSet):
                        queryset.query.get_compiler(using=queryset.db).as_sql()
        except (OverflowError, ValueError, TypeError, IndexError, DataError) as error:
            raise IncorrectLookupParameters(error) from error
        return changelist


def _initial_value(field, value):
    """`value` from an add form's query string as `field` can take it, or None if it can't."""
    if not getattr(field, "concrete", False):
        return None  # a reverse relation: no form field of that name takes it
    if field.many_to_many:
        keys = value if isinstance(value, list) else str(value).split(",")
        target = getattr(field.remote_field, "field_name", None)
        return [key for key in keys if is_usable_key(field.related_model, target, key)]
    if field.is_relation:
        target = getattr(field.remote_field, "field_name", None)
        return value if is_usable_key(field.related_model, target, value) else None
    if isinstance(value, list):
        return None
    try:
        python_value = field.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return None
    return python_value  # parsed: the date widgets format dates and crash on text


def _compiles_as_regex(value: str) -> bool:
    try:
        re.compile(value)
    except (re.error, ValueError):
        return False
    return True
