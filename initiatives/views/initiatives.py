"""Initiatives: list, read, create and edit (target groups and goals inline)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from budgetnotes import access
from budgetnotes.access import visibility_q
from budgetnotes.choices import Role
from budgetnotes.models import FundingLine
from initiatives.filters import InitiativeFilter
from initiatives.forms import GoalFormSet, InitiativeForm, TargetGroupFormSet, error_list
from initiatives.models import ExpiryAssessment, Initiative
from initiatives.tables import InitiativeTable
from initiatives.views.common import is_editor_of, require


def _initiatives():
    return Initiative.objects.select_related("administration", "parent")


@login_required
def initiative_list(request):
    filterset = InitiativeFilter(request.GET, queryset=_initiatives())
    table = InitiativeTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "can_create": access.has_role(request.user, Role.EDITOR)
        and request.user.administration_id is not None,
    }
    return render(request, "initiatives/initiative_list.html", context)


@login_required
def initiative_detail(request, pk):
    initiative = get_object_or_404(_initiatives(), pk=pk)
    user = request.user
    lines = (
        # Only the lines that count, as in every other total.
        FundingLine.objects.primary()
        .filter(visibility_q(user, "note__"), financing__initiative=initiative)
        .select_related("note__round", "committee", "appropriation_area__committee", "scenario")
        .prefetch_related("amounts")
        .order_by("-note__round__year", "note__code", "position")
    )
    notes = {}
    for line in lines:
        notes.setdefault(line.note, []).append(line)
    financing = [
        {"note": note, "table": note.economy_table(note_lines)}
        for note, note_lines in notes.items()
    ]
    assessments = (
        ExpiryAssessment.objects.filter(visibility_q(user), initiative=initiative)
        .select_related("round")
        .order_by("-round__year", "number")
    )
    context = {
        "initiative": initiative,
        "target_groups": initiative.target_groups.prefetch_related("goals"),
        "children": initiative.children.all(),
        "financing": financing,
        "assessments": assessments,
        "can_edit": is_editor_of(user, initiative.administration_id),
    }
    return render(request, "initiatives/initiative_detail.html", context)


def _goal_formsets(initiative, data=None):
    return (
        [
            GoalFormSet(data, instance=group, prefix=f"goals-{group.pk}")
            for group in initiative.target_groups.all()
        ]
        if initiative.pk
        else []
    )


@login_required
def initiative_edit(request, pk=None):
    if pk is None:
        require(
            access.has_role(request.user, Role.EDITOR)
            and request.user.administration_id is not None
        )
        initiative = Initiative(administration=request.user.administration)
    else:
        initiative = get_object_or_404(_initiatives(), pk=pk)
        require(is_editor_of(request.user, initiative.administration_id))
    data = request.POST if request.method == "POST" else None
    form = InitiativeForm(data, instance=initiative)
    groups = TargetGroupFormSet(data, instance=initiative, prefix="groups")
    goal_formsets = _goal_formsets(initiative, data)
    if data is not None and (
        form.is_valid() and groups.is_valid() and all(fs.is_valid() for fs in goal_formsets)
    ):
        deleted = {
            group_form.instance.pk
            for group_form in groups.forms
            if group_form.instance.pk and group_form.cleaned_data.get("DELETE")
        }
        with transaction.atomic():
            saved = form.save()
            for goals in goal_formsets:
                if goals.instance.pk not in deleted:
                    goals.save()
            groups.instance = saved
            groups.save()
        messages.success(request, _("Indsatsen er gemt."))
        return redirect(saved.get_absolute_url())
    goals_by_group = {formset.instance.pk: formset for formset in goal_formsets}
    group_rows = [
        (group_form, goals_by_group.get(group_form.instance.pk)) for group_form in groups.forms
    ]
    context = {
        "initiative": initiative,
        "form": form,
        "groups": groups,
        "group_rows": group_rows,
        "errors": error_list(form, groups, *goal_formsets) if data is not None else [],
    }
    return render(request, "initiatives/initiative_edit.html", context)
