"""*Sammenlign versioner*: two saved versions of a note side by side (budgetnotes.comparison),
with shortcuts to what matters at budget deadline: since the previous version, since the
note was last sent to the committee, since it was last sent back to its editor."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from budgetnotes import comparison
from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote
from budgetnotes.pages.lookup import note_or_404
from budgetnotes.workflow import TRANSITIONS, read_reason


def shortcuts(all_versions):
    """[(label, old, new)] of the comparisons offered as links, newest version as `new`."""
    if len(all_versions) < 2:
        return []
    current = all_versions[0].number
    found = [("Forrige version", all_versions[1].number, current)]
    earlier = all_versions[1:]
    sent = next((v for v in earlier if v.status == Status.SENT), None)
    if sent:
        found.append(("Siden fremsendt til udvalget", sent.number, current))
    send_back = str(TRANSITIONS["send_back"].label)
    returned = next((v for v in earlier if read_reason(v.reason)[0] == send_back), None)
    if returned:
        found.append(("Siden sendt tilbage til redaktøren", returned.number, current))
    return found


def _number(value, default, known):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number in known else default


@login_required
def note_compare_view(request, slug, code):
    note = note_or_404(request, slug, code, BudgetNote.objects.select_related("round"))
    all_versions = comparison.versions(note)
    known = {version.number for version in all_versions}
    context = {"note": note, "round": note.round, "versions": all_versions}
    if len(all_versions) >= 2:
        new = _number(request.GET.get("til"), all_versions[0].number, known)
        old = _number(request.GET.get("fra"), all_versions[1].number, known)
        if old > new:
            old, new = new, old
        context |= {
            "old_number": old,
            "new_number": new,
            "shortcuts": shortcuts(all_versions),
            "comparison": comparison.compare(
                comparison.snapshot(note, old, all_versions),
                comparison.snapshot(note, new, all_versions),
            ),
        }
    return render(request, "budgetnotes/note_compare.html", context)
