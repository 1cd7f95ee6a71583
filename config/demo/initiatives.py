"""Demo initiatives (seed 004 and the initiatives behind seed 001) and expiry assessments."""

from budgetnotes.models import Administration, BudgetRound
from budgetnotes.services import prune, sync_amounts, upsert, year_amounts
from config.demo.fixtures import read_fixture
from initiatives.models import (
    EconomyKind,
    ExpiryAmount,
    ExpiryAssessment,
    ExpiryEconomyLine,
    Goal,
    Initiative,
    TargetGroup,
)


def load_initiatives(counter):
    for item in read_fixture("initiatives.json")["initiatives"]:
        administration = Administration.objects.get(code=item["administration"])
        own = Initiative.objects.filter(administration=administration)
        parent = own.get(name=item["parent"]) if item.get("parent") else None
        initiative = upsert(
            counter,
            Initiative,
            {"administration": administration, "name": item["name"]},
            {
                "code": item.get("code", ""),
                "parent": parent,
                "description": item.get("description", ""),
                "follow_up": item.get("follow_up", ""),
                "results": item.get("results", ""),
            },
        )
        groups = []
        for position, spec in enumerate(item.get("target_groups", []), start=1):
            group = upsert(
                counter,
                TargetGroup,
                {"initiative": initiative, "position": position},
                {
                    "name": spec["name"],
                    "description": spec["description"],
                    "follow_up": spec["follow_up"],
                },
            )
            goals = [
                upsert(
                    counter,
                    Goal,
                    {"target_group": group, "position": goal_position},
                    {"text": goal["text"], "deadline_weeks": goal["deadline_weeks"]},
                )
                for goal_position, goal in enumerate(spec["goals"], start=1)
            ]
            prune(counter, group.goals.all(), goals)
            groups.append(group)
        prune(counter, initiative.target_groups.all(), groups)


ASSESSMENT_FIELDS = (
    "title",
    "origin",
    "group",
    "verdict",
    "content",
    "results",
    "economy_text",
    "adjusted_content",
    "proposed_economy_text",
)


def load_assessments(counter):
    data = read_fixture("expiry.json")
    budget_round = BudgetRound.objects.get(slug=data["round"])
    administration = Administration.objects.get(code=data["administration"])
    by_number = {}
    for item in data["assessments"]:
        initiative = upsert(
            counter,
            Initiative,
            {"administration": administration, "name": item.get("initiative", item["title"])},
        )
        assessment = upsert(
            counter,
            ExpiryAssessment,
            {"round": budget_round, "number": item["number"]},
            {
                "administration": administration,
                "initiative": initiative,
                "original_price_level": item.get("original_price_level"),
                "proposed_price_level": item.get("proposed_price_level"),
                **{name: item[name] for name in ASSESSMENT_FIELDS},
            },
        )
        lines = []
        for kind in (EconomyKind.ORIGINAL, EconomyKind.PROPOSED):
            for position, spec in enumerate(item[kind], start=1):
                code = spec.get("administration")
                line = upsert(
                    counter,
                    ExpiryEconomyLine,
                    {"assessment": assessment, "kind": kind, "position": position},
                    {
                        "label": spec.get("label", ""),
                        "steering_area": spec["area"],
                        "administration": (Administration.objects.get(code=code) if code else None),
                    },
                )
                sync_amounts(counter, ExpiryAmount, "line", line, year_amounts(spec))
                lines.append(line)
        prune(counter, assessment.economy_lines.all(), lines)
        by_number[item["number"]] = (assessment, item.get("related", []))

    for assessment, related in by_number.values():
        wanted = {by_number[number][0] for number in related}
        if not wanted <= set(assessment.related.all()):
            assessment.related.add(*wanted)
            counter.updated += 1
