"""What the domain says when readers' content changes where model signals cannot see it.

Saves and deletes send Django's own model signals; writes that bypass them (`QuerySet.update()`,
bulk loads) send these instead. The domain only sends them: whoever keeps copies of pages
listens (articles/cache/invalidation.py), so the domain never imports the cache.
"""

from django.dispatch import Signal

# Rows of `sender` (a model) changed without a save: `pks`, their primary keys.
rows_changed = Signal()
# Something every page may show changed, or what changed cannot be told.
site_changed = Signal()
# An editor asked for a wire source to be polled now (`source_id`): distribution's wire
# intake listens and queues the poll, so the desk never imports distribution.
wire_poll_requested = Signal()

# Deliveries to partners are due (`due`: pairs of a Delivery's id and the time it is due):
# whoever sends them listens (articles/distribution/deliveries/) and queues them on commit.
deliveries_due = Signal()
