"""Loads the demo data in fixtures/demo/ (the seeds' facts and figures), for both apps.

Idempotent: objects are found by their natural keys and saved only when a value differs,
so a second run writes nothing (and records no history). Part of the wiring: it loads the
note domain's data (notes.py) and the initiatives' (initiatives.py) alike.
"""

from django.db import transaction

from budgetnotes.services import Counter
from config.demo.fixtures import read_fixture
from config.demo.initiatives import load_assessments, load_initiatives
from config.demo.notes import load_note, load_reference
from config.demo.users import DEMO_PASSWORD, DEMO_USERS, load_users

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "load_demo"]


@transaction.atomic
def load_demo(with_users):
    counter = Counter()
    load_reference(counter)
    load_initiatives(counter)
    load_assessments(counter)
    for item in read_fixture("notes.json")["notes"]:
        load_note(counter, item)
    if with_users:
        load_users(counter)
    return counter
