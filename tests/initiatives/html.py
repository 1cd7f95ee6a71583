"""Rows of an HTML page as text cells, keyed by a data attribute (for page tests)."""

from html.parser import HTMLParser


class _Rows(HTMLParser):
    def __init__(self, attribute):
        super().__init__()
        self.attribute = attribute
        self.rows = []
        self.key = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.key = attrs.get(self.attribute)
            if self.key is not None:
                self.rows.append((self.key, []))
        elif tag in ("td", "th") and self.key is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.key is not None:
            self.rows[-1][1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr":
            self.key = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def rows_by(html, attribute):
    """{key: [[cell, ...], ...]} for every <tr> carrying `attribute`."""
    parser = _Rows(attribute)
    parser.feed(html)
    result = {}
    for key, cells in parser.rows:
        result.setdefault(key, []).append(cells)
    return result
