"""A note's page: everything the printed note has (DOMAIN.md §4), in the same order."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from budgetnotes import access, totals, workflow
from budgetnotes.models import BudgetNote, District
from budgetnotes.pages.lookup import note_or_404

# Actions that lock, unlock or close a note are confirmed on a page of their own.
CONFIRMED_ACTIONS = {"send", "adopt", "reject", "reopen"}
GROUP_TITLES = {"service": "Udgifter til service", "overfoersler": "Udgifter til overførsler mv."}


class TableNumbers:
    """Tables are numbered in order of appearance, as in the printed note."""

    def __init__(self):
        self.count = 0

    def next(self):
        self.count += 1
        return self.count


def appendix_line(line):
    """A funding line as the appendix prints it: its technical text where it has one."""
    base = line.as_total_line()
    return totals.Line(
        label=line.technical_text or line.activity,
        amounts=base.amounts,
        steering_area=base.steering_area,
        committee=base.committee,
        appropriation=base.appropriation,
        income_expense=base.income_expense,
    )


def appendix(note, numbers):
    """Per scenario: its tables per group (service / overførsler mv.) and, where more than one
    committee is involved, the committee distribution."""
    groups = {}
    for line in note.funding_lines.all():
        groups.setdefault(line.scenario, []).append(line)
    result = []
    for scenario, lines in sorted(
        groups.items(), key=lambda item: item[0].number if item[0] else 0
    ):
        table = totals.Table(note.years, tuple(appendix_line(line) for line in lines))
        prices = f"1.000 kr., {note.price_level} p/l"
        group_tables = [
            {
                "caption": f"Tabel {numbers.next()} – {GROUP_TITLES[group]} ({prices})",
                "table": group_table,
            }
            for group, group_table in table.appendix_tables()
        ]
        distribution = None
        if len(table.committees) > 1:
            distribution = {
                "caption": f"Tabel {numbers.next()} – Fordeling mellem udvalg ({prices})",
                "table": table.committee_distribution(),
            }
        result.append({"scenario": scenario, "tables": group_tables, "distribution": distribution})
    return result


def source_assessment(user, note):
    """The expiry assessment this note follows up, if the user may read it. Reached by the
    link's reverse name, so the note domain imports nothing of the expiry app above it."""
    assessment = getattr(note, "source_assessment", None)
    return assessment if assessment is not None and access.can_view(user, assessment) else None


@login_required
def note_detail(request, slug, code):
    note = note_or_404(request, slug, code, BudgetNote.objects.with_everything())
    numbers = TableNumbers()
    effect_number = numbers.next() if note.effect_rows.all() else None
    economy = note.economy_table()
    economy_number = numbers.next()
    allocations = note.allocations_table()
    allocations_number = numbers.next() if allocations.lines else None
    appendix_parts = appendix(note, numbers)
    conversions = note.conversions_table()
    conversions_number = numbers.next() if conversions.lines else None
    ticked = {district.pk for district in note.districts.all()}
    actions = [
        {"name": t.name, "label": t.label, "confirm": t.name in CONFIRMED_ACTIONS}
        for t in workflow.available(request.user, note)
    ]
    prices = f"1.000 kr., {note.price_level} p/l"
    context = {
        "note": note,
        "source_assessment": source_assessment(request.user, note),
        "economy_caption": (
            f"Tabel {economy_number} – Oversigt over ønskets aktiviteter på alle "
            f"styringsområder ({prices})"
        ),
        "allocations_caption": f"Tabel {allocations_number} – Tidligere afsatte midler "
        "(1.000 kr., løbende p/l)",
        "conversions_caption": f"Tabel {conversions_number} – Tidligere afsatte midler der "
        f"ønskes konverteret ({prices})",
        "round": note.round,
        "effect_number": effect_number,
        "economy": economy,
        "economy_number": economy_number,
        "by_area": economy.by_steering_area(),
        "allocations": allocations,
        "allocations_number": allocations_number,
        "appendix": appendix_parts,
        "conversions": conversions,
        "conversions_number": conversions_number,
        "districts": [(district, district.pk in ticked) for district in District.objects.all()],
        "discrepancies": totals.decision_discrepancies(note.decision, economy),
        "can_edit": access.can_edit(request.user, note),
        "can_export_pdf": access.can_export_pdf(request.user, note),
        "can_export_xlsx": access.can_export_xlsx(request.user, note),
        "actions": actions,
    }
    return render(request, "budgetnotes/note_detail.html", context)
