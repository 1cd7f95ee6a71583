"""PDF downloads. Each version of a note or sheet is rendered once by the task worker and
then served as a file (documents.pdf.versions); a download that comes first waits on a page
for it. The PDF sent to the committee stays downloadable as it was. Catalogues are made in the
background too (documents.pdf.jobs).

Access: login required; the export right (Redaktør, Godkender, Udvalgssekretær) or 403; a
note or sheet the user may not read is 404, and a catalogue holds only what the user may
read, and is handed out only while its owner may still read all of it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from budgetnotes.access import can_export_pdf, can_view, visibility_q
from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote, BudgetRound, Committee
from budgetnotes.pages.lookup import load_roles
from documents.models import CatalogueJob, RenderedPdf
from documents.pdf import jobs, versions
from documents.pdf.catalogue import expiry_queryset
from initiatives.models import ExpiryAssessment
from operations import access as access_log


def message_page(request, status, heading, *texts, links=(), budget_round=None):
    """A Danish page that says why something was refused, and where to go instead."""
    return render(
        request,
        "pdf/message.html",
        {"heading": heading, "texts": texts, "links": links, "round": budget_round},
        status=status,
    )


def serve_file(handle, filename):
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass
class Printed:
    """One note's or sheet's PDF as a reader asks for it (documents.pdf.versions)."""

    kind: str
    obj: object
    variant: str
    make_html: Callable  # () → (version, HTML) of the object as stored now
    filename: str
    what: str  # "BI22 Styrket efterværn", for the waiting page
    label: str  # "BI22", the last step of its breadcrumbs
    pdf_url: str
    status_url: str
    back_url: str
    budget_round: BudgetRound
    names: tuple = ()  # the other sheets the file names (a sheet's related ones)


def printed_or_waiting(request, printed):
    """The stored PDF of the current version; else the page that waits for it (202)."""
    row = versions.find(printed.kind, printed.obj, printed.variant)
    if row is None or not row.ready:
        row = versions.ask(
            printed.kind, printed.obj, printed.variant, printed.make_html, names=printed.names
        )
        if not row.ready:  # asked again: an immediate task backend has made it by now
            row.refresh_from_db(fields=["state", "file_name", "error", "started_at"])
    handle = versions.open_file(row) if row.ready else None
    if handle is not None:
        access_log.record(
            request, access_log.Action.PDF, "PDF hentet", printed.obj, label=printed.what
        )
        return serve_file(handle, printed.filename)
    context = waiting_context(printed, row)
    response = render(
        request, "pdf/waiting.html", context, status=503 if context["failed"] else 202
    )
    response["Retry-After"] = "30" if context["failed"] else str(settings.PDF_WAIT_POLL_SECONDS)
    return response


def waiting_context(printed, row):
    waited = (timezone.now() - row.created_at).total_seconds()
    return {
        "printed": printed,
        "row": row,
        "round": printed.budget_round,
        "failed": row.state == RenderedPdf.State.FAILED,
        "slow": row.state == RenderedPdf.State.WAITING and waited > settings.PDF_WAIT_WARN_SECONDS,
        "poll": settings.PDF_WAIT_POLL_SECONDS,
    }


def waiting_status(request, printed):
    """The waiting page's status, polled by htmx: HX-Redirect to the PDF once it is ready
    (the browser then opens it), the reason with 286 (polling stops) once it failed, no
    content while it is still being made. A plain visit (no htmx) goes to the PDF's address."""
    if not request.htmx:
        return redirect(printed.pdf_url)
    row = versions.find(printed.kind, printed.obj, printed.variant)
    if row is None:  # a newer version (or outdated): the PDF's own address asks anew
        response = HttpResponse(status=200)
        response["HX-Redirect"] = printed.pdf_url
        return response
    if row.ready:
        response = HttpResponse(status=200)
        response["HX-Redirect"] = printed.pdf_url
        return response
    context = waiting_context(printed, row)
    if context["failed"]:
        return render(request, "pdf/waiting_status.html", context, status=STOP_POLLING)
    if context["slow"]:
        return render(request, "pdf/waiting_status.html", context)
    return HttpResponse(status=204)


def readable_note(request, slug, code):
    load_roles(request.user)  # the access checks ask for the roles more than once
    note = get_object_or_404(
        BudgetNote.objects.visible_to(request.user).select_related("round"),
        round__slug=slug,
        code=code,
    )
    if not can_export_pdf(request.user, note):
        raise PermissionDenied("Du har ikke ret til at udskrive PDF.")
    return note


