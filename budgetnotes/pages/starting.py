"""Nyt notat on a round and Kopiér til … on a note: the forms, then services.starting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from budgetnotes import access, totals
from budgetnotes.models import BudgetNote, BudgetRound, PriceIndexSet
from budgetnotes.pages.lookup import load_roles, note_or_404
from budgetnotes.pages.start_forms import (
    CONVERT,
    CopyForm,
    NewNoteForm,
    add_problems,
    dropped_confirmed,
)
from budgetnotes.services import NoteDataError
from budgetnotes.services.reshaping import CannotConvert
from budgetnotes.services.starting import (
    YEARS_AHEAD,
    copy_plan,
    save_copy,
    start_note,
    suggested_code,
    usual_committee,
)


@login_required
def note_new(request, slug):
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    load_roles(request.user)
    if not access.can_create(request.user, budget_round):
        raise PermissionDenied("Du kan ikke oprette notater i denne runde.")
    form = NewNoteForm(
        request.POST or None, user=request.user, initial=_new_initial(request, budget_round)
    )
    if request.method == "POST" and form.is_valid():
        try:
            note = start_note(budget_round=budget_round, user=request.user, **form.cleaned_data)
        except NoteDataError as error:
            add_problems(form, error.problems)
        else:
            messages.success(request, f"{note.code} er oprettet som kladde. Skriv notatet her.")
            return redirect("note-edit", budget_round.slug, note.code)
    return render(request, "budgetnotes/note_new.html", {"round": budget_round, "form": form})


def _new_initial(request, budget_round):
    administration = request.user.administration
    initial = {
        "first_year": budget_round.first_year,
        "last_year": budget_round.first_year + YEARS_AHEAD,
        "price_level": budget_round.first_year,
    }
    if administration is not None:
        initial |= {
            "administration": administration,
            "code": suggested_code(budget_round, administration),
            "committee": usual_committee(administration),
        }
    return initial


def can_copy(user, note):
    """Editors of the note's administration copy it (into a round they may write in)."""
    return access.can_create(user) and (
        user.is_superuser or user.administration_id == note.administration_id
    )


@login_required
def note_copy(request, slug, code):
    note = note_or_404(request, slug, code, BudgetNote.objects.with_everything())
    if not can_copy(request.user, note):
        raise PermissionDenied("Du kan kun kopiere din egen forvaltnings notater.")
    form = CopyForm(request.POST or None, user=request.user, initial=_copy_initial(request, note))
    dropped = []
    if request.method == "POST" and form.is_valid():
        index_set = PriceIndexSet.objects.current()  # once: the one converted with and named
        target = form.cleaned_data["target_round"]
        try:
            data, dropped = copy_plan(
                note,
                budget_round=target,
                code=form.cleaned_data["code"],
                first_year=form.cleaned_data["first_year"],
                last_year=form.cleaned_data["last_year"],
                price_level=form.cleaned_data["price_level"],
                convert=form.cleaned_data["amounts"] == CONVERT,
                indices=index_set.table() if index_set else {},
            )
        except totals.MissingPriceIndex as error:
            form.add_error("price_level", str(error))
        except CannotConvert as error:
            form.add_error("amounts", str(error))
        else:
            if dropped_confirmed(form, dropped):
                try:
                    copy = save_copy(note, data, request.user)
                except NoteDataError as error:
                    add_problems(form, error.problems)
                else:
                    said = f"{note.code} er kopieret til {target.name} som {copy.code}."
                    converted_by = converted(note, copy, form, index_set)
                    messages.success(request, f"{said} {converted_by}".strip())
                    return redirect("note-edit", target.slug, copy.code)
    context = {"note": note, "round": note.round, "form": form, "dropped": dropped}
    return render(request, "budgetnotes/note_copy.html", context)


def converted(before, after, form, index_set):
    """What the success message says about the figures' price level, naming the index set."""
    if before.price_level == after.price_level:
        return ""
    if form.cleaned_data["amounts"] != CONVERT:
        return f"Tallene er beholdt og står nu som {after.price_level} p/l."
    return (
        f"Beløbene er omregnet fra {before.price_level} til {after.price_level} p/l med "
        f"prisindekset »{index_set}«."
    )


def _copy_initial(request, note):
    rounds = access.writable_rounds(request.user).exclude(pk=note.round_id)
    target = rounds.filter(year__gt=note.round.year).order_by("year").first() or rounds.first()
    if target is None:
        return {}
    taken = BudgetNote.objects.filter(round=target, code=note.code).exists()
    shift = target.first_year - note.round.first_year
    return {
        "target_round": target,
        "code": suggested_code(target, note.administration) if taken else note.code,
        "first_year": note.first_year + shift,
        "last_year": note.last_year + shift,
        "price_level": target.first_year,
        "amounts": CONVERT,
    }
