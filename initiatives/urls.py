"""Initiative and expiry pages. Included before the page routes.

`<slug>/udloeb/pdf/` and `<slug>/udloeb/<number>/pdf/` belong to documents.pdf.
"""

from django.urls import path

from initiatives.views import assessments, compare, initiatives, worklist

urlpatterns = [
    path("indsatser/", initiatives.initiative_list, name="initiative-list"),
    path("indsatser/ny/", initiatives.initiative_edit, name="initiative-create"),
    path("indsatser/<int:pk>/", initiatives.initiative_detail, name="initiative-detail"),
    path("indsatser/<int:pk>/rediger/", initiatives.initiative_edit, name="initiative-edit"),
    path("<slug:slug>/udloeb/", worklist.worklist, name="expiry-worklist"),
    path("<slug:slug>/udloeb/opret/", worklist.create_from_worklist, name="expiry-create"),
    path("<slug:slug>/udloeb/vurderinger/", worklist.assessment_list, name="assessment-list"),
    path(
        "<slug:slug>/udloeb/<int:number>/", assessments.assessment_detail, name="assessment-detail"
    ),
    path(
        "<slug:slug>/udloeb/<int:number>/rediger/",
        assessments.assessment_edit,
        name="assessment-edit",
    ),
    path(
        "<slug:slug>/udloeb/<int:number>/historik/",
        assessments.assessment_history,
        name="assessment-history",
    ),
    path(
        "<slug:slug>/udloeb/<int:number>/status/",
        assessments.assessment_workflow,
        name="assessment-workflow",
    ),
    path(
        "<slug:slug>/udloeb/<int:number>/notat/",
        assessments.assessment_follow_up,
        name="assessment-follow-up",
    ),
    path(
        "<slug:slug>/udloeb/<int:number>/sammenlign/",
        compare.assessment_compare,
        name="assessment-compare",
    ),
]
