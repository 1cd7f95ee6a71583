"""The request id, and one log line per request."""

import logging
import re
import time
import uuid

from operations import logs
from operations.addresses import client_address, from_trusted_proxy

logger = logging.getLogger("operations.requests")
# A request id a trusted proxy passes on (nginx's $request_id is 32 hex digits).
GOOD_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"


def request_id(request):
    """The proxy's X-Request-ID when a trusted proxy sent a well-formed one, else a new id."""
    given = request.headers.get(HEADER, "")
    if given and GOOD_ID.match(given) and from_trusted_proxy(request):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives each request an id (request.id, the X-Request-ID response header, every log
    line), and logs one line per request: method, path, status, duration, user, client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id(request)
        id_token = logs.current_request_id.set(request.id)
        user_token = logs.current_user.set("")
        started = time.monotonic()
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                logs.current_user.set(user.get_username())
            response[HEADER] = request.id
            if request.path != "/healthz" or response.status_code != 200:
                logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.monotonic() - started) * 1000),
                        "client": client_address(request),
                    },
                )
            return response
        finally:
            logs.current_request_id.reset(id_token)
            logs.current_user.reset(user_token)
