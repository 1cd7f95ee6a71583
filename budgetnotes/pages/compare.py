"""*Sammenlign versioner*: two saved versions of a note side by side (budgetnotes.comparison),
with shortcuts to what matters at budget deadline: since the previous version, since the
note was last sent to the committee, since it was last sent back to its editor, since the
user last looked (budgetnotes.visits)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from budgetnotes import comparison, visits
from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote
from budgetnotes.pages.lookup import note_or_404
from budgetnotes.workflow import TRANSITIONS, read_reason


def common_shortcuts(all_versions, seen=None):
    """[(label, old, new)]: since the previous version, since sent (Fremsendt), since the
    version the user last saw (`seen`) — for notes and assessments alike."""
    if len(all_versions) < 2:
        return []
    current = all_versions[0].number
    found = [("Forrige version", all_versions[1].number, current)]
    earlier = all_versions[1:]
    sent = next((v for v in earlier if v.status == Status.SENT), None)
    if sent:
        found.append(("Siden fremsendt til udvalget", sent.number, current))
    if seen is not None and seen < current and any(v.number == seen for v in earlier):
        found.append((f"Siden jeg sidst kiggede (version {seen})", seen, current))
    return found


def shortcuts(all_versions, seen=None):
    """[(label, old, new)] of the comparisons offered as links, newest version as `new`."""
    found = common_shortcuts(all_versions, seen)
    send_back = str(TRANSITIONS["send_back"].label)
    returned = next((v for v in all_versions[1:] if read_reason(v.reason)[0] == send_back), None)
    if returned:
        found.append(
            ("Siden sendt tilbage til redaktøren", returned.number, all_versions[0].number)
        )
    return found


def _number(value, default, known, problems):
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        problems.append(f"„{value}“ er ikke et versionsnummer.")
        return default
    if number not in known:
        problems.append(f"Version {number} findes ikke.")
        return default
    return number


def pick(request, all_versions):
    """The versions asked for (?fra=&til=), the older first, and what was wrong with the
    request in Danish (an unknown version falls back to the previous or the newest one)."""
    known = {version.number for version in all_versions}
    problems = []
    new = _number(request.GET.get("til"), all_versions[0].number, known, problems)
    old = _number(request.GET.get("fra"), all_versions[1].number, known, problems)
    if old > new:
        old, new = new, old
    if problems:
        problems.append(f"Her vises version {old} → {new}; vælg andre versioner i listen.")
    return old, new, " ".join(problems)


def compare_context(request, obj, engine, offered):
    """What both comparison pages show: the versions, the two picked (?fra=&til=) with what
    was wrong with the request, the shortcuts (`offered(all_versions)`) and the comparison.
    `engine` is budgetnotes.comparison or initiatives.expiry.comparison."""
    all_versions = engine.versions(obj)
    context = {"versions": all_versions}
    if len(all_versions) >= 2:
        old, new, problem = pick(request, all_versions)
        context |= {
            "old_number": old,
            "new_number": new,
            "problem": problem,
            "shortcuts": offered(all_versions),
            "comparison": engine.compare(
                engine.snapshot(obj, old, all_versions),
                engine.snapshot(obj, new, all_versions),
            ),
        }
    return context


@login_required
def note_compare_view(request, slug, code):
    note = note_or_404(request, slug, code, BudgetNote.objects.select_related("round"))
    context = compare_context(
        request,
        note,
        comparison,
        lambda all_versions: shortcuts(all_versions, visits.last_seen(request.user, note)),
    )
    context |= {"note": note, "round": note.round}
    return render(request, "budgetnotes/note_compare.html", context)
