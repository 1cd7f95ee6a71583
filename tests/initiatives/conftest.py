import pytest
from django.test import Client

from budgetnotes.models import BudgetRound
from tests.builders import make_round


@pytest.fixture
def login():
    """A test client logged in as the user (force_login; no password round-trip)."""

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def round_2027(db):
    return BudgetRound.objects.get(slug="budget-2027")


@pytest.fixture
def round_2030(db):
    """The round after BI22's last year (2029); a user creates it in the admin."""
    return make_round(2030)
