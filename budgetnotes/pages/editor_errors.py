"""The editor's errors: every one of a save in one round, and a summary that links to each
(Det Fælles Designsystem's error summary).

When some fields cannot be read (a letter in an amount), the note is not saved; the write
path's own checks (services.check_note: a scenario that does not exist, parts that do not add
up, districts together with Bydækkende, …) still run on the rest of what was typed, so the
user is not sent a second round of errors after fixing the first."""

from dataclasses import dataclass

from budgetnotes.services import NoteDataError, check_note


@dataclass(frozen=True)
class ErrorLink:
    anchor: str  # the field's id ("" where the error belongs to no one field)
    text: str


def check_beyond_the_forms(editor, note, stored, user):
    """Put the write path's problems with what could be read on their fields, leaving out
    those at a field that already has an error (the user fixes that one first). `stored`:
    the note's data as the editor read it."""
    try:
        data = editor.to_data()
    except NoteDataError as error:  # a part of a removed line: said at the part
        editor.page_errors.extend(str(problem) for problem in error.problems)
        return
    merged = {**stored, **{key: data[key] for key in editor.editable_keys() if key in data}}
    try:
        check_note(merged, note, user=user)
    except NoteDataError as error:
        editor.add_problems(error.problems, unless_marked=True)


def _row_sets(editor):
    yield from editor.formsets.items()
    yield "parts", editor.parts


def error_summary(editor):
    """Every error of the editor's forms, in page order, each with a link to its field."""
    links = [ErrorLink("", error) for error in editor.page_errors]
    links += [ErrorLink("", str(error)) for error in editor.text.non_field_errors()]
    for name, errors in editor.text.errors.items():
        if name == "__all__":
            continue
        field = editor.text[name]
        links += [ErrorLink(field.auto_id, f"{field.label}: {error}") for error in errors]
    for _prefix, formset in _row_sets(editor):
        links += [ErrorLink("", str(error)) for error in formset.non_form_errors()]
        for number, form in enumerate(formset.forms, start=1):
            if formset.can_delete and formset._should_delete_form(form):
                continue
            place = f"{str(form.row_name).capitalize()} {number}"
            for name, errors in form.errors.items():
                if name == "__all__":
                    anchor = form[form.first_field].auto_id if form.first_field else ""
                    links += [ErrorLink(anchor, f"{place}: {error}") for error in errors]
                    continue
                field = form[name]
                links += [
                    ErrorLink(field.auto_id, f"{place}, {field.label}: {error}") for error in errors
                ]
    return links
