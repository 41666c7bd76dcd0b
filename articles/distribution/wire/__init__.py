"""Wire intake: partners' news fetched, parsed and handed to the domain (articles/wire.py).

`fetch` reads a source within limits, `parse` makes items of what it sent, `poll` does one
source and writes its status, `tasks` runs polls in the background (django-tasks) and queues
the ones the desk asks for (signals.wire_poll_requested).
"""
