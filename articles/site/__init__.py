"""The reader's site: views, URLs, the <head> data of its pages, its template tags, the Latin
edition of the Kazakh site.

A face, like desk and distribution: it may import the domain, cache, search, media, i18n, http
and text, but no other face (newsroom/urls.py joins the feeds' routes to its namespace).
"""
