"""What a browser posts from a page's form: every field as the page shows it."""

from html.parser import HTMLParser

from django.http import QueryDict


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data = QueryDict(mutable=True)
        self.textarea = self.select = None
        self.text: list[str] = []
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or attrs.get("disabled") is not None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.appendlist(name, attrs.get("value") or "on")
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.data.appendlist(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []
        elif tag == "select" and name:
            self.select, self.options = (name, "multiple" in attrs), []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value") or "", "selected" in attrs))

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            text = "".join(self.text)
            self.data.appendlist(self.textarea, text[1:] if text.startswith("\n") else text)
            self.textarea = None
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]  # a browser posts the first option
            for value in chosen:
                self.data.appendlist(name, value)
            self.select = None


def posted_from(html: str, form_id: str = "article_form") -> QueryDict:
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.data
