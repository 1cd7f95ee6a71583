"""Structured log lines: every record carries the id of the request (or task) it belongs to,
and in production each line is one JSON object (python-json-logger), so a log collector can
search by request id, user, level or logger."""

import logging
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

# The request (or background task) being handled in this thread, "-" outside one.
current_request_id: ContextVar[str] = ContextVar("request_id", default="-")
current_user: ContextVar[str] = ContextVar("user", default="")


class RequestIdFilter(logging.Filter):
    """Adds request_id (and the user, once known) to every record."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        record.user = current_user.get()
        return True


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line: time, level, logger, message, request_id, user, and what the
    call passed in `extra`; a traceback as `exc_info`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("json_ensure_ascii", False)
        kwargs.setdefault(
            "rename_fields", {"levelname": "level", "name": "logger", "asctime": "time"}
        )
        super().__init__(
            "%(levelname)s %(name)s %(message)s %(request_id)s %(user)s", *args, **kwargs
        )

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        if not log_data.get("user"):
            log_data.pop("user", None)
