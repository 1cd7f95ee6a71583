"""The demo's reference data (administrations, committees, appropriations, rounds, price
indices) and budget notes, from fixtures/demo/ (the seeds' facts and figures)."""

from datetime import date
from decimal import Decimal

from budgetnotes.models import (
    Administration,
    AppropriationArea,
    BudgetNote,
    BudgetRound,
    Committee,
    PriceIndex,
    PriceIndexSet,
)
from budgetnotes.services import upsert
from config.demo.fixtures import read_fixture
from initiatives.financing import (
    save_note_with_initiatives,
)


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
    chosen = upsert(
        counter,
        PriceIndexSet,
        {"name": indices["name"]},
        {
            "published": date.fromisoformat(indices["published"]),
            "is_example": indices["is_example"],
            "source": indices["source"],
        },
    )
    for area in ("service", "indsats", "overfoersler"):
        for year, index in indices[area].items():
            upsert(
                counter,
                PriceIndex,
                {"set": chosen, "year": int(year), "steering_area": area},
                {"index": Decimal(index)},
            )


def load_note(counter, item):
    """Create or update a demo note through save_note (with its lines' initiatives)."""
    existing = BudgetNote.objects.filter(round__slug=item["round"], code=item["code"]).first()
    if existing is None:
        save_note_with_initiatives(item, allow_status=True)
        counter.created += 1
        return
    saved = save_note_with_initiatives(item, note=existing, allow_status=True)
    if saved.version != existing.version:  # an unchanged note is not written at all
        counter.updated += 1
