"""Keeping pages: the page cache, fragments, front-cache purges, warming, and invalidation
(the model signal handlers, and the receivers of articles/signals.py).

Above the domain: it may import the domain and the rooms below (search, media, i18n, http,
text). The faces and the commands import it; the domain never does (it sends signals).
"""
