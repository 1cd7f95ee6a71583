"""The note admin writes through the one write path: the change form and its inlines are
turned into the note's data and saved by services.save_note, against the version the form
was opened at, so an admin save and an editor save never overwrite each other unseen."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from budgetnotes import shape
from budgetnotes.admin.versioned import VersionedAdminForm
from budgetnotes.models import BudgetNote
from budgetnotes.services import Conflict, NoteDataError, note_to_data, save_note

NOTE_KEYS = ("round", "code", "administration", "committee")


class NoteAdminForm(VersionedAdminForm):
    stale_message = _(
        "Notatet er gemt af en anden, siden du åbnede det (nu version %(v)s). "
        "Åbn det igen for at se ændringerne; intet er gemt."
    )

    class Meta:
        model = BudgetNote
        fields = [*NOTE_KEYS, *shape.NOTE_FIELDS, "districts"]


def _code(value, attribute="code"):
    return getattr(value, attribute) if value is not None else None


def note_fields(form):
    """The note's own fields from the admin form, as the note's data has them."""
    cleaned = form.cleaned_data
    data = {
        "round": _code(cleaned.get("round"), "slug"),
        "code": cleaned.get("code"),
        "administration": _code(cleaned.get("administration")),
        "committee": _code(cleaned.get("committee")),
        "districts": sorted(district.code for district in cleaned.get("districts") or []),
    }
    for name in shape.NOTE_FIELDS:
        if name in cleaned:
            data[name] = cleaned[name]
    return data


def _row(kind, form, scenario_numbers):
    """One inline form as a row of the note's data (fields it does not show: as stored).
    A line names its scenario by the number that scenario has after this save
    (`scenario_numbers`: pk → number), so renumbering a scenario takes its lines along."""
    cleaned, stored = form.cleaned_data, form.instance
    values = {"id": stored.pk}
    for name in kind.fields:
        if kind.key == "funding_lines" and name == "committee":
            values[name] = _code(cleaned.get("committee", stored.committee))
        elif kind.key == "funding_lines" and name == "appropriation":
            area = cleaned.get("appropriation_area")
            values[name] = area.number if area else None
        elif kind.key == "funding_lines" and name == "scenario":
            scenario = cleaned.get("scenario")
            values[name] = scenario_numbers.get(scenario.pk) if scenario else None
        else:
            values[name] = cleaned.get(name, getattr(stored, name, ""))
    if kind.amount_model_name:
        values["amounts"] = {
            str(year): amount for year, amount in form.year_amounts().items() if amount is not None
        }
    return cleaned.get("position") or 0, values


def rows_from(kind, formset, scenario_numbers=None):
    """The rows an inline formset leaves: kept and filled-in forms, by their position."""
    rows = []
    for order, form in enumerate(formset.forms):
        if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        position, values = _row(kind, form, scenario_numbers or {})
        rows.append((position, order, values))
    return [values for _position, _order, values in sorted(rows, key=lambda r: r[:2])]


def note_data(note, form, formsets):
    """The whole note's data after this admin save: the stored note (with its rows' ids),
    the form's fields over it, and each inline's rows in place of the stored ones."""
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=note.pk), with_ids=True)
    data.update(note_fields(form))
    by_model = {kind.model: kind for kind in shape.ROW_KINDS}
    # Scenarios first: the lines name them by their new numbers (a deleted one by its old
    # number, which the check then reports on the line that still names it).
    numbers = {row["id"]: row["number"] for row in data["scenarios"]}
    for formset in formsets:
        if by_model.get(formset.model) is shape.ROW_KIND["scenarios"]:
            data["scenarios"] = rows_from(shape.ROW_KIND["scenarios"], formset)
            numbers.update((row["id"], row["number"]) for row in data["scenarios"] if row["id"])
    stored_parts = {row["id"]: row["parts"] for row in data["funding_lines"] if "parts" in row}
    for formset in formsets:
        kind = by_model.get(formset.model)
        if kind is not None and kind.key != "scenarios":
            data[kind.key] = rows_from(kind, formset, numbers)
    # The admin does not edit how a shared line is split between committees (the editor
    # does): a kept line keeps its stored parts.
    for row in data["funding_lines"]:
        if row.get("id") in stored_parts:
            row["parts"] = stored_parts[row["id"]]
    return data


class WritesThroughSaveNote:
    """For BudgetNoteAdmin: every save is services.save_note with the form's version."""

    form = NoteAdminForm

    def get_readonly_fields(self, request, obj=None):
        """A note stays in the round it was made in (save_note keeps it there): shown, not
        offered as a choice that a save would pass over."""
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "round"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        if change:
            return  # the note and its rows are written together, in save_related
        saved = save_note(note_fields(form), user=request.user)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # written below, with the note; the change message reads these
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if change:
            data = note_data(form.instance, form, formsets)
            save_note(
                data,
                note=form.instance,
                user=request.user,
                expected_version=form.cleaned_data.get("expected_version"),
                rows_by_id=True,
            )
            form.instance.refresh_from_db()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save that met a newer version after its form was checked (a race of moments), or
        that the write path refused: nothing is written, and the user is told."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Conflict as error:
            messages.error(request, f"{error} Intet er gemt.")
        except NoteDataError as error:
            messages.error(request, "Intet er gemt: " + " ".join(error.messages))
        return HttpResponseRedirect(request.path)
