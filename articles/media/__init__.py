"""Uploaded files: where they go, the checks they pass, renditions of photos, S3 storage.

It may import only articles.text. Migrations reference uploads and validators by name, so those two
modules stay where they are.
"""
