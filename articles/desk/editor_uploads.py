"""CKEditor's image upload (dialog, drag-and-drop and paste), behind the same checks as every
other upload, and its file browser.

django-ckeditor's own upload view stores animated images byte for byte under the client's
extension and echoes `CKEditorFuncNum` into a <script>; it is not routed. This view checks the
callback number (ASCII digits), runs `validate_image_upload` (bytes, pixels, format, every
frame decoded), stores Pillow's re-encoding under a name whose extension is the detected
format's (ReencodingBackend) and answers CKEditor in the shape it expects.
"""

import json
import posixpath
import re

from ckeditor_uploader import views as ckeditor_views
from ckeditor_uploader.utils import get_thumb_filename
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.media.images import make_thumbnail, reencode_image
from articles.media.uploads import readable_stem
from articles.media.validators import validate_image_upload

# CKEditor numbers its callbacks from 0 up, one per editor instance and dialog on the page.
FUNC_NUM = re.compile(r"[0-9]{1,9}")
_JS_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
_JS_ESCAPES |= {0x2028: "\\u2028", 0x2029: "\\u2029"}


class ReencodingBackend:
    """Stores an upload as Pillow's re-encoding, named by its detected format, with a thumbnail
    in the same format for the file browser.

    The interface is django-ckeditor's image backend (CKEDITOR_IMAGE_BACKEND), so its own
    code stores nothing byte for byte either, should its views ever be routed.
    """

    def __init__(self, storage_engine, file_object):
        self.storage_engine = storage_engine
        self.file_object = file_object

    @cached_property
    def is_image(self) -> bool:
        try:
            validate_image_upload(self.file_object)
        except ValidationError:
            return False
        return True

    def save_as(self, filepath: str) -> str:
        image = reencode_image(self.file_object)
        folder = posixpath.dirname(filepath)
        name = posixpath.join(folder, f"{readable_stem(filepath)}.{image.extension}")
        saved = self.storage_engine.save(name, ContentFile(image.data))
        self.create_thumbnail(ContentFile(image.data), saved)
        return saved

    def create_thumbnail(self, file_object, file_path: str) -> str:
        size = getattr(settings, "CKEDITOR_THUMBNAIL_SIZE", (75, 75))
        thumbnail = make_thumbnail(file_object, size)
        return self.storage_engine.save(get_thumb_filename(file_path), ContentFile(thumbnail.data))


def _js(value: str) -> str:
    """A JavaScript string literal that cannot end the <script> it stands in."""
    return json.dumps(value).translate(_JS_ESCAPES)


def _answer(func_num: int | None, *, url: str = "", name: str = "", error: str = ""):
    # Status 200 on purpose: CKEditor 4 shows a generic "HTTP error" for any other
    # status and would hide our message; the refusal is in the body, as it expects.
    if func_num is not None:  # the dialog's "Upload" tab: answer with its callback
        arguments = f"{func_num}, {_js(url)}" + (f", {_js(error)}" if error else "")
        return HttpResponse(
            f"<script>window.parent.CKEDITOR.tools.callFunction({arguments});</script>"
        )
    if error:
        return JsonResponse({"uploaded": 0, "error": {"message": error}})
    return JsonResponse({"uploaded": 1, "fileName": name, "url": url})


def _func_num(request) -> int | None:
    """The dialog's callback number; None when absent; ValueError unless 1-9 ASCII digits."""
    raw = request.GET.get("CKEditorFuncNum")
    if not raw:
        return None
    if not FUNC_NUM.fullmatch(raw):
        raise ValueError("CKEditorFuncNum is not a number")
    return int(raw)


def _bad_func_num():
    message = _("This upload came from an editor window we do not recognise. Reload the page.")
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=400)


def upload_path(filename: str) -> str:
    """`uploads/2025/11/16/<readable stem>`: the extension comes from the detected format."""
    day = timezone.localdate().strftime("%Y/%m/%d")
    return posixpath.join(settings.CKEDITOR_UPLOAD_PATH, day, readable_stem(filename))


# CKEditor posts files without Django's CSRF token (as django-ckeditor's own view does);
# the session cookie is SameSite=Lax, so a cross-site form cannot post as a logged-in editor.
@csrf_exempt
@require_POST
@staff_member_required
def upload(request):
    try:
        func_num = _func_num(request)
    except ValueError:
        return _bad_func_num()
    upload_file = request.FILES.get("upload")
    if upload_file is None:
        return _answer(func_num, error=_("No file arrived. Choose an image and try again."))
    try:
        validate_image_upload(upload_file)
    except ValidationError as error:
        return _answer(func_num, error=" ".join(error.messages))
    saved = ReencodingBackend(default_storage, upload_file).save_as(upload_path(upload_file.name))
    return _answer(func_num, url=default_storage.url(saved), name=posixpath.basename(saved))


@never_cache
@staff_member_required
def browse(request):
    # The browser page reads the number in its own script; a malformed one never reaches it.
    try:
        _func_num(request)
    except ValueError:
        return _bad_func_num()
    return ckeditor_views.browse(request)
