"""PDF downloads. One note or sheet is rendered in the request; catalogues in the background.

Access: login required; the export right (Redaktør, Godkender, Udvalgssekretær) or 403; a
note or sheet the user may not read is 404, and a catalogue holds only what the user may read.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from budgetnotes.access import can_export_pdf, can_view, visibility_q
from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote, BudgetRound, Committee
from budgetnotes.pdf import jobs
from budgetnotes.pdf.catalogue import assessment_pdf, expiry_queryset, note_pdf


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def note_pdf_view(request, slug, code):
    note = get_object_or_404(
        BudgetNote.objects.visible_to(request.user).with_everything(),
        round__slug=slug,
        code=code,
    )
    if not can_export_pdf(request.user, note):
        raise PermissionDenied("Du har ikke ret til at udskrive PDF.")
    return pdf_response(note_pdf(note), f"{note.code}.pdf")


@login_required
def assessment_pdf_view(request, slug, number):
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    assessment = get_object_or_404(expiry_queryset(budget_round, request.user), number=number)
    if not can_export_pdf(request.user, assessment):
        raise PermissionDenied("Du har ikke ret til at udskrive PDF.")
    related = [other for other in assessment.related.all() if can_view(request.user, other)]
    return pdf_response(
        assessment_pdf(assessment, related), f"udloeb-{slug}-nr-{assessment.number}.pdf"
    )


def _start(request, budget_round, kind, title, filename, **options):
    from budgetnotes.tasks import make_catalogue_pdf

    job_id = jobs.create(request.user, kind, budget_round.slug, title, filename, **options)
    result = make_catalogue_pdf.enqueue(job_id)
    if (jobs.read(job_id) or {}).get("state") == "queued":
        jobs.update(job_id, task_id=str(result.id))
    return redirect("pdf-job", job_id=job_id)


@login_required
@require_http_methods(["GET", "POST"])
def round_pdf_view(request, slug):
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    if not can_export_pdf(request.user):
        raise PermissionDenied("Du har ikke ret til at udskrive PDF.")
    notes = BudgetNote.objects.filter(round=budget_round).filter(visibility_q(request.user))
    committees = Committee.objects.filter(notes__in=notes).distinct().order_by("code")
    if request.method == "POST":
        committee = request.POST.get("committee", "").upper()
        status = request.POST.get("status", "")
        if committee and not committees.filter(code=committee).exists():
            committee = ""
        if status not in Status.values:
            status = ""
        return _start(
            request,
            budget_round,
            "notes",
            f"Budgetnotater – {budget_round.name}",
            f"{budget_round.slug}-notater.pdf",
            committee=committee,
            status=status,
        )
    return render(
        request,
        "pdf/start.html",
        {
            "round": budget_round,
            "kind": "notes",
            "count": notes.count(),
            "committees": committees,
            "statuses": Status.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def expiry_catalogue_pdf_view(request, slug):
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    if not can_export_pdf(request.user):
        raise PermissionDenied("Du har ikke ret til at udskrive PDF.")
    if request.method == "POST":
        return _start(
            request,
            budget_round,
            "expiry",
            f"Vurdering af bevillingsudløb – {budget_round.name}",
            f"{budget_round.slug}-udloeb.pdf",
        )
    return render(
        request,
        "pdf/start.html",
        {
            "round": budget_round,
            "kind": "expiry",
            "count": expiry_queryset(budget_round, request.user).count(),
        },
    )


def _own_job(request, job_id):
    state = jobs.read(job_id)
    if state is None or state.get("user_id") != request.user.pk:
        raise Http404("Ukendt PDF-job.")
    return state


@login_required
def job_view(request, job_id):
    state = _own_job(request, job_id)
    total = state.get("total") or 0
    percent = int(100 * state.get("done", 0) / total) if total else 0
    return render(
        request,
        "pdf/job.html",
        {
            "job": state,
            "percent": percent,
            "download_url": reverse("pdf-job-download", kwargs={"job_id": job_id}),
            "running": state.get("state") in ("queued", "running"),
        },
    )


@login_required
def job_download(request, job_id):
    state = _own_job(request, job_id)
    path = jobs.pdf_path(job_id)
    if state.get("state") != "done" or not path.exists():
        raise Http404("PDF'en er ikke færdig.")
    return FileResponse(
        path.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=state.get("filename") or "katalog.pdf",
    )
