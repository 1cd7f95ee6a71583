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
    AllocationAmount,
    AppropriationArea,
    BudgetNote,
    BudgetRound,
    Committee,
    District,
    EffectRow,
    FundingAmount,
    FundingLine,
    PreviousAllocation,
    PriceIndex,
    Scenario,
    User,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_PASSWORD = "budget2026"
DEMO_USERS = [
    ("redaktor", "BIF", Role.EDITOR, "Rikke", "Redaktør"),
    ("godkender", "BIF", Role.APPROVER, "Gustav", "Godkender"),
    ("sekretaer", "BIF", Role.SECRETARY, "Sanne", "Sekretær"),
    ("analytiker", "BIF", Role.ANALYST, "Anders", "Analytiker"),
    ("sof-redaktor", "SOF", Role.EDITOR, "Sofie", "Redaktør (SOF)"),
]


class Counter:
    def __init__(self):
        self.created = 0
        self.updated = 0
        self.deleted = 0

    def __str__(self):
        return f"{self.created} oprettet, {self.updated} ændret, {self.deleted} slettet"


def read_fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def upsert(counter, model, lookup, values=None):
    """Get or create by `lookup`; set `values`; validate and save only if something changed."""
    values = values or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        counter.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
        counter.updated += 1
    return obj


def prune(counter, queryset, keep):
    """Delete the rows of `queryset` that the fixture no longer has."""
    stale = queryset.exclude(pk__in=[obj.pk for obj in keep])
    if stale.exists():
        counter.deleted += stale.count()
        for obj in stale:
            obj.delete()


def year_amounts(spec):
    """{"2026": 7600} or "annual": [2027, 2030, 500] → {2026: 7600} / {2027: 500, ...}."""
    if "annual" in spec:
        first, last, amount = spec["annual"]
        return dict.fromkeys(range(first, last + 1), amount)
    return {int(year): amount for year, amount in spec.get("amounts", {}).items()}


def sync_amounts(counter, amount_model, parent_field, parent, amounts):
    kept = [
        upsert(counter, amount_model, {parent_field: parent, "year": year}, {"amount": amount})
        for year, amount in sorted(amounts.items())
    ]
    prune(counter, amount_model.objects.filter(**{parent_field: parent}), kept)


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


NOTE_FIELDS = (
    "title",
    "category",
    "status",
    "price_level",
    "first_year",
    "last_year",
    "is_permanent",
    "resume",
    "decision",
    "background",
    "content",
    "effect_text",
    "economy_text",
    "risk_text",
    "citywide",
    "address",
    "allocations_first_year",
    "allocations_last_year",
)


def load_note(counter, item):
    from initiatives.models import Initiative

    note = upsert(
        counter,
        BudgetNote,
        {"round": BudgetRound.objects.get(slug=item["round"]), "code": item["code"]},
        {
            "administration": Administration.objects.get(code=item["administration"]),
            "committee": Committee.objects.get(code=item["committee"]),
            **{name: item[name] for name in NOTE_FIELDS},
        },
    )
    districts = set(District.objects.filter(code__in=item["districts"]))
    if set(note.districts.all()) != districts:
        note.districts.set(districts)
        counter.updated += 1

    rows = [
        upsert(counter, EffectRow, {"note": note, "position": position}, row)
        for position, row in enumerate(item["effect_rows"], start=1)
    ]
    prune(counter, note.effect_rows.all(), rows)

    scenarios = {
        spec["number"]: upsert(
            counter, Scenario, {"note": note, "number": spec["number"]}, {"name": spec["name"]}
        )
        for spec in item["scenarios"]
    }
    prune(counter, note.scenarios.all(), scenarios.values())

    lines = []
    for position, spec in enumerate(item["funding_lines"], start=1):
        committee = Committee.objects.get(code=spec["committee"])
        initiative = spec.get("initiative")
        line = upsert(
            counter,
            FundingLine,
            {"note": note, "position": position},
            {
                "scenario": scenarios.get(spec.get("scenario")),
                "activity": spec["activity"],
                "technical_text": spec.get("technical_text", ""),
                "steering_area": spec["steering_area"],
                "committee": committee,
                "appropriation_area": AppropriationArea.objects.get(
                    committee=committee, number=spec["appropriation"]
                ),
                "income_expense": spec["income_expense"],
                "initiative": Initiative.objects.get(name=initiative) if initiative else None,
            },
        )
        sync_amounts(counter, FundingAmount, "line", line, year_amounts(spec))
        lines.append(line)
    prune(counter, note.funding_lines.all(), lines)

    allocations = []
    for position, spec in enumerate(item["allocations"], start=1):
        allocation = upsert(
            counter,
            PreviousAllocation,
            {"note": note, "position": position},
            {"source": spec["source"]},
        )
        sync_amounts(counter, AllocationAmount, "allocation", allocation, year_amounts(spec))
        allocations.append(allocation)
    prune(counter, note.allocations.all(), allocations)
    if item["conversions"]:
        raise NotImplementedError("The demo notes have no conversions.")
    return note


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
