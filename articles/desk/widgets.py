"""Admin widgets: the hero-photo picker with thumbnails, and CKEditor in the right language."""

import functools
import os

from ckeditor_uploader.fields import RichTextUploadingFormField
from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.staticfiles import finders
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language

from articles.desk.safe_ids import SafeAutocompleteSelect


class PhotoPickerView(AutocompleteJsonView):
    """Django's autocomplete answer, plus each photo's thumbnail URL and credit.

    Only for fields that point at Photo: any other field (a section, tags, a user's groups)
    has nothing to show as a thumbnail, so it is a 404 here, never a crash in
    serialize_result. Those fields use Django's own autocomplete view.
    """

    def process_request(self, request):
        from articles.models import Photo  # widgets are imported by the models' forms

        found = super().process_request(request)
        _term, model_admin, _source_field, _to_field_name = found
        if model_admin.model is not Photo:
            raise Http404("The photo picker only lists photos.")
        return found

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        result["thumb"] = obj.image.url if obj.image else ""
        result["credit"] = obj.credit_line(get_language())
        return result


class PhotoPickerWidget(SafeAutocompleteSelect):
    url_name = "%s:articles_photo_picker"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] += " photo-picker"
        # Where the form's script asks for a photo's preview ("__id__" is replaced).
        attrs["data-thumb-url"] = reverse(
            f"{self.admin_site.name}:articles_photo_thumb", args=["__id__"]
        )
        return attrs


class NewsroomEditorWidget(CKEditorUploadingWidget):
    """CKEditor in the desk's language, as far as CKEditor speaks it.

    django-ckeditor passes the active language as it is; CKEditor 4 ships no Kazakh (no
    lang/kk.js), and for a language it lacks it guesses from the browser, else takes
    `defaultLanguage`. Here the editor gets a language it has a pack for: the desk's own,
    else its base language ("en-gb" → "en"), else `UI_FALLBACKS` (Kazakh editors read
    Russian, the desk's other language), else English; `defaultLanguage` is the same, so the
    browser's own language never decides."""

    UI_FALLBACKS = {"kk": "ru", "kk-latn": "ru"}

    def _set_config(self):
        super()._set_config()
        language = editor_language(self.config["language"])
        self.config["language"] = self.config["defaultLanguage"] = language


def editor_language(language: str) -> str:
    """The CKEditor language pack for the desk's `language` (see NewsroomEditorWidget)."""
    language = (language or "").lower()
    base = language.split("-")[0]
    for candidate in (
        language,
        NewsroomEditorWidget.UI_FALLBACKS.get(language),
        base,
        NewsroomEditorWidget.UI_FALLBACKS.get(base),
    ):
        if candidate and candidate in editor_languages():
            return candidate
    return "en"


@functools.cache
def editor_languages() -> frozenset[str]:
    """The languages CKEditor has a pack for (its static ckeditor/ckeditor/lang/*.js)."""
    folder = finders.find("ckeditor/ckeditor/lang")
    if not folder:
        return frozenset({"en"})
    packs = (name.removesuffix(".js") for name in os.listdir(folder) if name.endswith(".js"))
    return frozenset(packs)


class NewsroomEditorField(RichTextUploadingFormField):
    """The body's form field: django-ckeditor's, drawing `NewsroomEditorWidget`."""

    widget = NewsroomEditorWidget
