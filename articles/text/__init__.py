"""Text in, text out: sanitizing rich text, plain text, slugs, diffs, Kazakh Latin, links.

The bottom room: it imports nothing of the project (Django and libraries only), and every
other room may import it.
"""
