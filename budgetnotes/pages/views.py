from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from budgetnotes.models import BudgetNote, BudgetRound


@login_required
def round_list(request):
    return render(request, "budgetnotes/round_list.html", {"rounds": BudgetRound.objects.all()})


@login_required
def round_detail(request, slug):
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    notes = BudgetNote.objects.filter(round=budget_round).visible_to(request.user).with_economy()
    return render(request, "budgetnotes/round_detail.html", {"round": budget_round, "notes": notes})


@login_required
def note_detail(request, slug, code):
    note = get_object_or_404(
        BudgetNote.objects.visible_to(request.user).with_everything(),
        round__slug=slug,
        code=code,
    )
    return render(request, "budgetnotes/note_detail.html", {"note": note})
