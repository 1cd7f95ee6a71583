"""Seed 001's sheets as the demo fixture holds them, read straight from the JSON (no models)."""

import json
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "expiry.json"


def sheets():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["assessments"]


def amounts(spec):
    if "annual" in spec:
        first, last, amount = spec["annual"]
        return dict.fromkeys(range(first, last + 1), amount)
    return {int(year): amount for year, amount in spec.get("amounts", {}).items()}


def proposed_by_year(sheet):
    result = {}
    for spec in sheet["proposed"]:
        for year, amount in amounts(spec).items():
            result[year] = result.get(year, 0) + amount
    return result
