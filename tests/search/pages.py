"""The search page as a reader reads it, for the search tests."""

from django.db import connection
from django.utils.html import strip_tags

POSTGRES = connection.vendor == "postgresql"


class Results:
    """A search page as a reader reads it: its text without tags, and its raw HTML."""

    def __init__(self, response):
        self.html = response.content.decode()
        self.text = strip_tags(self.html)


def results(client, query, language="ru") -> Results:
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return Results(response)
