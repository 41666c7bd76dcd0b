"""The hero-photo picker: Django's autocomplete, with a thumbnail beside each photo."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect


class PhotoPickerView(AutocompleteJsonView):
    """Django's autocomplete answer, plus each photo's thumbnail URL and credit."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        result["thumb"] = obj.image.url if obj.image else ""
        result["credit"] = obj.credit
        return result


class PhotoPickerWidget(AutocompleteSelect):
    url_name = "%s:articles_photo_picker"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] += " photo-picker"
        return attrs
