"""The pages read an exact number of queries, however many assessments the round has (the
numbers are in tests/trust/query_counts.py)."""

import pytest
from django.urls import reverse

from tests.trust.query_counts import QUERY_COUNTS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "args", "request_name"),
    [
        ("expiry-worklist", ["budget-2027"], "expiry worklist"),
        ("assessment-list", ["budget-2027"], "assessment list"),
        ("assessment-detail", ["budget-2027", 2], "assessment page"),
        ("initiative-list", [], "initiative list"),
    ],
)
def test_query_count(editor, login, django_assert_num_queries, name, args, request_name):
    client = login(editor)
    client.get(reverse(name, args=args))  # warm caches (session, content types)
    with django_assert_num_queries(QUERY_COUNTS[request_name]):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
