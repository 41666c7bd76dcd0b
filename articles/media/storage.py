"""Media on an S3-compatible store (django-storages), with safe headers on every object.

S3 serves each object with the Content-Type, Content-Disposition and Cache-Control it was
stored with, so they are set here, per object, from the name's extension (which our uploads
take from the format Pillow detected), never from the type a browser sent. S3 cannot add other
response headers: `X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src
'none'; sandbox` come from the CDN or proxy in front of the bucket (docs/deploy.md).

Import this only with django-storages installed (requirements-s3.txt).
"""

from storages.backends.s3 import S3Storage

from articles.media.uploads import DOWNLOAD_CONTENT_TYPE, media_content_type

# Renditions carry a fresh token in their names: a new crop is a new URL, so CDNs and browsers
# may keep them for good. Other media keep their URL for as long as they exist.
IMMUTABLE = "public, max-age=31536000, immutable"
ONE_DAY = "public, max-age=86400"


class MediaS3Storage(S3Storage):
    def get_object_parameters(self, name: str) -> dict:
        parameters = super().get_object_parameters(name)
        # A ContentType here also keeps django-storages from adding a Content-Encoding it
        # guessed from the name (`.gz`, `.bz2`).
        parameters["ContentType"] = media_content_type(name)
        if parameters["ContentType"] == DOWNLOAD_CONTENT_TYPE:
            parameters["ContentDisposition"] = "attachment"
        parameters.setdefault(
            "CacheControl", IMMUTABLE if "renditions" in name.split("/")[:-1] else ONE_DAY
        )
        return parameters
