"""The expiry worklist of a round and the round view of its assessments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from budgetnotes import access, totals
from budgetnotes.access import visibility_q
from initiatives import expiry
from initiatives.filters import AssessmentFilter
from initiatives.models import ExpiryAssessment, ExpiryGroup
from initiatives.tables import AssessmentTable
from initiatives.views.common import get_round, is_editor_of, require


def _round_assessments(budget_round, user):
    return expiry.with_economy(
        ExpiryAssessment.objects.filter(visibility_q(user), round=budget_round)
    ).order_by("number")


@login_required
def worklist(request, slug):
    budget_round = get_round(slug)
    user = request.user
    items = expiry.expiring_items(budget_round, user)
    writable = access.round_is_writable(user, budget_round)
    for item in items:
        item.can_create = (
            writable and item.assessment is None and is_editor_of(user, item.note.administration_id)
        )
    assessments = list(_round_assessments(budget_round, user))
    years = expiry.proposed_years(assessments)
    catalogue = []
    for value, label in ExpiryGroup.choices:
        rows = [
            {
                "assessment": assessment,
                "table": totals.Table(years, assessment.proposed_table.lines),
            }
            for assessment in assessments
            if assessment.group == value
        ]
        if rows:
            catalogue.append({"label": label, "rows": rows})
    context = {
        "round": budget_round,
        "expiry_year": expiry.expiry_year(budget_round),
        "groups": expiry.group_by_origin(items),
        "catalogue": catalogue,
        "years": years,
        "verdict_sums": expiry.sums_by_verdict(assessments, years),
        "total": expiry.combine([a.proposed_table for a in assessments], years),
        "count": len(assessments),
        "can_export_pdf": access.can_export_pdf(user),
    }
    return render(request, "initiatives/worklist.html", context)


@login_required
@require_POST
def create_from_worklist(request, slug):
    budget_round = get_round(slug)
    try:
        note_id = int(request.POST.get("note", ""))
    except ValueError:
        raise Http404 from None
    items = [i for i in expiry.expiring_items(budget_round, request.user) if i.note.pk == note_id]
    if not items:
        raise Http404(_("Notatet udløber ikke før runden."))
    item = items[0]
    require(is_editor_of(request.user, item.note.administration_id))
    if not access.round_is_writable(request.user, budget_round):
        messages.error(request, access.closed_round_message(budget_round))
        return redirect("expiry-worklist", budget_round.slug)
    assessment, created = expiry.create_from_worklist(budget_round, item, request.user)
    if created:
        messages.success(
            request,
            _("Vurdering nr. %(number)s er oprettet ud fra %(code)s. Udfyld den faglige vurdering.")
            % {"number": assessment.number, "code": item.note.code},
        )
        return redirect("assessment-edit", budget_round.slug, assessment.number)
    messages.info(request, _("Vurderingen findes allerede."))
    return redirect(assessment.get_absolute_url())


@login_required
def assessment_list(request, slug):
    budget_round = get_round(slug)
    queryset = _round_assessments(budget_round, request.user)
    filterset = AssessmentFilter(request.GET, queryset=queryset)
    assessments = list(filterset.qs)
    table = AssessmentTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    years = expiry.proposed_years(assessments)
    context = {
        "round": budget_round,
        "filter": filterset,
        "table": table,
        "count": len(assessments),
        "years": years,
        "verdict_sums": expiry.sums_by_verdict(assessments, years),
        "area_sums": expiry.sums_by_steering_area(assessments, years),
        "can_export_pdf": access.can_export_pdf(request.user),
    }
    return render(request, "initiatives/assessment_list.html", context)
