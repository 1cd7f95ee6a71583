"""The note editor: text sections and rows in one page, live totals from the server,
no lost updates (the form carries the version and a signed snapshot it started from)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from budgetnotes import limits, totals
from budgetnotes.forms import year_field_name
from budgetnotes.models import BudgetNote
from budgetnotes.numbers import AmountError, parse_amount
from budgetnotes.pages.changes import diff_data
from budgetnotes.pages.editor_forms import NoteEditor, read_snapshot, sign_snapshot
from budgetnotes.pages.lookup import editable_note_or_403
from budgetnotes.services import NoteConflict, NoteDataError, note_to_data, save_note


def _load(request, slug, code):
    return editable_note_or_403(request, slug, code, BudgetNote.objects.with_everything())


def _version(value):
    """The version the form was opened at; a missing or unreadable one never matches, so the
    save is treated as meeting a newer version (the user is shown and saves again)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@login_required
def note_edit(request, slug, code):
    note = _load(request, slug, code)
    current = note_to_data(note)
    conflict = None
    # The form shows the stored note; only what the form shows is taken from the post.
    editor = NoteEditor(note, current, request.POST if request.method == "POST" else None)
    version, snapshot = note.version, sign_snapshot(note, current)
    if request.method == "POST" and editor.is_valid():
        expected = _version(request.POST.get("version"))
        opened = read_snapshot(request.POST.get("snapshot"), note, expected)
        try:
            saved = save_note(
                editor.to_data(),
                note=note,
                user=request.user,
                expected_version=expected,
                only=NoteEditor.editable_keys(),
            )
        except NoteConflict as error:
            # Show what changed meanwhile; keep every typed value; the next save is a
            # deliberate one against the current version.
            fresh = BudgetNote.objects.with_everything().get(pk=error.note.pk)
            latest = note_to_data(fresh)
            conflict = {
                "changes": diff_data(opened, latest) if opened else None,
                "version": fresh.version,
                "user": _last_user(fresh),
            }
            version, snapshot = fresh.version, sign_snapshot(fresh, latest)
        except NoteDataError as error:
            editor.add_problems(error.problems)
        else:
            messages.success(request, f"{saved.code} er gemt (version {saved.version}).")
            return redirect(saved)
    elif request.method == "POST":
        # Not valid: the form is shown again against the version it was opened at.
        version = _version(request.POST.get("version"))
        if read_snapshot(request.POST.get("snapshot"), note, version) is not None:
            snapshot = request.POST["snapshot"]
    live = live_totals(note, request.POST if request.method == "POST" else None, editor)
    grid = {}
    for prefix in ("lines", "allocations", "conversions"):
        row_totals = {row["index"]: row["line"].total for row in live[prefix]["rows"]}
        forms = editor.formsets[prefix].forms
        grid[prefix] = [(form, row_totals.get(index)) for index, form in enumerate(forms)]
    return render(
        request,
        "budgetnotes/note_edit.html",
        {
            "note": note,
            "round": note.round,
            "editor": editor,
            "version": version,
            "snapshot": snapshot,
            "conflict": conflict,
            "live": live,
            "grid": grid,
            "has_errors": request.method == "POST" and conflict is None,
        },
        status=409 if conflict else 200,
    )


def _last_user(note):
    record = note.history.select_related("history_user").first()
    if record and record.history_user:
        user = record.history_user
        return user.get_full_name() or user.username
    return ""


@login_required
@require_POST
def note_edit_totals(request, slug, code):
    """The editor's totals for what is typed now, computed by budgetnotes.totals."""
    note = _load(request, slug, code)
    live = live_totals(note, request.POST)
    return render(request, "budgetnotes/partials/editor_totals.html", {"note": note, "live": live})


def _raw_amounts(data, prefix, index, years):
    amounts, invalid = {}, False
    for year in years:
        raw = data.get(f"{prefix}-{index}-{year_field_name(year)}", "")
        try:
            value = parse_amount(raw)
        except AmountError:
            invalid = True
            continue
        if value is not None:
            amounts[year] = value
    return amounts, invalid


ROW_KEYS = {"lines": "funding_lines", "allocations": "allocations", "conversions": "conversions"}


def _rows(data, prefix, years, counts=None):
    """(index, totals.Line, invalid, counts) for the rows of a row set as typed."""
    try:
        count = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        count = 0
    rows = []
    for index in range(max(0, min(count, limits.ROW_LIMITS[ROW_KEYS[prefix]] + 50))):
        if data.get(f"{prefix}-{index}-DELETE"):
            continue
        amounts, invalid = _raw_amounts(data, prefix, index, years)
        line = totals.Line(
            label=data.get(f"{prefix}-{index}-activity", ""),
            amounts=amounts,
            steering_area=data.get(f"{prefix}-{index}-steering_area", ""),
            income_expense=data.get(f"{prefix}-{index}-income_expense", "U"),
        )
        scenario = data.get(f"{prefix}-{index}-scenario", "").strip()
        counted = counts(scenario) if counts else True
        rows.append({"index": index, "line": line, "invalid": invalid, "counted": counted})
    return rows


def _typed_scenario_counts(typed):
    """Whether a line with this scenario, as typed, counts (something unreadable does not)."""
    if not typed:
        return totals.counts(None)
    return typed.isascii() and typed.isdigit() and len(typed) < 4 and totals.counts(int(typed))


def _table_from(rows, years):
    return totals.Table(years, tuple(row["line"] for row in rows if row["counted"]))


def live_totals(note, data, editor=None):
    """Row, column and grand totals of the funding lines, allocations and conversions, from
    the typed values (POST) or the stored note; the same module the note page uses."""
    if data is None:
        data = {}
        if editor is not None:
            for prefix in ("lines", "allocations", "conversions"):
                row_set = editor.formsets[prefix]
                data[f"{prefix}-TOTAL_FORMS"] = str(row_set.total_form_count())
                for form in row_set.forms:
                    for name in form.fields:
                        value = form[name].value()
                        data[form.add_prefix(name)] = "" if value is None else str(value)
    sets = {}
    for prefix, years, counts in (
        ("lines", note.years, _typed_scenario_counts),
        ("allocations", note.allocation_years, None),
        ("conversions", note.years, None),
    ):
        rows = _rows(data, prefix, years, counts)
        sets[prefix] = {
            "prefix": prefix,
            "rows": rows,
            "years": years,
            "table": _table_from(rows, years),
        }
    economy = sets["lines"]["table"]
    sets["lines"]["by_area"] = economy.by_steering_area()
    sets["lines"]["discrepancies"] = totals.decision_discrepancies(
        data.get("decision", note.decision), economy
    )
    return sets
