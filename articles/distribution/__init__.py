"""What leaves the newsroom for machines: RSS and Atom feeds, sitemaps, the partners' ninjs API.

A face, like desk and site: it may import the domain, cache, search, media, i18n, http and
text, but no other face.
"""
