"""The newsroom: stories in several languages, written at the desk, read on the site, sent out.

This package root is the domain: models/ (what is stored), workflow.py (who may do what, and
when), services.py (the writes the desk and commands make), signals.py (what changed where
model signals cannot see), i18n.py (the languages), page_keys.py (what a page shows). It may
import search, media, i18n, http and text; never the cache or a face (desk, site,
distribution), which import it. The contracts: [tool.importlinter] in pyproject.toml.
"""
