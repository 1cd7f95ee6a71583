"""The note editor: text sections and rows in one page, live totals from the server,
no lost updates (the form carries the version and a signed snapshot it started from)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from budgetnotes.extensions import line_link
from budgetnotes.models import BudgetNote
from budgetnotes.pages.changes import diff_data
from budgetnotes.pages.editor_errors import check_beyond_the_forms, error_summary
from budgetnotes.pages.editor_forms import NoteEditor, read_snapshot, sign_snapshot
from budgetnotes.pages.live import live_totals
from budgetnotes.pages.lookup import editable_note_or_403
from budgetnotes.services import Conflict, NoteDataError, note_to_data, save_note
from budgetnotes.shape import WITH_AMOUNTS


def _load(request, slug, code):
    return editable_note_or_403(request, slug, code, _read())


def _read():
    """The note with everything the editor shows, its lines' link (initiative) included."""
    link = line_link()
    notes = BudgetNote.objects.with_everything()
    return notes.prefetch_related(*link.prefetch) if link else notes


def _data(note):
    """The note's data as the editor shows it: with row ids, and each line's link."""
    data = note_to_data(note, with_ids=True)
    link = line_link()
    return link.add_to_data(note, data) if link else data


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
    current = _data(note)
    conflict = None
    # The form shows the stored note; only what the form shows is taken from the post.
    editor = NoteEditor(note, current, request.POST if request.method == "POST" else None)
    version, snapshot = note.version, sign_snapshot(note, current)
    if request.method == "POST" and editor.is_valid():
        expected = _version(request.POST.get("version"))
        opened = read_snapshot(request.POST.get("snapshot"), note, expected)
        try:
            link = line_link()
            write = link.save if link else save_note
            saved = write(
                editor.to_data(),
                note=note,
                user=request.user,
                expected_version=expected,
                only=NoteEditor.editable_keys(),
                rows_by_id=True,
            )
        except Conflict as error:
            # Show what changed meanwhile; keep every typed value; the next save is a
            # deliberate one against the current version.
            fresh = _read().get(pk=error.note.pk)
            latest = _data(fresh)
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
        # Not valid: the write path's checks of the rest come in the same round, and the
        # form is shown again against the version it was opened at.
        check_beyond_the_forms(editor, note, current, request.user)
        version = _version(request.POST.get("version"))
        if read_snapshot(request.POST.get("snapshot"), note, version) is not None:
            snapshot = request.POST["snapshot"]
    live = live_totals(note, request.POST if request.method == "POST" else None, editor)
    grid = {}
    for kind in WITH_AMOUNTS:
        row_totals = {row["index"]: row["line"].total for row in live[kind.prefix]["rows"]}
        forms = editor.formsets[kind.prefix].forms
        grid[kind.prefix] = [(form, row_totals.get(index)) for index, form in enumerate(forms)]
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
            "errors": error_summary(editor) if request.method == "POST" else [],
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
