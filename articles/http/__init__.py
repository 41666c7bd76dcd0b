"""HTTP plumbing: request size limits, security headers (CSP), the client's address, absolute
URLs from the configured site address.

It may import only articles.text (today it imports nothing of the project); the faces and
newsroom/ import it.
"""
