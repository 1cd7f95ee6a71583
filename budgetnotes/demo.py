"""Loads the demo data in fixtures/demo/ (the seeds' facts and figures).

Idempotent: objects are found by their natural keys and saved only when a value differs,
so a second run writes nothing (and records no history).
"""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from budgetnotes.choices import Role
from budgetnotes.models import (
    Administration,
    AppropriationArea,
    BudgetNote,
    BudgetRound,
    Committee,
    PriceIndex,
    User,
)
from budgetnotes.services import Counter, normalize, note_to_data, save_note, upsert

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_PASSWORD = "budget2026"
DEMO_USERS = [
    ("redaktor", "BIF", Role.EDITOR, "Rikke", "Redaktør"),
    ("godkender", "BIF", Role.APPROVER, "Gustav", "Godkender"),
    ("sekretaer", "BIF", Role.SECRETARY, "Sanne", "Sekretær"),
    ("analytiker", "BIF", Role.ANALYST, "Anders", "Analytiker"),
    ("sof-redaktor", "SOF", Role.EDITOR, "Sofie", "Redaktør (SOF)"),
]


def read_fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def load_reference(counter):
    data = read_fixture("reference.json")
    for item in data["administrations"]:
        upsert(counter, Administration, {"code": item["code"]}, {"name": item["name"]})
    for item in data["committees"]:
        upsert(counter, Committee, {"code": item["code"]}, {"name": item["name"]})
    for item in data["appropriation_areas"]:
        committee = Committee.objects.get(code=item["committee"])
        upsert(
            counter,
            AppropriationArea,
            {"committee": committee, "number": item["number"]},
            {"name": item["name"]},
        )
    for item in data["rounds"]:
        upsert(
            counter,
            BudgetRound,
            {"slug": item["slug"]},
            {"kind": item["kind"], "year": item["year"], "is_open": item["is_open"]},
        )
    indices = data["price_indices"]
    for area in ("service", "indsats", "overfoersler"):
        for year, index in indices[area].items():
            upsert(
                counter,
                PriceIndex,
                {"year": int(year), "steering_area": area},
                {
                    "index": Decimal(index),
                    "is_example": indices["is_example"],
                    "source": indices["source"],
                },
            )


def load_note(counter, item):
    """Create or update a demo note through save_note, the one write path for notes."""
    existing = BudgetNote.objects.filter(round__slug=item["round"], code=item["code"]).first()
    if existing is None:
        save_note(item, allow_status=True)
        counter.created += 1
    elif note_to_data(existing) != normalize(item):
        save_note(item, note=existing, allow_status=True)
        counter.updated += 1


def load_users(counter):
    for username, administration, role, first_name, last_name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        values = {
            "administration": Administration.objects.get(code=administration),
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": True,
        }
        if user is None:
            user = User(username=username, **values)
            user.set_password(DEMO_PASSWORD)
            user.save()
            counter.created += 1
        elif any(getattr(user, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(user, key, value)
            user.save()
            counter.updated += 1
        group = Group.objects.get(name=role)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)


@transaction.atomic
def load_demo(with_users):
    from initiatives.demo import load_assessments, load_initiatives

    counter = Counter()
    load_reference(counter)
    load_initiatives(counter)
    load_assessments(counter)
    for item in read_fixture("notes.json")["notes"]:
        load_note(counter, item)
    if with_users:
        load_users(counter)
    return counter
