"""A draft's years and price level, changed from the editor: amounts that the new years
leave out are listed and deleted only once the user confirms; a new price level converts the
amounts by the price-index table or keeps the figures, as the user chooses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from budgetnotes import totals
from budgetnotes.models import BudgetNote, PriceIndexSet
from budgetnotes.pages.lookup import editable_note_or_403
from budgetnotes.pages.start_forms import (
    CONVERT,
    NoteYearsForm,
    add_problems,
    dropped_confirmed,
)
from budgetnotes.pages.starting import converted
from budgetnotes.services import Conflict, NoteDataError, note_to_data, save_note
from budgetnotes.services.reshaping import CannotConvert, reshape
from budgetnotes.shape import WITH_AMOUNTS

CHANGED = (
    "first_year",
    "last_year",
    "price_level",
    "allocations_first_year",
    "allocations_last_year",
    "conversions_first_year",
    "conversions_last_year",
    "conversions_price_level",
    *(kind.key for kind in WITH_AMOUNTS),
)


@login_required
def note_years(request, slug, code):
    note = editable_note_or_403(request, slug, code, BudgetNote.objects.with_everything())
    initial = {name: getattr(note, name) for name in CHANGED[:8]} | {
        "version": note.version,
        "amounts": CONVERT,
    }
    form = NoteYearsForm(request.POST or None, initial=initial)
    dropped = []
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        index_set = PriceIndexSet.objects.current()  # once: the one converted with and named
        try:
            data, dropped = reshape(
                note_to_data(note, with_ids=True),
                first_year=values["first_year"],
                last_year=values["last_year"],
                price_level=values["price_level"],
                convert=values["amounts"] == CONVERT,
                indices=index_set.table() if index_set else {},
                own_years={
                    key: (values[f"{key}_first_year"], values[f"{key}_last_year"])
                    for key in ("allocations", "conversions")
                },
            )
            data["conversions_price_level"] = values["conversions_price_level"]
        except totals.MissingPriceIndex as error:
            form.add_error("price_level", str(error))
        except CannotConvert as error:
            form.add_error("amounts", str(error))
        else:
            if dropped_confirmed(form, dropped):
                saved = _save(request, form, note, data)
                if saved is not None:
                    messages.success(request, _saved_message(note, saved, form, index_set))
                    return redirect("note-edit", note.round.slug, note.code)
    context = {"note": note, "round": note.round, "form": form, "dropped": dropped}
    return render(request, "budgetnotes/note_years.html", context)


def _save(request, form, note, data):
    try:
        return save_note(
            data,
            note=note,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            only=CHANGED,
            rows_by_id=True,
        )
    except Conflict as conflict:
        form.add_error(
            None,
            f"Notatet er gemt igen, siden du åbnede denne side (nu version "
            f"{conflict.current.version}). Intet er ændret; åbn siden igen for at se notatet, "
            "som det er nu.",
        )
    except NoteDataError as error:
        add_problems(form, error.problems)
    return None


def _saved_message(before, after, form, index_set):
    said = [
        f"{after.code} dækker nu {after.first_year}–{after.last_year} i {after.price_level} p/l"
    ]
    if after.allocations_first_year:
        said.append(
            f"tidligere afsatte midler vises for {after.allocations_first_year}–"
            f"{after.allocations_last_year}"
        )
    text = ", ".join(said) + f" (version {after.version})."
    return f"{text} {converted(before, after, form, index_set)}".strip()
