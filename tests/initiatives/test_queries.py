"""The pages read a fixed number of queries, however many assessments the round has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "args", "limit"),
    [
        ("expiry-worklist", ["budget-2027"], 15),
        ("assessment-list", ["budget-2027"], 15),
        ("assessment-detail", ["budget-2027", 2], 20),
        ("initiative-list", [], 12),
    ],
)
def test_query_count(editor, login, name, args, limit):
    client = login(editor)
    client.get(reverse(name, args=args))  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert len(queries) <= limit, [q["sql"][:120] for q in queries]
