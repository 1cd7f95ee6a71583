"""Log lines: JSON objects carrying the request id, which is also the X-Request-ID header;
a proxy's own id is kept only from a trusted proxy."""

import json
import logging

from operations.logs import JsonFormatter, RequestIdFilter, current_request_id


def test_a_log_line_is_one_json_object_with_the_request_id():
    record = logging.LogRecord(
        "budget", logging.WARNING, __file__, 1, "Notat %s gemt", ("BI22",), None
    )
    token = current_request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert (data["level"], data["logger"], data["message"]) == (
        "WARNING",
        "budget",
        "Notat BI22 gemt",
    )
    assert data["request_id"] == "abc123"
    assert "time" in data and "\n" not in line


def test_every_response_carries_a_fresh_request_id(client, db):
    first = client.get("/login/")["X-Request-ID"]
    second = client.get("/login/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_request_id_from_an_untrusted_client_is_not_believed(client, db, settings):
    settings.TRUSTED_PROXIES = []
    response = client.get("/login/", headers={"X-Request-ID": "chosen-by-client-1234"})
    assert response["X-Request-ID"] != "chosen-by-client-1234"


def test_a_trusted_proxys_request_id_is_kept(client, db, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get("/login/", headers={"X-Request-ID": "nginx-0123456789abcdef"})
    assert response["X-Request-ID"] == "nginx-0123456789abcdef"
