"""Demo initiatives (seed 004 and the initiatives behind seed 001; docs/domain.md §6) and
expiry assessments."""

from budgetnotes.models import Administration, BudgetRound
from budgetnotes.services import prune, upsert, year_amounts
from config.demo.fixtures import read_fixture
from initiatives.expiry import EconomyLine, save_assessment
from initiatives.expiry import services as expiry_services
from initiatives.models import (
    EconomyKind,
    ExpiryAssessment,
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


def load_assessments(counter):
    """The seed's sheets, through the one write path for assessments (which writes only what
    changed, so a second load writes nothing)."""
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
        values = {
            "number": item["number"],
            "administration": administration,
            "initiative": initiative,
            **{name: item.get(name) for name in expiry_services.TEXTS},
        }
        lines = [
            EconomyLine(
                kind,
                steering_area=spec["area"],
                administration=Administration.objects.get(code=spec["administration"])
                if spec.get("administration")
                else None,
                label=spec.get("label", ""),
                amounts=year_amounts(spec),
            )
            for kind in (EconomyKind.ORIGINAL, EconomyKind.PROPOSED)
            for spec in item[kind]
        ]
        existing = ExpiryAssessment.objects.filter(
            round=budget_round, number=item["number"]
        ).first()
        before = existing.version if existing else None
        assessment = save_assessment(values, lines, assessment=existing, budget_round=budget_round)
        if existing is None:
            counter.created += 1
        elif assessment.version != before:
            counter.updated += 1
        by_number[item["number"]] = (assessment, item.get("related", []))

    for assessment, related in by_number.values():
        wanted = [by_number[number][0] for number in related]
        if not set(wanted) <= set(assessment.related.all()):
            save_assessment({}, assessment=assessment, related=[*assessment.related.all(), *wanted])
            counter.updated += 1
