"""The desk: where editors work, in the Django admin (admin/), its forms, widgets, uploads.

A face, like site and distribution: it may import the domain (writing through services and
workflow), cache, search, media, i18n, http and text, but no other face.
"""
