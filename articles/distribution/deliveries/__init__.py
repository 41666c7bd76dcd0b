"""Pieces pushed to partners as they change: planned on commit, sent by background tasks.

- `triggers.py`: every save of a piece (admin, services, shell) plans its deliveries once the
  transaction commits (`deliveries_plan`), and every planned delivery is queued as a task;
- `payload.py`: what a partner is sent, decided when it is sent (ninjs 3.1), and its signature;
- `endpoint.py`: one POST to a partner's endpoint, to a checked public address, no redirects;
- `tasks.py`: the `deliver` task: claim, send, record the attempt, retry with backoff.
"""
