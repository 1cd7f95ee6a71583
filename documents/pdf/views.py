"""PDF downloads. One note or sheet is rendered in a bounded render process
(documents.pdf.bounded); catalogues in the background (documents.pdf.jobs).

Access: login required; the export right (Redaktør, Godkender, Udvalgssekretær) or 403; a
note or sheet the user may not read is 404, and a catalogue holds only what the user may
read, and is handed out only while its owner may still read all of it.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from budgetnotes.access import can_export_pdf, can_view, visibility_q
from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote, BudgetRound, Committee, District
from budgetnotes.numbers import format_amount
from documents.models import CatalogueJob
from documents.pdf import bounded, documents, jobs
from documents.pdf.catalogue import expiry_queryset


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def message_page(request, status, heading, *texts, links=(), budget_round=None):
    """A Danish page that says why something was refused, and where to go instead."""
    return render(
        request,
        "pdf/message.html",
        {"heading": heading, "texts": texts, "links": links, "round": budget_round},
        status=status,
    )


def refused_render(request, refusal, what, budget_round, catalogue_url):
    """The Danish answer (503) when a bound stopped a single PDF (bounded.RenderRefused)."""
    contact = "kontakt din systemadministrator"
    if refusal.reason == bounded.RenderRefused.TOO_LARGE:
        megabytes = format_amount(settings.PDF_RENDER_MEMORY_MB)
        response = message_page(
            request,
            503,
            "PDF'en kræver for meget hukommelse",
            f"{what} fylder så meget, at PDF'en ville bruge mere end {megabytes} MB "
            "hukommelse, så den er ikke lavet.",
            "Gør indholdet mindre (fx færre finansieringslinjer eller kortere tekster), eller "
            f"{contact}.",
            budget_round=budget_round,
        )
    elif refusal.reason == bounded.RenderRefused.TOO_SLOW:
        response = message_page(
            request,
            503,
            "PDF'en tog for lang tid at lave",
            f"PDF'en af {what[0].lower()}{what[1:]} blev ikke færdig inden for "
            f"{settings.PDF_RENDER_TIMEOUT} sekunder og er stoppet, så serveren ikke går i stå.",
            "Prøv igen om lidt. Sker det igen, så lav den samlede PDF for runden (den laves i "
            f"baggrunden), eller {contact}.",
            links=[("Lav en samlet PDF", catalogue_url)],
            budget_round=budget_round,
        )
        response["Retry-After"] = "60"
    else:
        response = message_page(
            request,
            503,
            "Der laves allerede en PDF",
            "Serveren er optaget af at lave en anden PDF og nåede ikke at gå i gang med din "
            f"inden for {settings.PDF_RENDER_TIMEOUT} sekunder.",
            "Prøv igen om lidt.",
            budget_round=budget_round,
        )
        response["Retry-After"] = "10"
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
    html = documents.note_html(note, list(District.objects.all()))
    try:
        pdf = bounded.render_pdf(html)
    except bounded.RenderRefused as refusal:
        return refused_render(
            request,
            refusal,
            f"Notatet {note.code}",
            note.round,
            reverse("round-pdf", kwargs={"slug": slug}),
        )
    return pdf_response(pdf, f"{note.code}.pdf")


@login_required
def assessment_pdf_view(request, slug, number):
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    assessment = get_object_or_404(expiry_queryset(budget_round, request.user), number=number)
    if not can_export_pdf(request.user, assessment):
        raise PermissionDenied("Du har ikke ret til at udskrive PDF.")
    related = [other for other in assessment.related.all() if can_view(request.user, other)]
    html = documents.assessment_html(assessment, related)
    try:
        pdf = bounded.render_pdf(html)
    except bounded.RenderRefused as refusal:
        return refused_render(
            request,
            refusal,
            f"Vurderingen nr. {assessment.number}",
            budget_round,
            reverse("expiry-catalogue-pdf", kwargs={"slug": slug}),
        )
    return pdf_response(pdf, f"udloeb-{slug}-nr-{assessment.number}.pdf")


def start_page(request, context, status=200):
    context["active"] = list(jobs.active_jobs(request.user))
    context["limit"] = settings.PDF_JOBS_PER_USER
    return render(request, "pdf/start.html", context, status=status)


def _start(request, context, kind, title, filename, **options):
    try:
        job = jobs.start(request.user, context["round"], kind, title, filename, **options)
    except jobs.TooManyJobs as refusal:
        count = len(refusal.active)
        pdfs = "PDF" if count == 1 else "PDF'er"
        context["refused"] = (
            f"Du har allerede {count} {pdfs} i gang, og man kan "
            f"højst have {settings.PDF_JOBS_PER_USER} i gang ad gangen. Vent, til en af dem "
            "er færdig, og prøv så igen."
        )
        return start_page(request, context, status=429)
    return redirect("pdf-job", job_id=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def round_pdf_view(request, slug):
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    if not can_export_pdf(request.user):
        raise PermissionDenied("Du har ikke ret til at udskrive PDF.")
    notes = BudgetNote.objects.filter(round=budget_round).filter(visibility_q(request.user))
    committees = Committee.objects.filter(notes__in=notes).distinct().order_by("code")
    context = {
        "round": budget_round,
        "kind": "notes",
        "count": notes.count(),
        "committees": committees,
        "statuses": Status.choices,
    }
    if request.method == "POST":
        committee = request.POST.get("committee", "").upper()
        status = request.POST.get("status", "")
        if committee and not committees.filter(code=committee).exists():
            committee = ""
        if status not in Status.values:
            status = ""
        return _start(
            request,
            context,
            CatalogueJob.Kind.NOTES,
            f"Budgetnotater – {budget_round.name}",
            f"{budget_round.slug}-notater.pdf",
            committee=committee,
            status=status,
        )
    return start_page(request, context)


@login_required
@require_http_methods(["GET", "POST"])
def expiry_catalogue_pdf_view(request, slug):
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    if not can_export_pdf(request.user):
        raise PermissionDenied("Du har ikke ret til at udskrive PDF.")
    context = {
        "round": budget_round,
        "kind": "expiry",
        "count": expiry_queryset(budget_round, request.user).count(),
    }
    if request.method == "POST":
        return _start(
            request,
            context,
            CatalogueJob.Kind.EXPIRY,
            f"Vurdering af bevillingsudløb – {budget_round.name}",
            f"{budget_round.slug}-udloeb.pdf",
        )
    return start_page(request, context)


def retention_text():
    hours = int(settings.PDF_JOB_RETENTION.total_seconds() // 3600)
    return "1 time" if hours == 1 else f"{hours} timer"


def start_url(job):
    name = "expiry-catalogue-pdf" if job.kind == CatalogueJob.Kind.EXPIRY else "round-pdf"
    return reverse(name, kwargs={"slug": job.round.slug})


def _own_job(request, job_id):
    """(job, None) for the user's own job, with the time rules applied; else (None, page)."""
    job = CatalogueJob.objects.select_related("round").filter(pk=job_id, user=request.user).first()
    if job is None:
        return None, message_page(
            request,
            404,
            "PDF'en findes ikke",
            "Der er ingen PDF med denne adresse, som du har bestilt. Færdige PDF'er slettes "
            f"efter {retention_text()}.",
            links=[("Budgetrunder", reverse("round-list"))],
        )
    settled = jobs.settle(job)
    if settled == "expired":
        return None, message_page(
            request,
            410,
            "PDF'en er udløbet",
            f"Færdige PDF'er gemmes i {retention_text()}, så denne er slettet. "
            "Lav en ny, hvis du skal bruge den.",
            links=[("Lav en ny PDF", start_url(job))],
            budget_round=job.round,
        )
    if job.state == CatalogueJob.State.DONE:
        problem = jobs.access_problem(job, request.user)
        if problem:
            jobs.withdraw(job, problem)
    return job, None


