"""Sorting a few rows in Python the way their model's `Meta.ordering` sorts them in SQL."""

from operator import attrgetter


def in_meta_order(rows: list) -> list:
    """`rows` (instances of one model, read with `.order_by()`) sorted by `Meta.ordering`.

    For the handful of rows of an article page (its language versions, bylines,
    corrections), compiling an ORDER BY costs Django more than the query's other clauses;
    sorting them here gives the same order from the one definition. Only for orderings on
    plain numeric or date fields (optionally `-` for descending): text would sort by the
    database's collation, which Python does not know.
    """
    if rows:
        for name in reversed(rows[0]._meta.ordering):  # stable sorts: last key first
            rows.sort(key=attrgetter(name.removeprefix("-")), reverse=name.startswith("-"))
    return rows
