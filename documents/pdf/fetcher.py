"""The only way WeasyPrint reaches anything: the app's own static files and data: URLs.

Kept free of Django imports so that worker processes can render without setting Django up:
the static files are handed over as a ready {url: path} map.
"""

import mimetypes
from urllib import request

from weasyprint.urls import URLFetcher, URLFetcherResponse

# Base URL of every rendered document. `.invalid` can never resolve, so a relative URL in
# user text ("../../etc/passwd", "/admin/") becomes an address that is refused below.
INTERNAL_BASE = "https://budgetnotes.invalid/"
STATIC_BASE = INTERNAL_BASE + "static/"


class RefusedURL(ValueError):
    """Raised (and caught by WeasyPrint, which then skips the resource) for a refused URL."""


class SafeURLFetcher(URLFetcher):
    """Serves `data:` URLs and the listed static files; refuses everything else.

    `static_files` maps an absolute URL under STATIC_BASE to a file path on disk; only those
    exact URLs are served (no path arithmetic, so no traversal). Refused URLs are recorded in
    `refused`, served ones in `served`, so tests can see what was asked for.
    """

    def __init__(self, static_files=None):
        # Deliberately not URLFetcher.__init__: it installs HTTP(S), FTP and file handlers
        # (and builds an SSL context per document). Only the data: handler is installed here.
        request.OpenerDirector.__init__(self)
        self.add_handler(request.DataHandler())
        self._timeout = 1
        self._http_headers = {}
        self._allowed_protocols = ("data",)
        self._fail_on_errors = False
        self._request = None
        self.static_files = dict(static_files or {})
        self.refused = []
        self.served = []

    def fetch(self, url, headers=None):
        if url[:5].lower() == "data:":
            self.served.append("data:")
            response = request.OpenerDirector.open(self, url)
            return URLFetcherResponse(url, response.read(), response.headers)
        path = self.static_files.get(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"PDF may not fetch {url[:100]!r}")
        with open(path, "rb") as handle:
            body = handle.read()
        self.served.append(url)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})