def job_context(job):
    """What the job page and its status partial show; `seen` names the state shown, so a
    poll that finds nothing new gets no content."""
    return {
        "job": job,
        "round": job.round,
        "job_url": reverse("pdf-job", kwargs={"job_id": job.pk}),
        "status_url": reverse("pdf-job-status", kwargs={"job_id": job.pk}),
        "download_url": reverse("pdf-job-download", kwargs={"job_id": job.pk}),
        "start_url": start_url(job),
        "running": job.state in CatalogueJob.UNFINISHED,
        "retention": retention_text(),
        "seen": f"{job.state}-{job.done}-{job.total}",
    }


@login_required
def job_view(request, job_id):
    job, refused = _own_job(request, job_id)
    if refused:
        return refused
    return render(request, "pdf/job.html", job_context(job))


# htmx stops polling when an answer has this status (a success, so the partial is swapped in).
STOP_POLLING = 286


@login_required
@never_cache
def job_status_view(request, job_id):
    """The job page's status partial, polled by htmx while the job runs: no content while
    nothing changed, the partial with 286 once the job is finished (polling stops), and for
    a job that is gone or expired the refusal with HX-Refresh (the page reloads to say so)."""
    job, refused = _own_job(request, job_id)
    if refused:
        refused["HX-Refresh"] = "true"
        return refused
    context = job_context(job)
    if context["running"] and request.GET.get("seen") == context["seen"]:
        return HttpResponse(status=204)
    status = 200 if context["running"] else STOP_POLLING
    return render(request, "pdf/job_status.html", context, status=status)


@login_required
def job_download(request, job_id):
    job, refused = _own_job(request, job_id)
    if refused:
        return refused
    if job.state == CatalogueJob.State.WITHDRAWN:
        return message_page(
            request,
            403,
            "PDF'en er trukket tilbage",
            job.error,
            links=[("Lav en ny PDF", start_url(job))],
            budget_round=job.round,
        )
    handle = jobs.open_file(job) if job.state == CatalogueJob.State.DONE else None
    if handle is None:
        return message_page(
            request,
            404,
            "PDF'en er ikke klar",
            "PDF'en er ikke færdig, eller filen findes ikke længere.",
            links=[("Se PDF'ens side", reverse("pdf-job", kwargs={"job_id": job.pk}))],
            budget_round=job.round,
        )
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=job.filename or "katalog.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
