"""CKEditor's image upload, behind the same checks as every other upload.

django-ckeditor's own view only asks Pillow whether the file looks like an image. This
wrapper first runs `validate_image_upload` (bytes, pixels, format, a full decode) and
answers CKEditor in the shape it expects, so the editor shows our message.
"""

import json

from ckeditor_uploader import views as ckeditor_views
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .validators import validate_image_upload


def _refuse(request, message: str) -> HttpResponse:
    # Status 200 on purpose: CKEditor 4 shows a generic "HTTP error" for any other
    # status and would hide our message; the refusal is in the body, as it expects.
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num.isdigit():  # the dialog's "Upload" tab: answer with its callback
        script = (
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{int(func_num)}, '', {json.dumps(message)});</script>"
        )
        return HttpResponse(script)
    return JsonResponse({"uploaded": 0, "error": {"message": message}})


# CKEditor posts files without Django's CSRF token (as django-ckeditor's own view does);
# the session cookie is SameSite=Lax, so a cross-site form cannot post as a logged-in editor.
@csrf_exempt
@require_POST
@staff_member_required
def upload(request):
    upload_file = request.FILES.get("upload")
    if upload_file is None:
        return _refuse(request, _("No file arrived. Choose an image and try again."))
    try:
        validate_image_upload(upload_file)
    except ValidationError as error:
        return _refuse(request, " ".join(error.messages))
    return ckeditor_views.upload(request)


browse = never_cache(staff_member_required(ckeditor_views.browse))
