"""*Sammenlign versioner* of an expiry assessment (initiatives.expiry.comparison), read by
exactly who may read the sheet (404 otherwise), with the note page's version picker."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from budgetnotes.pages.compare import common_shortcuts, pick
from initiatives.expiry import comparison
from initiatives.views.common import get_assessment


@login_required
def assessment_compare(request, slug, number):
    assessment = get_assessment(request, slug, number)
    all_versions = comparison.versions(assessment)
    context = {"assessment": assessment, "round": assessment.round, "versions": all_versions}
    if len(all_versions) >= 2:
        old, new, problem = pick(request, all_versions)
        context |= {
            "old_number": old,
            "new_number": new,
            "problem": problem,
            "shortcuts": common_shortcuts(all_versions),
            "comparison": comparison.compare(
                comparison.snapshot(assessment, old, all_versions),
                comparison.snapshot(assessment, new, all_versions),
            ),
        }
    return render(request, "initiatives/assessment_compare.html", context)
