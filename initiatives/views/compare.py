"""*Sammenlign versioner* of an expiry assessment (initiatives.expiry.comparison), read by
exactly who may read the sheet (404 otherwise), with the note page's version picker."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from budgetnotes.pages.compare import common_shortcuts, compare_context
from initiatives.expiry import comparison
from initiatives.views.common import get_assessment


@login_required
def assessment_compare(request, slug, number):
    assessment = get_assessment(request, slug, number)
    context = compare_context(request, assessment, comparison, common_shortcuts)
    context |= {"assessment": assessment, "round": assessment.round}
    return render(request, "initiatives/assessment_compare.html", context)