def note_printed(note):
    return Printed(
        kind=RenderedPdf.Kind.NOTE,
        obj=note,
        variant=versions.note_variant(),
        make_html=lambda: versions.note_html_now(note.pk),
        filename=f"{note.code}.pdf",
        what=f"{note.code} {note.title}",
        label=note.code,
        budget_round=note.round,
        **addresses("note-pdf", note.get_absolute_url(), slug=note.round.slug, code=note.code),
    )


def addresses(url_name, back_url, **kwargs):
    """A Printed's three addresses: the PDF, its waiting page's status, and the object."""
    return {
        "pdf_url": reverse(url_name, kwargs=kwargs),
        "status_url": reverse(f"{url_name}-status", kwargs=kwargs),
        "back_url": back_url,
    }


@login_required
@never_cache
def note_pdf_view(request, slug, code):
    return printed_or_waiting(request, note_printed(readable_note(request, slug, code)))


@login_required
@never_cache
def note_pdf_status(request, slug, code):
    return waiting_status(request, note_printed(readable_note(request, slug, code)))


def sent_pdf(request, printed, version):
    """The PDF that went to the committee when the object was sent at `version`, as it was;
    only to a reader who may see every other sheet it names."""
    row = next(
        (row for row in versions.frozen(printed.kind, printed.obj.pk) if row.version == version),
        None,
    )
    if row is not None and row.names:
        readable = ExpiryAssessment.objects.filter(pk__in=row.names).filter(
            visibility_q(request.user)
        )
        if readable.count() != len(set(row.names)):
            row = None  # it names a sheet this reader may not see: as if it were not there
    handle = versions.open_file(row) if row is not None and row.ready else None
    if handle is None:
        return message_page(
            request,
            404,
            "Den fremsendte PDF findes ikke",
            f"Der er ingen fremsendt PDF af {printed.label} i version {version}, som du kan "
            "hente, eller den er ikke færdig endnu.",
            links=[(f"Tilbage til {printed.label}", printed.back_url)],
            budget_round=printed.budget_round,
        )
    stem = printed.filename.removesuffix(".pdf")
    purpose = f"Fremsendt PDF hentet (version {version})"
    access_log.record(request, access_log.Action.PDF, purpose, printed.obj, label=printed.what)
    return serve_file(handle, f"{stem}-fremsendt-version-{version}.pdf")


@login_required
@never_cache
def sent_note_pdf(request, slug, code, version):
    return sent_pdf(request, note_printed(readable_note(request, slug, code)), version)


@login_required
@never_cache
def sent_assessment_pdf(request, slug, number, version):
    assessment = readable_assessment(request, slug, number)
    return sent_pdf(request, assessment_printed(request, assessment), version)


def readable_assessment(request, slug, number):
    load_roles(request.user)
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    assessment = get_object_or_404(
        ExpiryAssessment.objects.filter(round=budget_round)
        .filter(visibility_q(request.user))
        .select_related("round")
        .prefetch_related("related"),
        number=number,
    )
    if not can_export_pdf(request.user, assessment):
        raise PermissionDenied("Du har ikke ret til at udskrive PDF.")
    return assessment


def assessment_printed(request, assessment):
    related = [other for other in assessment.related.all() if can_view(request.user, other)]
    budget_round = assessment.round
    back_url = reverse(
        "assessment-detail", kwargs={"slug": budget_round.slug, "number": assessment.number}
    )
    return Printed(
        kind=RenderedPdf.Kind.ASSESSMENT,
        obj=assessment,
        variant=versions.assessment_variant(related),
        make_html=lambda: versions.assessment_html_now(assessment.pk, related),
        filename=f"udloeb-{budget_round.slug}-nr-{assessment.number}.pdf",
        what=f"Nr. {assessment.number} {assessment.title}",
        label=f"Nr. {assessment.number}",
        budget_round=budget_round,
        names=tuple(other.pk for other in related),
        **addresses("assessment-pdf", back_url, slug=budget_round.slug, number=assessment.number),
    )


@login_required
@never_cache
def assessment_pdf_view(request, slug, number):
    assessment = readable_assessment(request, slug, number)
    return printed_or_waiting(request, assessment_printed(request, assessment))


@login_required
@never_cache
def assessment_pdf_status(request, slug, number):
    assessment = readable_assessment(request, slug, number)
    return waiting_status(request, assessment_printed(request, assessment))


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
    access_log.record(
        request, access_log.Action.PDF, f"Samlet PDF hentet ({job.filename})", job.round
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
