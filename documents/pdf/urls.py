"""PDF downloads."""

from django.urls import path

from documents.pdf import review, views

urlpatterns = [
    path("pdf/job/<uuid:job_id>/", views.job_view, name="pdf-job"),
    path("pdf/job/<uuid:job_id>/status/", views.job_status_view, name="pdf-job-status"),
    path("pdf/job/<uuid:job_id>/hent/", views.job_download, name="pdf-job-download"),
    path("<slug:slug>/<code:code>/pdf/", views.note_pdf_view, name="note-pdf"),
    path("<slug:slug>/<code:code>/pdf/status/", views.note_pdf_status, name="note-pdf-status"),
    path(
        "<slug:slug>/<code:code>/pdf/fremsendt/<int:version>/",
        views.sent_note_pdf,
        name="note-pdf-sent",
    ),
    path(
        "<slug:slug>/<code:code>/kommentarer/pdf/",
        review.review_sheet_pdf,
        name="note-review-sheet",
    ),
    path("<slug:slug>/pdf/", views.round_pdf_view, name="round-pdf"),
    path("<slug:slug>/udloeb/pdf/", views.expiry_catalogue_pdf_view, name="expiry-catalogue-pdf"),
    path("<slug:slug>/udloeb/<int:number>/pdf/", views.assessment_pdf_view, name="assessment-pdf"),
    path(
        "<slug:slug>/udloeb/<int:number>/pdf/status/",
        views.assessment_pdf_status,
        name="assessment-pdf-status",
    ),
    path(
        "<slug:slug>/udloeb/<int:number>/pdf/fremsendt/<int:version>/",
        views.sent_assessment_pdf,
        name="assessment-pdf-sent",
    ),
]
